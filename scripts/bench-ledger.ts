/**
 * `npm run bench:ledger`: what the ledger costs and sustains, with autocannon as the load generator and the servers
 * in a process of their own (scripts/bench-servers.ts), on loopback:
 * - a confirm that the ledger answers (a paid bill: no upstream call), 8 connections, through the Node proxy with its
 *   ledger in an SQLite file and its JSON log on, against the standalone simulator answering a bare confirm;
 * - a pending confirm within the 2 s gap (the ledger's last known state, no upstream call);
 * - the ledger's write path: bills recorded per second into a file.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../proxy/ledger/libsql.ts';

const DURATION = 5;
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-servers.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
process.on('exit', () => child.kill());
const urls: { simulator: string; proxy: string } = await new Promise((resolve) =>
  child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).trim().split('\n').pop()!))),
);

async function create(ref1: string) {
  const res = await fetch(`${urls.proxy}/v1/payments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 50, ref1 }) });
  return (await res.json()) as { id: string; token: string };
}
const confirmOf = (bill: { id: string; token: string }) => ({
  url: `${urls.proxy}/v1/payments/${bill.id}/confirm`,
  method: 'POST' as const,
  headers: { 'content-type': 'text/plain' },
  body: JSON.stringify({ token: bill.token }),
});

async function run(name: string, options: autocannon.Options) {
  await autocannon({ connections: 8, duration: 1, ...options }); // warm up
  const result = await autocannon({ connections: 8, duration: DURATION, ...options });
  const rps = Math.round(result.requests.average);
  const errors = result.errors + result.non2xx;
  console.log(`${name.padEnd(78)} ${String(rps).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms${errors ? `  ${errors} errors` : ''}`);
  return rps;
}

const paid = await create('bench-paid');
child.stdin.write(`${paid.id}\n`);
await new Promise((r) => setTimeout(r, 100));
await fetch(confirmOf(paid).url, confirmOf(paid));
const pending = await create('bench-pending');
const q = new URLSearchParams({ username: 'sandbox', password: 'sandbox-password', con_id: '1', method: 'confirm', id_pay: paid.id, ip: '127.0.0.1' });

const bare = await run('simulator alone: a bare confirm, 8 connections', { url: `${urls.simulator}/api_mn.php?${q}` });
const ledgerPaid = await run('Node proxy: confirm of a paid bill (the ledger answers, no upstream call)', confirmOf(paid));
const ledgerPending = await run('Node proxy: confirm of a pending bill within the 2 s gap', confirmOf(pending));
console.log(`paid confirm through the proxy / bare simulator confirm: ${(ledgerPaid / bare).toFixed(2)}× (goal ≥ 0.2×)`);
console.log(`pending confirm through the proxy / bare simulator confirm: ${(ledgerPending / bare).toFixed(2)}×`);
child.kill();

const dir = await mkdtemp(join(tmpdir(), 'maemanee-bench-'));
const ledger = await openSqliteLedger(join(dir, 'writes.sqlite'));
const N = 2000;
const started = performance.now();
for (let i = 0; i < N; i++) {
  const t = Date.now();
  await ledger.recordBill({ id: String(i), ref1: 'w', amount: 1, expiresAt: t + 600_000, orderKey: null, sandbox: false, clientIp: '127.0.0.1', createdAt: t, nextCheckAt: t + 40_000 });
}
console.log(`ledger writes, one at a time into an SQLite file (WAL): ${Math.round(N / ((performance.now() - started) / 1000))} bills/s`);
ledger.close();

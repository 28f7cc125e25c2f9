/**
 * `npm run bench:ledger`: what the ledger costs and sustains, with autocannon as the load generator, on loopback.
 * - a confirm that the ledger answers (a paid bill: no upstream call), 8 connections, through the Node proxy with its
 *   ledger in an SQLite file, against the standalone simulator answering a bare confirm in the same run;
 * - a pending confirm within the 2 s gap (the ledger's last known state, no upstream call);
 * - the ledger's own write path: bills recorded per second into the file.
 * Prints a table; docs/scaling.md quotes it.
 */
import autocannon from 'autocannon';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../proxy/ledger/libsql.ts';
import { startNodeProxy } from '../proxy/runtime/node.ts';
import { listen } from '../proxy/runtime/node-listen.ts';
import { createSimulatorHost, Simulator } from '../proxy/sandbox/index.ts';

const DURATION = 5;
const dir = await mkdtemp(join(tmpdir(), 'maemanee-bench-'));
const simulator = new Simulator();
const host = await listen(createSimulatorHost(simulator).app.fetch);
const proxy = await startNodeProxy(
  {
    TMWEASY_USER: 'sandbox',
    TMWEASY_PASSWORD: 'sandbox-password',
    TMWEASY_CON_ID: '1',
    MAEMANEE_SECRET: 'bench-secret-0123456789abcdef-0123456789',
    MAEMANEE_UPSTREAM: `${host.url}/api_mn.php`,
    MAEMANEE_RATE_LIMIT: '100000000',
    MAEMANEE_DB: join(dir, 'ledger.sqlite'),
  },
  0,
  { log: () => {} },
);

async function create(ref1: string) {
  const res = await fetch(`${proxy.url}/v1/payments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 50, ref1 }) });
  return (await res.json()) as { id: string; token: string };
}
const confirmOf = (bill: { id: string; token: string }) => ({
  url: `${proxy.url}/v1/payments/${bill.id}/confirm`,
  method: 'POST' as const,
  headers: { 'content-type': 'text/plain' },
  body: JSON.stringify({ token: bill.token }),
});

async function run(name: string, options: autocannon.Options) {
  const result = await autocannon({ connections: 8, duration: DURATION, ...options });
  const line = { name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
  console.log(`${name.padEnd(70)} ${String(line.rps).padStart(7)} req/s  p50 ${line.p50} ms  p99 ${line.p99} ms${line.errors ? `  ${line.errors} errors` : ''}`);
  return line;
}

const paid = await create('bench-paid');
simulator.pay(paid.id);
await fetch(confirmOf(paid).url, confirmOf(paid));
const pending = await create('bench-pending');
const q = new URLSearchParams({ username: 'sandbox', password: 'sandbox-password', con_id: '1', method: 'confirm', id_pay: paid.id, ip: '127.0.0.1' });

const bare = await run('simulator alone: a bare confirm', { url: `${host.url}/api_mn.php?${q}` });
const ledgerPaid = await run('Node proxy: confirm of a paid bill (ledger answers, no upstream call)', confirmOf(paid));
const ledgerPending = await run('Node proxy: confirm of a pending bill within the 2 s gap (mostly the ledger)', confirmOf(pending));
console.log(`paid confirm through the proxy / bare simulator confirm: ${(ledgerPaid.rps / bare.rps).toFixed(2)}× (goal ≥ 0.2×)`);
console.log(`pending confirm through the proxy / bare simulator confirm: ${(ledgerPending.rps / bare.rps).toFixed(2)}×`);

const ledger = await openSqliteLedger(join(dir, 'writes.sqlite'));
const started = performance.now();
const N = 2000;
for (let i = 0; i < N; i++) {
  const t = Date.now();
  await ledger.recordBill({ id: String(i), ref1: 'w', amount: 1, expiresAt: t + 600_000, orderKey: null, sandbox: false, clientIp: '127.0.0.1', createdAt: t, nextCheckAt: t + 40_000 });
}
const perSecond = N / ((performance.now() - started) / 1000);
console.log(`ledger writes, one at a time into the SQLite file (WAL): ${Math.round(perSecond)} bills/s`);
ledger.close();
await proxy.close();
await host.close();

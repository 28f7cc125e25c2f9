/**
 * What the proxy costs against the simulator alone, in the same run, with autocannon generating the load from this
 * process and the simulator and the proxy each in a process of their own, as `npm run sandbox` and `npm run proxy`
 * run them: creating a bill, checking a pending bill, and a confirm that the ledger answers.
 */
import autocannon from 'autocannon';
import { startBenchServers } from './servers-process.ts';
import { row } from './table.ts';

const DURATION = 4;
const UPSTREAM = { username: 'sandbox', password: 'sandbox-password', con_id: '1' };

export type Load = { rps: number; p50: number; p99: number; errors: number };

export async function measure(options: autocannon.Options, connections: number, duration = DURATION): Promise<Load> {
  await autocannon({ ...options, connections, duration: 1 }); // warm up
  const r = await autocannon({ ...options, connections, duration });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}
export const fmt = (l: Load) => `${Math.round(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms${l.errors ? `, ${l.errors} errors` : ''}`;
/** A POST as a browser's create or confirm sends it: a CORS simple request, JSON as text/plain. */
export const post = (url: string, body: object) => ({ url, method: 'POST' as const, headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
/** A pending bill made through a proxy, with its payment token. */
export const create = async (proxy: string, ref1: string) => (await (await fetch(`${proxy}/v1/payments`, post(`${proxy}/v1/payments`, { amount: 50, ref1 }))).json()) as { id: string; token: string };

export async function proxyLoad(): Promise<void> {
  // The product's check gap (2 s), and a proxy with none, whose every pending check asks the upstream.
  const servers = await startBenchServers();
  const eager = await startBenchServers({ MAEMANEE_CHECK_GAP_MS: '0' });
  try {
    const query = (base: string, params: Record<string, string>) => `${base}/api_mn.php?${new URLSearchParams({ ...UPSTREAM, ...params })}`;

    // Creating: the browser's one call against the two upstream calls the proxy makes for it.
    const directCreate: autocannon.Options = {
      url: servers.simulator,
      requests: [
        {
          path: `/api_mn.php?${new URLSearchParams({ ...UPSTREAM, method: 'create_pay', amount: '50', ref1: 'bench' })}`,
          onResponse: (_status, body, context) => void ((context as { id?: string }).id = JSON.parse(body).id_pay),
        },
        { setupRequest: (req, context) => ({ ...req, path: `/api_mn.php?${new URLSearchParams({ ...UPSTREAM, method: 'detail_pay', id_pay: (context as { id: string }).id, qr: '1' })}` }) },
      ],
    };
    const d = await measure(directCreate, 8);
    const p = await measure(post(`${servers.proxy}/v1/payments`, { amount: 50, ref1: 'bench' }), 8);
    row('create, 8 connections: simulator called directly (create_pay, then detail_pay with QR)', fmt({ ...d, rps: d.rps / 2 }), 'two upstream calls counted as one payment');
    row('create, 8 connections: through the Node proxy (ledger write included)', fmt(p), `proxy/direct: ${(p.rps / (d.rps / 2)).toFixed(2)}×`);

    // A pending check that asks the upstream (no gap): one confirm, the ledger knowing the expiry.
    const pending = await create(eager.proxy, 'bench-pending');
    const bare = await measure({ url: query(eager.simulator, { method: 'confirm', id_pay: pending.id, ip: '127.0.0.1' }) }, 8);
    const origin = { origin: 'https://shop.example' };
    const asks = await measure(post(`${eager.proxy}/v1/payments/${pending.id}/confirm`, { token: pending.token }), 8);
    row('confirm, 8 connections: the simulator alone answering a bare confirm', fmt(bare));
    row('confirm of a pending bill, 8 connections, every check asking the upstream (check gap 0)', fmt(asks), `${(asks.rps / bare.rps).toFixed(2)}× the bare confirm`);

    // With the product's 2 s gap: callers in between get the ledger's last known state.
    const gapPending = await create(servers.proxy, 'bench-gap');
    const inGap = await measure(post(`${servers.proxy}/v1/payments/${gapPending.id}/confirm`, { token: gapPending.token }), 8);
    row('confirm of a pending bill, 8 connections, default 2 s check gap (the ledger answers between)', fmt(inGap), `${(inGap.rps / bare.rps).toFixed(2)}× the bare confirm`);

    const paid = await create(servers.proxy, 'bench-paid');
    await servers.pay(paid.id);
    await fetch(`${servers.proxy}/v1/payments/${paid.id}/confirm`, post('', { token: paid.token }));
    const ledger = await measure(post(`${servers.proxy}/v1/payments/${paid.id}/confirm`, { token: paid.token }), 8);
    row('confirm the ledger answers (a paid bill, no upstream call), 8 connections, no Origin header (a server, curl)', fmt(ledger), `${(ledger.rps / bare.rps).toFixed(2)}× the bare confirm`);
    const fromPage = post(`${servers.proxy}/v1/payments/${paid.id}/confirm`, { token: paid.token });
    const withOrigin = await measure({ ...fromPage, headers: { ...fromPage.headers, ...origin } }, 8);
    row('the same with an allowed Origin, as a browser sends it (CORS checks and headers)', fmt(withOrigin), `**${(withOrigin.rps / bare.rps).toFixed(2)}× the bare confirm** (goal ≥ 0.2×)`);
    for (const connections of [1, 16, 64]) {
      const l = await measure(post(`${servers.proxy}/v1/payments/${paid.id}/confirm`, { token: paid.token }), connections, 2);
      row(`confirm the ledger answers, ${connections} connection${connections > 1 ? 's' : ''}`, fmt(l));
    }
  } finally {
    servers.stop();
    eager.stop();
  }
}

/**
 * Three proxy processes on one PostgreSQL database, as three machines behind a load balancer would run, in live mode
 * against the standalone simulator: one bill per order however many ask at once, one upstream confirm per paid bill
 * however many confirm it, each webhook once; a process killed at random every 1.5 s under load loses no paid fact
 * and makes no second bill; and the database stopped for 10 s under load: 503s while it is gone, nothing wrong said,
 * and service back within 5 s of its return.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import type { CreatedPayment } from '../../contract/http.ts';
import { openPostgresLedger } from '../../proxy/ledger/postgres.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signOrder } from '../../server-kit/tokens.ts';
import { call } from '../helpers/flow.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { proxyProcess, simulatorProxyEnv, startUpstreams, stopProxyProcesses, type ProxyProcess } from '../helpers/servers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

let server: PostgresServer;
let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
/** The upstream the proxies call: the simulator, behind a counter of each call by method and bill. */
let upstream: { url: string; calls: { method: string; id: string | null; ref1: string | null }[]; close(): Promise<void> };
/** Every webhook received, by event id. */
const hooks: string[] = [];
let receiver: Awaited<ReturnType<typeof listen>>;

before(async () => {
  server = await startPostgres();
  upstreams = await startUpstreams();
  const calls: { method: string; id: string | null; ref1: string | null }[] = [];
  const forwarder = await listen(async (request) => {
    const url = new URL(request.url);
    calls.push({ method: url.searchParams.get('method') ?? '', id: url.searchParams.get('id_pay'), ref1: url.searchParams.get('ref1') });
    return fetch(`${upstreams.hosts[0].url}${url.pathname}${url.search}`);
  });
  upstream = { url: `${forwarder.url}/api_mn.php`, calls, close: forwarder.close };
  receiver = await listen(async (request) => {
    hooks.push(JSON.parse(await request.text()).id);
    return new Response('ok');
  });
});
after(async () => {
  stopProxyProcesses();
  await upstream?.close();
  await upstreams?.close();
  await receiver?.close();
  await server?.stop();
});

async function environment(extra: Record<string, string> = {}) {
  return simulatorProxyEnv([upstream.url], {
    MAEMANEE_DB: await server.database(),
    MAEMANEE_CHECK_GAP_MS: '2000',
    MAEMANEE_UPSTREAM_TIMEOUT_MS: '2000',
    MAEMANEE_WEBHOOK_URL: receiver.url,
    MAEMANEE_WEBHOOK_RETRY_SECONDS: '1',
    MAEMANEE_CHECK_LIMIT: '100000000',
    ...extra,
  });
}

async function processes(env: Record<string, string>, n = 3): Promise<ProxyProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => proxyProcess(env)));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (running.length < n) {
    await Promise.all(running.map((p) => p.stop()));
    throw (started.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
  }
  return running;
}

/** A call to whichever process answers: one that is gone (killed, or not yet up) is passed over for another. */
async function anyOf(live: () => ProxyProcess[], path: string, init: Parameters<typeof call>[2], until = Date.now() + 20_000) {
  for (;;) {
    const process = pick(live());
    try {
      if (process) return await call(process.target, path, init);
    } catch {
      // killed under this request, or before it
    }
    if (Date.now() > until) throw new Error(`no process answered ${path}`);
    await sleep(100);
  }
}

const confirmsOf = (id: string) => upstream.calls.filter((c) => c.method === 'confirm' && c.id === id).length;

describe('three processes on one database', () => {
  let procs: ProxyProcess[];
  let env: Record<string, string>;
  before(async () => {
    env = await environment();
    procs = await processes(env);
  });
  after(() => Promise.all(procs.map((p) => p.stop())));

  test('concurrent creates of one order, 12 at once across the three, make one bill', async () => {
    for (let i = 0; i < 5; i++) {
      const ref1 = `one-order-${i}`;
      const order = await signOrder(env.MAEMANEE_SECRET, { amount: 70, ref1 });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, j) => call(procs[j % 3].target, '/v1/payments', { method: 'POST', json: { order } })));
      assert.ok(answers.every((a) => a.status === 200 || a.status === 201), JSON.stringify(answers.map((a) => a.body)));
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, `${ref1}: one bill for every caller`);
      assert.equal(upstream.calls.filter((c) => c.method === 'create_pay' && c.ref1 === ref1).length, 1, `${ref1}: created upstream once`);
    }
    const sql = postgres(env.MAEMANEE_DB, { max: 1 });
    const orders = await sql`SELECT order_key, COUNT(*)::int AS n FROM bills WHERE order_key IS NOT NULL GROUP BY order_key`;
    await sql.end();
    assert.deepEqual(orders.map((o) => o.n), [1, 1, 1, 1, 1]);
  });

  test('a burst of confirms on paid bills, 10 for each of 20 bills across the three, costs one upstream confirm each', async () => {
    const bills: CreatedPayment[] = [];
    for (let i = 0; i < 20; i++) bills.push((await call(procs[i % 3].target, '/v1/payments', { method: 'POST', json: { amount: 80, ref1: `burst-${i}` } })).body);
    for (const bill of bills) upstreams.simulator.pay(bill.id);
    const answers = await Promise.all(bills.flatMap((bill) => Array.from({ length: 10 }, (_, j) => call(procs[j % 3].target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }))));
    assert.ok(answers.every((a) => a.status === 200 && (a.body.status === 'paid' || a.body.status === 'pending')), 'paid, or pending from the ledger within the gap');
    // Once the winner of each bill's ask has written it, every process answers paid, from the ledger.
    await sleep(300);
    for (const bill of bills) {
      const again = await Promise.all(procs.map((p) => call(p.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })));
      assert.deepEqual(again.map((a) => a.body.status), ['paid', 'paid', 'paid']);
      assert.equal(new Set([...again, ...answers.filter((a) => a.body.id === bill.id && a.body.status === 'paid')].map((a) => a.body.receipt)).size, 1, 'one receipt');
    }
    assert.deepEqual(bills.map((b) => confirmsOf(b.id)), bills.map(() => 1), 'one upstream confirm per bill');
  });

  test('each webhook arrives once: 30 payments, paid through one process, confirmed through others, delivered by whichever claims it', async () => {
    const bills: CreatedPayment[] = [];
    for (let i = 0; i < 30; i++) bills.push((await call(procs[i % 3].target, '/v1/payments', { method: 'POST', json: { amount: 90, ref1: `hook-${i}` } })).body);
    for (const bill of bills) upstreams.simulator.pay(bill.id);
    await Promise.all(bills.flatMap((bill, i) => [procs[(i + 1) % 3], procs[(i + 2) % 3]].map((p) => call(p.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }))));
    const wanted = bills.map((b) => `payment.paid:${b.id}`);
    const deadline = Date.now() + 15_000;
    while (!wanted.every((id) => hooks.includes(id)) && Date.now() < deadline) await sleep(100);
    await sleep(2500); // a second delivery, if any, would come within the retry time
    assert.deepEqual(wanted.map((id) => hooks.filter((h) => h === id).length), wanted.map(() => 1));
  });
});

test('kill -9 of a random process every 1.5 s for 20 s under mixed load: no paid fact lost, no second bill for an order, every webhook', { timeout: 240_000 }, async (t) => {
  const env = await environment({ MAEMANEE_RECONCILE_SECONDS: '1' });
  let live = await processes(env);
  const spares: Promise<void>[] = [];
  const replace = () =>
    spares.push(
      proxyProcess(env).then(
        (p) => void live.push(p),
        () => {},
      ),
    );
  /** What the customers saw: each order's bills, the bills paid upstream, and every paid answer. */
  const seen = new Map<string, Set<string>>();
  const paidUpstream = new Set<string>();
  const paidAnswers = new Map<string, string>();
  let stopped = false;
  let kills = 0;
  const killer = (async () => {
    while (!stopped) {
      await sleep(1500);
      const victim = pick(live);
      if (!victim || stopped) continue;
      live = live.filter((p) => p !== victim);
      process.kill(-victim.child.pid!, 'SIGKILL');
      kills++;
      replace();
    }
  })();
  /** A pair of customers on each order (two tabs, or a tab and the shop's page): both create, one pays, both confirm. */
  const customer = async (n: number) => {
    for (let round = 0; !stopped; round++) {
      const ref1 = `chaos-${Math.floor(n / 2)}-${round}`;
      const order = await signOrder(env.MAEMANEE_SECRET, { amount: 60, ref1 });
      let bill: CreatedPayment | undefined;
      for (let tries = 0; !bill && tries < 40 && !stopped; tries++) {
        const res = await anyOf(() => live, '/v1/payments', { method: 'POST', json: { order } }).catch(() => undefined);
        if (res?.status === 200 || res?.status === 201) bill = res.body;
        else await sleep(250); // 503: the order is being billed by a process that died, or the ledger is busy
      }
      if (!bill) continue;
      if (!seen.has(ref1)) seen.set(ref1, new Set());
      seen.get(ref1)!.add(bill.id);
      if (n % 2 === 0 && Math.random() < 0.7) {
        upstreams.simulator.pay(bill.id);
        paidUpstream.add(bill.id);
      }
      const answer = await anyOf(() => live, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }).catch(() => undefined);
      if (answer?.body.status === 'paid') {
        const receipt = paidAnswers.get(bill.id);
        assert.ok(receipt === undefined || receipt === answer.body.receipt, 'the same receipt every time');
        paidAnswers.set(bill.id, answer.body.receipt);
      }
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, n) => customer(n)));
  await sleep(20_000);
  stopped = true;
  await Promise.all([killer, load, ...spares]);
  // Whatever was cut short is settled by the processes still running: the checks of paid bills, their webhooks.
  while (live.length < 3) live.push(await proxyProcess(env));
  const ledger = await openPostgresLedger(env.MAEMANEE_DB);
  try {
    const deadline = Date.now() + 30_000;
    const unsettled = async () => (await Promise.all([...paidUpstream].map(async (id) => ((await ledger.bill(id))?.status === 'paid' ? [] : [id])))).flat();
    while ((await unsettled()).length > 0 && Date.now() < deadline) await sleep(250);
    assert.deepEqual(await unsettled(), [], 'every bill paid upstream is paid in the ledger');
    for (const [id, receipt] of paidAnswers) assert.equal((await ledger.bill(id))?.paid?.receipt, receipt, `${id}: the receipt a customer was shown is the one recorded`);
    assert.deepEqual([...seen].filter(([, ids]) => ids.size > 1), [], 'each order showed its customers one bill');
    const sql = postgres(env.MAEMANEE_DB, { max: 1 });
    const twice = await sql`SELECT order_key FROM bills WHERE order_key IS NOT NULL GROUP BY order_key HAVING COUNT(*) > 1`;
    const [{ bills }] = await sql`SELECT COUNT(*)::int AS bills FROM bills`;
    await sql.end();
    assert.deepEqual([...twice], [], 'one bill per order in the ledger');
    // A delivery a process claimed and was killed before recording waits out its claim (60 s), then goes again.
    const hookDeadline = Date.now() + 65_000;
    const undelivered = () => [...paidUpstream].filter((id) => !hooks.includes(`payment.paid:${id}`));
    while (undelivered().length > 0 && Date.now() < hookDeadline) await sleep(250);
    assert.deepEqual(undelivered(), [], "every paid bill's webhook arrived");
    const created = upstream.calls.filter((c) => c.method === 'create_pay').length;
    const again = [...paidUpstream].map((id) => hooks.filter((h) => h === `payment.paid:${id}`).length - 1).reduce((a, b) => a + b, 0);
    t.diagnostic(`${kills} processes killed; ${seen.size} orders, ${bills} bills in the ledger (${created} create_pay calls in all the tests so far), ${paidUpstream.size} paid, ${paidAnswers.size} paid answers seen; ${again} webhooks delivered again after a kill`);
    assert.ok(kills >= 10 && paidUpstream.size >= 20, 'the drill did what it says');
  } finally {
    await ledger.close();
    await Promise.all(live.map((p) => p.stop()));
  }
});

test('the database stopped for 10 s under load: 503s while it is gone, nothing wrong said, all three back within 5 s', { timeout: 120_000 }, async (t) => {
  const env = await environment();
  const procs = await processes(env);
  try {
    // Bills known paid before the outage (each process has answered some), and pending ones.
    const paid: CreatedPayment[] = [];
    const pending: CreatedPayment[] = [];
    const receipts = new Map<string, string>();
    for (let i = 0; i < 12; i++) {
      const bill: CreatedPayment = (await call(procs[i % 3].target, '/v1/payments', { method: 'POST', json: { amount: 40, ref1: `outage-${i}` } })).body;
      if (i % 2 === 0) {
        upstreams.simulator.pay(bill.id);
        const answer = await call(procs[(i + 1) % 3].target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
        assert.equal(answer.body.status, 'paid');
        paid.push(bill);
        receipts.set(bill.id, answer.body.receipt);
      } else pending.push(bill);
    }
    type Seen = { at: number; what: string; status: number; code?: string; wrong?: string };
    const log: Seen[] = [];
    let stopped = false;
    const worker = async (n: number) => {
      for (let i = 0; !stopped; i++) {
        const p = procs[(n + i) % 3];
        const kind = i % 4;
        const at = Date.now();
        try {
          if (kind === 0) {
            const res = await call(p.target, '/v1/payments', { method: 'POST', json: { amount: 40, ref1: `load-${n}-${i}` } });
            log.push({ at, what: 'create', status: res.status, code: res.body.error?.code, wrong: res.status === 201 ? undefined : res.status === 503 ? undefined : `create ${res.status}` });
            if (res.status === 201) pending.push(res.body);
          } else {
            const bill = pick(kind === 1 ? pending : paid);
            const res = kind === 3 ? await call(p.target, `/v1/payments/${bill.id}`, { token: bill.token }) : await call(p.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
            const known = receipts.get(bill.id);
            const wrong =
              res.status === 503 ? undefined : res.status !== 200 ? `${res.status}` : known && (res.body.status !== 'paid' || (res.body.receipt && res.body.receipt !== known)) ? `a paid bill said ${res.body.status}` : undefined;
            log.push({ at, what: kind === 3 ? 'read' : 'confirm', status: res.status, code: res.body.error?.code, wrong });
          }
        } catch (error) {
          log.push({ at, what: 'call', status: 0, wrong: (error as Error).message });
        }
        await sleep(20);
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, n) => worker(n)));
    await sleep(2000);
    const down = Date.now();
    await server.halt();
    await sleep(10_000);
    const up = Date.now();
    await server.resume();
    const restarted = Date.now();
    // Back: every process healthy and creating again.
    const back = await Promise.all(
      procs.map(async (p) => {
        for (;;) {
          const health = await call(p.target, '/health');
          const created = health.status === 200 && (await call(p.target, '/v1/payments', { method: 'POST', json: { amount: 40, ref1: 'back' } })).status === 201;
          if (created) return Date.now() - restarted;
          if (Date.now() - restarted > 15_000) return Infinity;
          await sleep(100);
        }
      }),
    );
    await sleep(1000);
    stopped = true;
    await load;
    const during = log.filter((s) => s.at > down + 1000 && s.at < up);
    const refused = during.filter((s) => s.status === 503);
    t.diagnostic(`${log.length} calls; ${during.length} while the database was gone: ${refused.length} answered 503 (${[...new Set(refused.map((s) => s.code))].join(', ')}), ${during.length - refused.length} paid answers from a process that had seen them paid; back in ${back.map((ms) => `${ms} ms`).join(', ')}`);
    assert.deepEqual(log.filter((s) => s.wrong), [], 'nothing wrong said, before, during or after');
    assert.ok(refused.length > 50, 'the calls that need the ledger were refused');
    assert.ok(refused.every((s) => s.code === 'ledger_unavailable'), 'as ledger_unavailable');
    assert.ok(back.every((ms) => ms <= 5000), `back within 5 s: ${back.join(', ')} ms`);
    const ledger = await openPostgresLedger(env.MAEMANEE_DB);
    try {
      for (const [id, receipt] of receipts) assert.equal((await ledger.bill(id))?.paid?.receipt, receipt);
      for (const bill of pending) assert.ok(await ledger.bill(bill.id), `${bill.id}: every bill a customer was shown is in the ledger`);
    } finally {
      await ledger.close();
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
});

/**
 * Several proxy processes on one ledger file, in live mode against the standalone simulator (whose second confirm of
 * a paid bill answers "already used"): what a merchant running more than one instance, or restarting one, relies on.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signOrder } from '../../server-kit/tokens.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { proxyProcess, simulatorProxyEnv, startUpstreams, stopProxyProcesses } from '../helpers/servers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
const hook = { received: [] as string[], up: true };
let receiver: Awaited<ReturnType<typeof listen>>;
let env: Record<string, string>;

before(async () => {
  upstreams = await startUpstreams({ secondConfirm: 'used' });
  receiver = await listen(async (request) => {
    if (!hook.up) return new Response('down', { status: 503 });
    const event = JSON.parse(await request.text());
    if (event.type === 'payment.paid') hook.received.push(event.data.id);
    return new Response('ok');
  });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-ledger-'));
  env = simulatorProxyEnv(upstreams.urls, {
    MAEMANEE_DB: join(dir, 'ledger.sqlite'),
    MAEMANEE_WEBHOOK_URL: receiver.url,
    MAEMANEE_WEBHOOK_RETRY_SECONDS: '1',
    MAEMANEE_RECONCILE_SECONDS: '1',
  });
});
after(async () => {
  stopProxyProcesses();
  await upstreams.close();
  await receiver.close();
});

test('two processes on one ledger: paid through one is paid through the other, one webhook, one bill for an order asked of both at once, a paid order answered paid by both', { timeout: 60_000 }, async () => {
  const started = await Promise.allSettled([proxyProcess(env), proxyProcess(env)]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (running.length < 2) {
    await Promise.all(running.map((p) => p.stop()));
    throw (started.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
  }
  const [a, b] = running;
  try {
    const bill = await createPayment(a.target, 60, 'two-1');
    upstreams.simulator.pay(bill.id);
    const paidA = await call(a.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(paidA.body.status, 'paid');
    // The upstream now answers "already used"; the ledger still says paid, with the same facts, for ever.
    const paidB = await call(b.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual(paidB.body, paidA.body);
    assert.equal((await call(b.target, `/v1/payments/${bill.id}`, { token: bill.token })).body.status, 'paid');

    const order = { ref1: 'two-order', amount: 45, expiresInSeconds: 600 };
    const created = await call(a.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(env.MAEMANEE_SECRET, order) } });
    assert.equal(created.status, 201);
    const resumed = await call(b.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(env.MAEMANEE_SECRET, { ...order, expiresInSeconds: 601 }) } });
    assert.deepEqual([resumed.status, resumed.body.id], [200, created.body.id], 'the pending bill, from the other instance');
    const raced = { ref1: 'two-race', amount: 46, expiresInSeconds: 600 };
    const both = await Promise.all(
      [a, b].map(async (p) => call(p.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(env.MAEMANEE_SECRET, raced) } })),
    );
    assert.equal(both[0].body.id, both[1].body.id, 'one bill for an order asked of both instances at the same moment');
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 201]);

    upstreams.simulator.pay(created.body.id);
    await call(a.target, `/v1/payments/${created.body.id}/confirm`, { method: 'POST', token: created.body.token });
    for (const proxy of [a, b]) {
      const again = await call(proxy.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(env.MAEMANEE_SECRET, order) } });
      assert.deepEqual([again.status, again.body.status, again.body.id], [200, 'paid', created.body.id]);
    }
    const deadline = Date.now() + 5000;
    while (hook.received.filter((id) => id === bill.id || id === created.body.id).length < 2 && Date.now() < deadline) await sleep(50);
    await sleep(1500);
    assert.equal(hook.received.filter((id) => id === bill.id).length, 1, 'one webhook for the bill, not one per instance');
    assert.equal(hook.received.filter((id) => id === created.body.id).length, 1);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('endpoint down, the proxy restarted while retries are pending, endpoint back: a tab-closed payment is delivered once', { timeout: 60_000 }, async () => {
  hook.up = false;
  let proxy = await proxyProcess(env);
  const bill = await createPayment(proxy.target, 75, 'restart-1');
  upstreams.simulator.pay(bill.id); // the customer paid and closed the tab: no browser check
  await sleep(2500); // the proxy finds it, and its first webhook attempts fail
  await proxy.stop();
  hook.up = true;
  proxy = await proxyProcess(env);
  try {
    const deadline = Date.now() + 8000;
    while (!hook.received.includes(bill.id) && Date.now() < deadline) await sleep(50);
    await sleep(1500);
    assert.equal(hook.received.filter((id) => id === bill.id).length, 1);
    const seen = await call(proxy.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(seen.body.status, 'paid');
  } finally {
    await proxy.stop();
  }
});

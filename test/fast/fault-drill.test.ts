/**
 * The fault drill: the proxy on Node over HTTP, in front of two simulator hosts sharing one set of bills (the
 * official host and its mirror), with faults injected, a restart mid-payment, and a few hundred payments at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import type { Fault } from '../../sandbox/index.ts';
import { verifyReceipt, verifyWebhook } from '../../server-kit/index.ts';
import { call, createPayment, overHttp, type Target } from '../helpers/flow.ts';
import { deadUrl, simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

const SECRET = 'drill-secret-0123456789abcdef0123456789';
const WEBHOOK_SECRET = simulatorProxyEnv([]).MAEMANEE_WEBHOOK_SECRET;
const TIMEOUT_MS = 300;
/** What the drill allows on top of the configured timeout for a whole payment: loopback calls and QR images. */
const MARGIN_MS = 1000;

let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
before(async () => {
  upstreams = await startUpstreams();
});
after(() => upstreams.close());

const env = (urls: string[], extra: Record<string, string> = {}) =>
  simulatorProxyEnv(urls, { MAEMANEE_SECRET: SECRET, MAEMANEE_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), ...extra });

/** Create (retrying once, as the customer's "try again" does), pay in the sandbox, confirm. */
async function payOnce(target: Target, ref1: string, amount = 50) {
  let res = await call(target, '/v1/payments', { method: 'POST', json: { amount, ref1 } });
  if (res.status >= 500) res = await call(target, '/v1/payments', { method: 'POST', json: { amount, ref1 } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const bill = res.body;
  upstreams.simulator.pay(bill.id);
  const paid = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
  assert.equal(paid.body.status, 'paid');
  return { bill, paid: paid.body };
}

describe('first upstream failing: payments complete through the second', () => {
  const cases: [string, Fault | 'down'][] = [
    ['down', 'down'],
    ['slow', { kind: 'delay', delayMs: TIMEOUT_MS * 4 }],
    ['answering HTML', { kind: 'html' }],
    ['answering broken JSON', { kind: 'broken' }],
  ];
  for (const [name, fault] of cases) {
    test(`${name}: paid within the ${TIMEOUT_MS} ms timeout plus ${MARGIN_MS} ms`, async () => {
      if (fault !== 'down') upstreams.hosts[0].setFault(fault);
      const proxy = await startNodeProxy(env([fault === 'down' ? await deadUrl() : upstreams.urls[0], upstreams.urls[1]]), 0, { log: () => {} });
      try {
        const started = Date.now();
        await payOnce(overHttp(proxy.url), `drill-${name.replace(/\W/g, '')}`);
        const took = Date.now() - started;
        assert.ok(took < TIMEOUT_MS + MARGIN_MS, `took ${took} ms`);
      } finally {
        upstreams.hosts[0].setFault({ kind: 'none' });
        await proxy.close();
      }
    });
  }
});

test('the proxy restarted mid-payment: the customer\'s token still works', async () => {
  const config = env(upstreams.urls);
  let proxy = await startNodeProxy(config, 0, { log: () => {} });
  const bill = await createPayment(overHttp(proxy.url), 70, 'restart-1');
  await proxy.close();
  proxy = await startNodeProxy(config, 0, { log: () => {} });
  try {
    const target = overHttp(proxy.url);
    let res = await call(target, `/v1/payments/${bill.id}`, { token: bill.token });
    assert.deepEqual([res.status, res.body.id, res.body.amount], [200, bill.id, 70]);
    upstreams.simulator.pay(bill.id);
    res = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(res.body.status, 'paid');
    assert.equal((await verifyReceipt(SECRET, res.body.receipt, { allowSandbox: true })).id, bill.id);
  } finally {
    await proxy.close();
  }
});

test('load: 300 payments created and confirmed at once, each by two tabs: no error, no mix-up, one webhook each', async () => {
  const events: string[] = [];
  const hook = await listen(async (request) => {
    const event = await verifyWebhook(WEBHOOK_SECRET, await request.text(), request.headers, { allowSandbox: true });
    events.push(event.id);
    return new Response(null, { status: 204 });
  });
  // Not the drill's short timeout: 300 payments at once on a busy machine are slow, not faulty, and this test is about
  // mix-ups and webhooks, not time.
  const proxy = await startNodeProxy(env(upstreams.urls, { MAEMANEE_WEBHOOK_URL: hook.url, MAEMANEE_UPSTREAM_TIMEOUT_MS: '15000' }), 0, { log: () => {} });
  try {
    const target = overHttp(proxy.url);
    const results = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const ref1 = `load-${i}`;
        const amount = 20 + (i % 50);
        const bill = await createPayment(target, amount, ref1);
        assert.deepEqual([bill.ref1, bill.amount], [ref1, amount], 'the bill belongs to this customer');
        upstreams.simulator.pay(bill.id);
        const [a, b] = await Promise.all([
          call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }),
          call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }),
        ]);
        assert.deepEqual([a.status, b.status], [200, 200]);
        assert.deepEqual([a.body.id, a.body.ref1, a.body.amount], [bill.id, ref1, amount]);
        assert.deepEqual(b.body, a.body, 'two tabs see one receipt');
        return bill.id;
      }),
    );
    assert.equal(new Set(results).size, 300, 'every customer got a bill of their own');
    const deadline = Date.now() + 10_000;
    while (events.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.length, 300, 'one webhook per paid bill');
    assert.equal(new Set(events).size, 300);
  } finally {
    await proxy.close();
    await hook.close();
  }
});

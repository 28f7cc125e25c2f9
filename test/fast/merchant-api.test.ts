/**
 * The shop's API on the proxy, under a short-lived merchant token: its events after a cursor, its bills by ref1, status
 * or id, and the server helpers (listEvents, listPayments, getPayment) that call it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../../proxy/tokens.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;

test('events API: oldest first with a cursor; only a short-lived merchant token under the secret opens it', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
  try {
    const ids: string[] = [];
    for (const ref1 of ['e-1', 'e-2', 'e-3']) {
      const b = await createPayment(ctx.target, 10, ref1);
      ctx.simulator.pay(b.id);
      await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
      ids.push(b.id);
    }
    const token = await signMerchantToken(SECRET);
    const page1 = await call(ctx.target, '/v1/events?limit=2', { token });
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.body.events.map((e: { data: { id: string } }) => e.data.id), ids.slice(0, 2));
    const page2 = await call(ctx.target, `/v1/events?after=${page1.body.next}&limit=2`, { token });
    assert.deepEqual(page2.body.events.map((e: { data: { id: string } }) => e.data.id), ids.slice(2));
    const page3 = await call(ctx.target, `/v1/events?after=${page2.body.next}`, { token });
    assert.deepEqual([page3.body.events, page3.body.next], [[], page2.body.next]);
    assert.equal(page1.body.events[0].type, 'payment.paid');

    const refused = async (auth: string | undefined, label: string) => {
      const res = await call(ctx.target, '/v1/events', auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
      assert.equal(res.status, 401, label);
    };
    await refused(undefined, 'missing');
    await refused(await signPaymentToken(SECRET, { id: ids[0], ref1: 'e-1', amount: 10, billExpires: Date.now() / 1000 + 60, sandbox: false }), 'wrong kind');
    await refused(await signMerchantToken('another-secret-of-at-least-32-chars!!'), 'wrong key');
    const { sign } = await import('hono/jwt');
    const { hmacKey } = await import('../../server-kit/tokens.ts');
    const key = await hmacKey(SECRET);
    await refused(await sign({ kind: 'merchant', exp: Math.floor(Date.now() / 1000) - 10 }, key, 'HS256'), 'expired');
    await refused(await sign({ kind: 'merchant', exp: Math.floor(Date.now() / 1000) + 3600 }, key, 'HS256'), 'lives longer than 5 minutes');
    const bad = await call(ctx.target, '/v1/events?after=-1', { token });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'invalid_query']);

    const redo = await call(ctx.target, `/v1/events/payment.paid:${ids[0]}/redeliver`, { method: 'POST', token });
    assert.equal(redo.status, 202);
    assert.equal((await call(ctx.target, '/v1/events/payment.paid:12345/redeliver', { method: 'POST', token })).status, 404);
    assert.equal((await call(ctx.target, `/v1/events/${ids[0]}/redeliver`, { method: 'POST', token })).status, 400, 'an event id names its type');
  } finally {
    ctx.stop();
  }
});

test('listEvents: a shop reconciles from the events API with its secret', async () => {
  const { listEvents } = await import('../../server-kit/index.ts');
  const ctx = await recordedApp();
  try {
    const b = await createPayment(ctx.target, 15, 'cron-1');
    ctx.simulator.pay(b.id);
    await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
    const viaApp = ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch;
    const page = await listEvents('http://proxy.test/', SECRET, { fetch: viaApp });
    assert.deepEqual(page.events.map((e) => e.id), [`payment.paid:${b.id}`]);
    assert.deepEqual((await listEvents('http://proxy.test', SECRET, { after: page.next, fetch: viaApp })).events, []);
    await assert.rejects(listEvents('http://proxy.test', 'not-the-secret-but-32-characters-long', { fetch: viaApp }), /401/);
  } finally {
    ctx.stop();
  }
});

test("the shop's view of its bills: by ref1, by status, by id, a page at a time; refused without a merchant token", async () => {
  const ctx = await recordedApp();
  try {
    const made = [];
    for (const ref1 of ['order-1001', 'order-1002', 'order-1001']) made.push((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 60, ref1 } })).body);
    ctx.simulator.pay(made[2].id);
    await call(ctx.target, `/v1/payments/${made[2].id}/confirm`, { method: 'POST', token: made[2].token });
    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    const byRef = (await call(ctx.target, '/v1/payments?ref1=order-1001', { token })).body;
    assert.deepEqual(byRef.payments.map((p: { id: string; status: string }) => [p.id, p.status]), [[made[2].id, 'paid'], [made[0].id, 'pending']], 'newest first');
    assert.equal(byRef.next, null);
    const paid = (await call(ctx.target, '/v1/payments?status=paid', { token })).body.payments;
    assert.deepEqual(paid.map((p: { id: string }) => p.id), [made[2].id]);
    assert.deepEqual(Object.keys(paid[0]).sort(), ['amount', 'createdAt', 'expiresAt', 'id', 'late', 'link', 'order', 'paidAt', 'ref1', 'sandbox', 'status']);
    assert.equal(paid[0].order, null, 'a bill of no shop link has no order');
    const page = (await call(ctx.target, '/v1/payments?limit=2', { token })).body;
    assert.equal(page.payments.length, 2);
    const rest = (await call(ctx.target, `/v1/payments?limit=2&after=${page.next}`, { token })).body;
    assert.deepEqual(rest.payments.map((p: { id: string }) => p.id), [made[0].id]);
    const one = await call(ctx.target, `/v1/payments/${made[1].id}`, { token });
    assert.deepEqual([one.body.id, one.body.ref1, one.body.status, one.body.paidAt], [made[1].id, 'order-1002', 'pending', null]);
    assert.equal((await call(ctx.target, '/v1/payments')).status, 401, 'no token');
    assert.equal((await call(ctx.target, '/v1/payments', { token: made[0].token })).status, 401, 'a payment token is not a merchant token');
    assert.equal((await call(ctx.target, '/v1/payments?status=unpaid', { token })).status, 400);
    assert.equal((await call(ctx.target, '/v1/payments/999999', { token })).status, 404);
    const viaApp = ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch;
    const { listPayments, getPayment } = await import('../../server-kit/index.ts');
    assert.deepEqual((await listPayments('http://proxy.test', LIVE_ENV.MAEMANEE_SECRET, { ref1: 'order-1002', fetch: viaApp })).payments.map((p) => p.id), [made[1].id]);
    assert.equal((await getPayment('http://proxy.test', LIVE_ENV.MAEMANEE_SECRET, made[2].id, { fetch: viaApp })).status, 'paid');
  } finally {
    ctx.stop();
  }
});

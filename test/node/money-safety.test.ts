/** Signed orders, receipts, the merchant's helpers, and what an independent JWT library makes of our tokens. */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signOrder, verifyReceipt, TokenError } from '../../server-kit/index.ts';
import { call } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const key = new TextEncoder().encode(SECRET);

test('a signed order sets the amount; the browser cannot change it', async () => {
  const { target, calls } = await recordedApp();
  const order = await signOrder(SECRET, { ref1: 'order-9', amount: 390 });
  const res = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.equal(res.status, 201);
  assert.deepEqual([res.body.amount, res.body.ref1], [390, 'order-9']);
  assert.equal(calls[0].get('amount'), '390');
  const mixed = await call(target, '/v1/payments', { method: 'POST', json: { order, amount: 1 } });
  assert.deepEqual([mixed.status, mixed.body.error.code], [400, 'ambiguous_order']);
});

test('an order signed by an independent JWT library (as PHP or Python would) is accepted', async () => {
  const { target } = await recordedApp();
  const order = await new jose.SignJWT({ kind: 'order', ref1: 'php-42', amount: 120 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime('10m')
    .sign(key);
  const res = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.deepEqual([res.status, res.body.amount, res.body.ref1], [201, 120, 'php-42']);
});

test('tampered, expired, unsigned-kind and foreign orders are refused before the upstream', async () => {
  const { target, calls } = await recordedApp();
  const good = await signOrder(SECRET, { ref1: 'o', amount: 100 });
  const [h, p, s] = good.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, amount: 1 })).toString('base64url')}.${s}`;
  const expired = await new jose.SignJWT({ kind: 'order', ref1: 'o', amount: 100 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 5).sign(key);
  const noExpiry = await new jose.SignJWT({ kind: 'order', ref1: 'o', amount: 100 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const receiptKind = await new jose.SignJWT({ kind: 'receipt', ref1: 'o', amount: 100 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key);
  const otherKey = await new jose.SignJWT({ kind: 'order', ref1: 'o', amount: 100 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
  const decimal = await new jose.SignJWT({ kind: 'order', ref1: 'o', amount: 1.5 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
  for (const [order, code] of [
    [tampered, 'invalid_token'],
    [expired, 'token_expired'],
    [noExpiry, 'invalid_token'],
    [receiptKind, 'invalid_token'],
    [otherKey, 'invalid_token'],
    [decimal, 'invalid_token'],
    [none, 'invalid_token'],
    [42, 'invalid_token'],
  ] as const) {
    const res = await call(target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([res.status, res.body.error.code], [401, code], String(order).slice(0, 30));
  }
  assert.equal(calls.length, 0);
});

test('MAEMANEE_REQUIRE_ORDER refuses a browser-chosen amount', async () => {
  const { target, calls } = await recordedApp({ ...LIVE_ENV, MAEMANEE_REQUIRE_ORDER: 'true' });
  const res = await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
  assert.deepEqual([res.status, res.body.error.code], [403, 'order_required']);
  assert.equal(calls.length, 0);
  const order = await signOrder(SECRET, { ref1: 'a', amount: 50 });
  assert.equal((await call(target, '/v1/payments', { method: 'POST', json: { order } })).status, 201);
});

test('reusing an order whose bill is pending returns that bill, not a second one', async () => {
  const { target, methods, simulator } = await recordedApp();
  const order = await signOrder(SECRET, { ref1: 'o-1', amount: 75 });
  const [a, b] = await Promise.all([
    call(target, '/v1/payments', { method: 'POST', json: { order } }),
    call(target, '/v1/payments', { method: 'POST', json: { order } }),
  ]);
  const c = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.equal(a.body.id, b.body.id);
  assert.equal(a.body.id, c.body.id);
  assert.equal(methods().filter((m) => m === 'create_pay').length, 1);
  await call(target, `/sandbox/payments/${a.body.id}/expire`, { method: 'POST' });
  const d = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.equal(d.status, 201);
  assert.notEqual(d.body.id, a.body.id, 'an expired bill is replaced');
  assert.deepEqual(methods().slice(-4, -1), ['confirm', 'cancel', 'create_pay'], 'once the upstream said it is unpaid, and cancelled it');

  simulator.pay(d.body.id); // paid, but nobody has confirmed it yet
  const e = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.deepEqual([e.status, e.body.status, e.body.id], [200, 'paid', d.body.id], 'a paid order is never billed twice: its payment is the answer');
  assert.equal(methods().filter((m) => m === 'create_pay').length, 2);
});

test('six parallel creates for one order: one bill, and only the request that created it answers 201, the others 200 with it', async () => {
  const { target, methods } = await recordedApp();
  const order = await signOrder(SECRET, { ref1: 'o-parallel', amount: 76 });
  const answers = await Promise.all(Array.from({ length: 6 }, () => call(target, '/v1/payments', { method: 'POST', json: { order } })));
  assert.equal(methods().filter((m) => m === 'create_pay').length, 1);
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, 'one bill');
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 201]);
});

test('a receipt names the id, ref1 and confirmed amount; verifiable by jose and by verifyReceipt', async () => {
  const { target, simulator } = await recordedApp();
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'r-1' } })).body;
  simulator.pay(bill.id);
  const paid = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  const { payload } = await jose.jwtVerify(paid.receipt, key, { algorithms: ['HS256'] });
  assert.deepEqual([payload.kind, payload.id, payload.sub, payload.ref1, payload.amount, payload.sandbox], ['receipt', bill.id, bill.id, 'r-1', 50, false]);
  const facts = await verifyReceipt(SECRET, paid.receipt);
  assert.deepEqual(facts, { id: bill.id, ref1: 'r-1', amount: 50, paidAt: paid.paidAt, late: false, sandbox: false });
  await assert.rejects(verifyReceipt('y'.repeat(40), paid.receipt), TokenError);
  await assert.rejects(verifyReceipt(SECRET, bill.token), TokenError, 'a payment token is not a receipt');
});

test('sandbox receipts say so, and verifyReceipt refuses them unless asked', async () => {
  const { target } = await recordedApp({});
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'r' } })).body;
  assert.equal(bill.sandbox, true);
  await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
  const paid = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  const { SANDBOX_SECRET } = await import('../../proxy/config.ts');
  await assert.rejects(verifyReceipt(SANDBOX_SECRET, paid.receipt), /sandbox/);
  assert.equal((await verifyReceipt(SANDBOX_SECRET, paid.receipt, { allowSandbox: true })).sandbox, true);
});

test('a second confirm that the upstream answers "already used" still gives the same receipt facts', async () => {
  const { target, simulator } = await recordedApp();
  simulator.settings.secondConfirm = 'used';
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'r' } })).body;
  simulator.pay(bill.id);
  const first = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  const second = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  assert.equal(second.status, 'paid');
  assert.deepEqual(await verifyReceipt(SECRET, second.receipt), await verifyReceipt(SECRET, first.receipt));
});

test('signOrder refuses a non-whole amount', async () => {
  await assert.rejects(signOrder(SECRET, { ref1: 'a', amount: 10.5 }), RangeError);
});

test('a secret that happens to contain "PRIVATE" or "PUBLIC" signs and verifies like any other', async () => {
  for (const secret of ['MY-PRIVATE-shop-secret-0123456789abcdef', 'PUBLIC-PUBLIC-PUBLIC-0123456789abcdef']) {
    const order = await signOrder(secret, { ref1: 'pem-like', amount: 10 });
    const { payload } = await jose.jwtVerify(order, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    assert.equal(payload.amount, 10);
    const { recordedApp: app } = await import('../helpers/sandbox-app.ts');
    const ctx = await app({ ...LIVE_ENV, MAEMANEE_SECRET: secret });
    const res = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});

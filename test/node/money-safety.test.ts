/** Signed orders, receipts, the merchant's helpers, and what an independent JWT library makes of our tokens. */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signOrder, verifyReceipt, TokenError } from '../../server-kit/index.ts';
import { call } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const key = new TextEncoder().encode(SECRET);

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

/**
 * The tokens: payment tokens, orders, receipts and merchant tokens, signed with the proxy's secret, each accepted in
 * one spelling only and never across sandbox and live; receipts as an independent JWT library reads them; the shop's
 * helpers refusing a weak secret.
 */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signPaymentToken, verifyOrder, verifyPaymentToken } from '../../proxy/tokens.ts';
import { signMerchantToken, signOrder, TokenError, verifyReceipt, verifyWebhook } from '../../server-kit/index.ts';
import { call, createPayment } from '../helpers/flow.ts';
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

/** Another spelling of the same signature: the last character's unused low bits changed. */
function respell(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const sig = token.split('.')[2];
  const last = alphabet.indexOf(sig.at(-1)!);
  const unused = (6 - ((sig.length * 6) % 8) + 8) % 8 || 0; // 43 chars carry 256 bits + 2 unused
  assert.ok(unused > 0);
  return `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
}

test('one accepted spelling per signature, for payment, order, receipt and merchant tokens', async () => {
  const payment = await signPaymentToken(SECRET, { id: '1', ref1: 'r', amount: 5, billExpires: Date.now() / 1000 + 600, sandbox: false });
  await assert.rejects(verifyPaymentToken(SECRET, respell(payment)), /not valid/);
  const order = await signOrder(SECRET, { ref1: 'o', amount: 5 });
  await assert.rejects(verifyOrder(SECRET, respell(order)), /not valid/);
  const ctx = await recordedApp();
  const b = await createPayment(ctx.target, 5, 'r');
  ctx.simulator.pay(b.id);
  const paid = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  await assert.rejects(verifyReceipt(SECRET, respell(paid.body.receipt), { allowSandbox: true }), /not valid/);
  const merchant = await signMerchantToken(SECRET);
  assert.equal((await call(ctx.target, '/v1/events', { token: respell(merchant) })).status, 401);
  ctx.stop();
});

test('sandbox and live never mix: a sandbox token or order is refused by a live proxy under the same secret', async () => {
  const sandbox = await recordedApp({ MAEMANEE_SECRET: SECRET, MAEMANEE_UPSTREAM: 'sandbox' });
  const live = await recordedApp(LIVE_ENV);
  const fromSandbox = await createPayment(sandbox.target, 50, 'mix-1');
  live.simulator.pay(fromSandbox.id);
  const res = await call(live.target, `/v1/payments/${fromSandbox.id}/confirm`, { method: 'POST', token: fromSandbox.token });
  assert.deepEqual([res.status, res.body.error?.code], [401, 'invalid_token']);
  const sandboxOrder = await signOrder(SECRET, { ref1: 'mix-2', amount: 10, sandbox: true });
  const created = await call(live.target, '/v1/payments', { method: 'POST', json: { order: sandboxOrder } });
  assert.deepEqual([created.status, created.body.error?.code], [401, 'invalid_token']);
  const fromLive = await createPayment(live.target, 50, 'mix-3');
  const back = await call(sandbox.target, `/v1/payments/${fromLive.id}/confirm`, { method: 'POST', token: fromLive.token });
  assert.equal(back.status, 401, 'nor a live token by the sandbox');
  sandbox.stop();
  live.stop();
});

test('merchant helpers refuse a secret shorter than 32 characters', async () => {
  await assert.rejects(signOrder('short', { ref1: 'a', amount: 1 }), /32/);
  await assert.rejects(verifyReceipt('short', 'a.b.c'), /32/);
  await assert.rejects(verifyWebhook('short', '{}', { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AA==' }), /whsec_/);
  await assert.rejects(signMerchantToken('short'), /32/);
});

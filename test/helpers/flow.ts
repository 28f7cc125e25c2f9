/**
 * The whole payment flow as a browser and the sandbox would drive it, over HTTP. The same function runs against the
 * proxy on Node and in workerd, so both runtimes are held to one behaviour.
 */
import assert from 'node:assert/strict';
import { parseBillPayment } from './thai-qr.ts';
import { verifyReceipt } from '../../server-kit/tokens.ts';
import { decodeQrDataUrl } from './qr.ts';

import type { CreatedPayment } from '../../contract/http.ts';

/** Where requests go: a proxy over HTTP, or an app called in-process with `app.request()`. */
export type Target = (path: string, init: RequestInit) => Promise<Response>;

export const overHttp =
  (base: string): Target =>
  (path, init) =>
    fetch(base + path, init);

export const inProcess =
  (app: { request(path: string, init: RequestInit): Response | Promise<Response> }): Target =>
  async (path, init) =>
    app.request(path, init);

export async function call(base: Target, path: string, init: RequestInit & { json?: unknown; token?: string } = {}) {
  const headers = new Headers(init.headers);
  // As the element sends it (no preflight), unless the caller names a type.
  if (init.json !== undefined && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const { json: _json, token: _token, ...rest } = init;
  const response = await base(path, {
    ...rest,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

export async function createPayment(base: Target, amount: number, ref1: string): Promise<CreatedPayment> {
  const res = await call(base, '/v1/payments', { method: 'POST', json: { amount, ref1 } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** `sandboxBase` is where the `/sandbox` controls are: the proxy in sandbox mode, or a standalone simulator. */
export async function runFlow(base: Target, sandboxBase = base, secret?: string) {
  const bill = await createPayment(base, 50, 'order-1001');
  assert.equal(bill.status, 'pending');
  assert.equal(bill.amount, 50);
  assert.equal(bill.ref1, 'order-1001');
  assert.match(bill.id, /^\d+$/);
  const secondsLeft = (Date.parse(bill.expiresAt) - Date.now()) / 1000;
  assert.ok(secondsLeft > 60 && secondsLeft <= 600, `expiresAt ${bill.expiresAt} is ${secondsLeft}s away`);
  const qr = parseBillPayment(decodeQrDataUrl(bill.qr));
  assert.equal(qr.amount, 50);

  const auth = { token: bill.token };
  let res = await call(base, `/v1/payments/${bill.id}/confirm`, { method: 'POST', ...auth });
  assert.deepEqual([res.status, res.body.status], [200, 'pending']);

  res = await call(base, `/v1/payments/${bill.id}/cancel`, { method: 'POST', ...auth });
  assert.deepEqual([res.status, res.body.error?.code], [409, 'not_expired']);

  res = await call(sandboxBase, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
  assert.equal(res.status, 200);

  // The token also travels in a text/plain body, which keeps the browser's call a simple request.
  res = await call(base, `/v1/payments/${bill.id}/confirm`, { method: 'POST', json: { token: bill.token } });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'paid');
  assert.deepEqual([res.body.id, res.body.ref1, res.body.amount], [bill.id, 'order-1001', 50]);
  if (secret) {
    const facts = await verifyReceipt(secret, res.body.receipt, { allowSandbox: true });
    assert.deepEqual([facts.id, facts.amount], [bill.id, 50]);
  }
  const again = await call(base, `/v1/payments/${bill.id}/confirm`, { method: 'POST', ...auth });
  assert.deepEqual(
    [again.body.status, again.body.paidAt, again.body.amount],
    ['paid', res.body.paidAt, 50],
    'a second confirm of a paid bill tells the same facts',
  );

  res = await call(base, `/v1/payments/${bill.id}`, auth);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'paid');

  // Expiry. The proxy knows each bill's expiry from its creation; when the controls are its own, it learns of an
  // early one at once. Cancel is accepted only now, and a cancelled bill is never paid.
  const late = await createPayment(base, 120, 'order-1002');
  res = await call(sandboxBase, `/sandbox/payments/${late.id}/expire`, { method: 'POST' });
  assert.equal(res.status, 200);
  if (sandboxBase === base) {
    res = await call(base, `/v1/payments/${late.id}/confirm`, { method: 'POST', token: late.token });
    assert.deepEqual([res.status, res.body.status], [200, 'expired']);
  }
  res = await call(base, `/v1/payments/${late.id}/cancel`, { method: 'POST', token: late.token });
  assert.deepEqual([res.status, res.body.status], [200, 'cancelled']);
  res = await call(base, `/v1/payments/${late.id}/confirm`, { method: 'POST', token: late.token });
  assert.deepEqual([res.status, res.body.status], [200, 'expired']);

  // Another payment's token opens nothing.
  res = await call(base, `/v1/payments/${late.id}/confirm`, { method: 'POST', token: bill.token });
  assert.deepEqual([res.status, res.body.error?.code], [403, 'token_mismatch']);
  return bill;
}

/** A bill the browser chose, paid in the simulator and confirmed: its id and receipt. */
export async function payBill(target: Target, simulator: { pay(id: string): void }, ref1: string, amount = 70) {
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount, ref1 } })).body;
  simulator.pay(bill.id);
  const confirmed = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  if (confirmed.status !== 'paid') throw new Error(`bill ${bill.id} is ${confirmed.status}, not paid`);
  return { id: bill.id as string, receipt: confirmed.receipt as string };
}

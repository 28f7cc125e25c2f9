/** Hostile input: each case gets its exact 4xx, and the upstream never hears of it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signOrder } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../../proxy/tokens.ts';
import { call } from '../helpers/flow.ts';
import { expectRefused } from '../helpers/refused.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ALLOWED = 'https://shop.example.com';
const env = { ...LIVE_ENV, MAEMANEE_ALLOWED_ORIGINS: ALLOWED };

test('bodies: oversize, malformed, wrong types, unknown fields, wrong content type', async () => {
  const ctx = await recordedApp(env);
  const post = (body: string, type = 'text/plain') => ({ method: 'POST', body, headers: { 'content-type': type } });
  await expectRefused(ctx, '/v1/payments', post(JSON.stringify({ amount: 50, ref1: 'a', pad: 'x'.repeat(5000) })), 413, 'payload_too_large');
  await expectRefused(ctx, '/v1/payments', post('{"amount":50,'), 400, 'invalid_json');
  await expectRefused(ctx, '/v1/payments', post('null'), 400, 'invalid_json');
  await expectRefused(ctx, '/v1/payments', post('"50"'), 400, 'invalid_json');
  await expectRefused(ctx, '/v1/payments', post('{"amount":50,"ref1":"a"}', 'multipart/form-data; boundary=x'), 415, 'unsupported_media_type');
  await expectRefused(ctx, '/v1/payments', post('{"amount":50,"ref1":"a","__proto__":{"x":1}}'), 400, 'unknown_field');
  await expectRefused(ctx, '/v1/payments', post('{"amount":[50],"ref1":"a"}'), 400, 'invalid_amount');
  await expectRefused(ctx, '/v1/payments', post('{"amount":50,"ref1":42}'), 400, 'invalid_ref1');
});

test('amounts: negative, zero, decimal, huge, non-numeric', async () => {
  const ctx = await recordedApp(env);
  for (const amount of [-1, 0, 0.5, 50.01, 1e9, Number.MAX_SAFE_INTEGER + 2, '50', '๕๐', null, true, {}]) {
    await expectRefused(ctx, '/v1/payments', { method: 'POST', json: { amount, ref1: 'a' } }, 400, 'invalid_amount');
  }
  const res = await call(ctx.target, '/v1/payments', { method: 'POST', body: '{"amount":1e400,"ref1":"a"}', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
});

test('ref1: control characters, markup, 1,000 characters, empty, Thai, spaces', async () => {
  const ctx = await recordedApp(env);
  for (const ref1 of ['a\u0000b', 'a\nb', '<script>alert(1)</script>', 'x'.repeat(1000), '', ' a', 'ใบสั่งซื้อ', 'a b', 'a&b=c', '../etc']) {
    await expectRefused(ctx, '/v1/payments', { method: 'POST', json: { amount: 50, ref1 } }, 400, 'invalid_ref1');
  }
});

test('tokens: forged, expired, another payment, wrong kind; ids that are not ids', async () => {
  const ctx = await recordedApp(env);
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } })).body;
  const other = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 60, ref1: 'b' } })).body;
  const path = `/v1/payments/${bill.id}/confirm`;
  const expired = await signPaymentToken(SECRET, { id: bill.id, ref1: 'a', amount: 50, billExpires: 1_000_000, sandbox: false }, 0);
  const order = await signOrder(SECRET, { ref1: 'a', amount: 50 });
  await expectRefused(ctx, path, { method: 'POST' }, 401, 'token_required');
  await expectRefused(ctx, path, { method: 'POST', token: 'not-a-token' }, 401, 'invalid_token');
  await expectRefused(ctx, path, { method: 'POST', token: bill.token.slice(0, -2) + 'xx' }, 401, 'invalid_token');
  await expectRefused(ctx, path, { method: 'POST', token: expired }, 401, 'token_expired');
  await expectRefused(ctx, path, { method: 'POST', token: order }, 401, 'invalid_token');
  await expectRefused(ctx, path, { method: 'POST', token: other.token }, 403, 'token_mismatch');
  await expectRefused(ctx, path, { method: 'POST', json: { token: 7 } }, 401, 'invalid_token');
  await expectRefused(ctx, `/v1/payments/${bill.id}/cancel`, { method: 'POST', token: other.token }, 403, 'token_mismatch');
  await expectRefused(ctx, '/v1/payments/1%20OR%201=1/confirm', { method: 'POST', token: bill.token }, 400, 'invalid_id');
  await expectRefused(ctx, `/v1/payments/${'9'.repeat(25)}`, { token: bill.token }, 400, 'invalid_id');
});

test('origins: a disallowed origin is refused before the upstream, simple requests and preflights alike', async () => {
  const ctx = await recordedApp(env);
  const json = { amount: 50, ref1: 'a' };
  await expectRefused(ctx, '/v1/payments', { method: 'POST', json, headers: { origin: 'https://evil.example' } }, 403, 'origin_not_allowed');
  await expectRefused(ctx, '/v1/payments', { method: 'POST', json, headers: { origin: 'null' } }, 403, 'origin_not_allowed');
  await expectRefused(ctx, '/v1/payments', { method: 'POST', json, headers: { origin: `${ALLOWED}.evil.example` } }, 403, 'origin_not_allowed');
  await expectRefused(ctx, '/v1/payments', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }, 403, 'origin_not_allowed');
  const preflight = await ctx.app.request('/v1/payments/1/confirm', {
    method: 'OPTIONS',
    headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), ALLOWED);
  const ok = await call(ctx.target, '/v1/payments', { method: 'POST', json, headers: { origin: ALLOWED } });
  assert.equal(ok.status, 201);
  assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
  assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json })).status, 201, 'a server-to-server call has no origin');
});

test('the customer IP: never from the body, never from an unconfigured header; from a configured one', async () => {
  const ctx = await recordedApp(env);
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } })).body;
  await expectRefused(ctx, `/v1/payments/${bill.id}/confirm`, { method: 'POST', json: { token: bill.token, ip: '6.6.6.6' } }, 400, 'unknown_field');
  await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token, headers: { 'x-forwarded-for': '6.6.6.6', 'cf-connecting-ip': '6.6.6.6' } });
  assert.equal(ctx.calls.find((c) => c.get('method') === 'confirm')!.get('ip'), '198.51.100.7');

  const behind = await recordedApp({ ...env, MAEMANEE_TRUSTED_IP_HEADER: 'X-Forwarded-For' });
  const b = (await call(behind.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } })).body;
  await call(behind.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token, headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.50' } });
  assert.equal(behind.calls.find((c) => c.get('method') === 'confirm')!.get('ip'), '203.0.113.50', 'the entry the trusted proxy added');
});

test('errors carry no internals, and security headers are set', async () => {
  const ctx = await recordedApp(env);
  ctx.host.setFault({ kind: 'html' });
  const res = await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
  assert.deepEqual(Object.keys(res.body), ['error']);
  assert.deepEqual(Object.keys(res.body.error), ['code', 'message']);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.headers.get('x-request-id'));
});

test('a forged Host does not make an origin "its own"', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com' });
  const res = await call(ctx.target, 'http://evil.test/v1/payments', { method: 'POST', json: { amount: 5, ref1: 'x' }, headers: { origin: 'http://evil.test', host: 'evil.test' } });
  assert.deepEqual([res.status, res.body.error?.code], [403, 'origin_not_allowed']);
  ctx.stop();
});

test('ref1 takes emails and phone numbers, and still refuses control, invisible and bidi characters', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  for (const ref1 of ['somchai@example.co.th', '+66812345678', 'user_01.a-b:c']) {
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } })).status, 201, ref1);
  }
  for (const ref1 of ['a\u0000b', 'a\u200bb', 'a\u202eb', 'x'.repeat(65), '@lead']) {
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } })).status, 400, JSON.stringify(ref1));
  }
  ctx.stop();
});

/** The proxy app through app.request(): the flow, health, tokens, bad input, CORS, logs, an upstream that refuses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, SANDBOX_SECRET } from '../../proxy/config.ts';
import { createProxy } from '../../proxy/create-proxy.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { signPaymentToken } from '../../proxy/tokens.ts';
import { call, createPayment, inProcess, runFlow } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

async function sandboxApp(env: Record<string, string> = {}) {
  const logs: Record<string, unknown>[] = [];
  const app = await createProxy(loadConfig({ MAEMANEE_CHECK_GAP_MS: '0', ...env }, 'node'), { log: (e) => logs.push(e), ledger: await openSqliteLedger(':memory:') });
  return { app, target: inProcess(app), logs };
}

test('the whole flow through app.request(): create, pending, pay, paid, expiry, cancel', async () => {
  const { target } = await sandboxApp();
  await runFlow(target, target, SANDBOX_SECRET);
});

test('health says which mode', async () => {
  const { target } = await sandboxApp();
  assert.deepEqual((await call(target, '/health')).body, { ok: true, mode: 'sandbox', upstream: 'ok', ledger: 'ok' });
});

test('tokens: missing, forged, for another payment, expired', async () => {
  const { target } = await sandboxApp();
  const bill = await createPayment(target, 50, 'order-1');
  const other = await createPayment(target, 60, 'order-2');
  const confirm = (token?: string) => call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token });

  let res = await confirm();
  assert.deepEqual([res.status, res.body.error.code], [401, 'token_required']);

  const [h, p] = bill.token.split('.');
  res = await confirm(`${h}.${p}.${'A'.repeat(43)}`);
  assert.deepEqual([res.status, res.body.error.code], [401, 'invalid_token']);

  const forgedClaims = btoa(JSON.stringify({ ...JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/'))), amount: 1 })).replace(/=+$/, '');
  res = await confirm(`${h}.${forgedClaims}.${bill.token.split('.')[2]}`);
  assert.deepEqual([res.status, res.body.error.code], [401, 'invalid_token'], 'changing a claim breaks the signature');

  res = await confirm(await signPaymentToken('another-secret-another-secret-xx', { id: bill.id, ref1: 'order-1', amount: 50, billExpires: 4e9, sandbox: true }));
  assert.deepEqual([res.status, res.body.error.code], [401, 'invalid_token'], 'signed with another key');

  res = await confirm(other.token);
  assert.deepEqual([res.status, res.body.error.code], [403, 'token_mismatch']);

  const expired = await signPaymentToken(SANDBOX_SECRET, { id: bill.id, ref1: 'order-1', amount: 50, billExpires: Math.floor(Date.now() / 1000) - 10, sandbox: true }, 5);
  res = await confirm(expired);
  assert.deepEqual([res.status, res.body.error.code], [401, 'token_expired']);

  res = await call(target, `/v1/payments/${bill.id}`, {});
  assert.equal(res.status, 401, 'reading a payment needs its token too');
  res = await call(target, `/v1/payments/${bill.id}/cancel`, { method: 'POST', token: other.token });
  assert.equal(res.status, 403);
});

test('bad input gets a clear 4xx with a code', async () => {
  const { target } = await sandboxApp();
  const create = (json: unknown) => call(target, '/v1/payments', { method: 'POST', json });
  const cases: [unknown, number, string][] = [
    [{ amount: -5, ref1: 'a' }, 400, 'invalid_amount'],
    [{ amount: 50.5, ref1: 'a' }, 400, 'invalid_amount'],
    [{ amount: '50', ref1: 'a' }, 400, 'invalid_amount'],
    [{ amount: 50_001, ref1: 'a' }, 400, 'invalid_amount'],
    [{ amount: 50 }, 400, 'invalid_ref1'],
    [{ amount: 50, ref1: '<b>x</b>' }, 400, 'invalid_ref1'],
    [{ amount: 50, ref1: 'a', ip: '1.2.3.4' }, 400, 'unknown_field'],
    [[50], 400, 'invalid_json'],
  ];
  for (const [json, status, code] of cases) {
    const res = await create(json);
    assert.deepEqual([res.status, res.body.error?.code], [status, code], JSON.stringify(json));
    assert.equal(typeof res.body.error.message, 'string');
  }
  let res = await call(target, '/v1/payments', { method: 'POST', body: '{"amount":', headers: { 'content-type': 'application/json' } });
  assert.deepEqual([res.status, res.body.error.code], [400, 'invalid_json']);
  res = await call(target, '/v1/payments', { method: 'POST', body: 'amount=50', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.deepEqual([res.status, res.body.error.code], [415, 'unsupported_media_type']);
  res = await call(target, '/v1/payments/12ab/confirm', { method: 'POST' });
  assert.deepEqual([res.status, res.body.error.code], [400, 'invalid_id']);
  res = await call(target, '/nowhere');
  assert.deepEqual([res.status, res.body.error.code], [404, 'not_found']);
});

test('amount bounds come from the configuration', async () => {
  const { target } = await sandboxApp({ MAEMANEE_AMOUNT_MIN: '20', MAEMANEE_AMOUNT_MAX: '100' });
  assert.equal((await call(target, '/v1/payments', { method: 'POST', json: { amount: 19, ref1: 'a' } })).status, 400);
  assert.equal((await call(target, '/v1/payments', { method: 'POST', json: { amount: 101, ref1: 'a' } })).status, 400);
  assert.equal((await call(target, '/v1/payments', { method: 'POST', json: { amount: 100, ref1: 'a' } })).status, 201);
});

test('the sandbox routes exist only in sandbox mode', async () => {
  const live = await createProxy(
    loadConfig({ TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p', TMWEASY_CON_ID: '1', MAEMANEE_SECRET: 'k'.repeat(40), MAEMANEE_UPSTREAM: 'http://127.0.0.1:9/api_mn.php' }, 'node'),
    { log: () => {}, ledger: await openSqliteLedger(':memory:') },
  );
  assert.equal((await live.request('/sandbox/payments/1/pay', { method: 'POST' })).status, 404);
  assert.deepEqual(await (await live.request('/health')).json(), { ok: true, mode: 'live', upstream: 'ok', ledger: 'ok' });
});

test('a create from another origin is a CORS simple request, and its answer is readable there', async () => {
  const { app } = await sandboxApp();
  const res = await app.request('/v1/payments', {
    method: 'POST',
    headers: { origin: 'https://shop.example', 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ amount: 50, ref1: 'a' }),
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example');
});

test('the customer IP sent to confirm comes from the connection', async () => {
  const { recordedApp } = await import('../helpers/sandbox-app.ts');
  const ctx = await recordedApp({}, { connectionIp: () => '203.0.113.9' });
  const bill = await createPayment(ctx.target, 50, 'a');
  await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token, headers: { 'x-forwarded-for': '6.6.6.6' } });
  ctx.stop();
  const seen = ctx.calls.filter((c) => c.get('method') === 'confirm').map((c) => c.get('ip'));
  assert.deepEqual(seen, ['203.0.113.9'], 'an unconfigured forwarding header is ignored');
});

test('one structured log line per request, with a request id and no token or query', async () => {
  const { target, logs } = await sandboxApp();
  const bill = await createPayment(target, 50, 'log-1');
  await call(target, `/v1/payments/${bill.id}/confirm?token=${bill.token}`, { method: 'POST', token: bill.token });
  const requests = logs.filter((e) => e.msg === 'request');
  assert.equal(requests.length, 2);
  const [create, confirm] = requests;
  assert.deepEqual([create.method, create.path, create.status], ['POST', '/v1/payments', 201]);
  assert.deepEqual([confirm.path, confirm.status], [`/v1/payments/${bill.id}/confirm`, 200]);
  assert.match(String(create.rid), /^[\w-]{8,}$/);
  assert.notEqual(create.rid, confirm.rid);
  assert.ok(!JSON.stringify(logs).includes(bill.token.split('.')[2]), 'no token in the logs');
});

test('an upstream that writes numbers as strings and prefixes its QR still gives the same answers', async () => {
  const { recordedApp } = await import('../helpers/sandbox-app.ts');
  const ctx = await recordedApp({});
  ctx.simulator.settings.numbersAs = 'string';
  ctx.simulator.settings.qrPrefix = true;
  const bill = await createPayment(ctx.target, 75, 'strings-1');
  assert.equal(bill.amount, 75);
  assert.match(bill.qr, /^data:image\/png;base64,iVBOR/);
  assert.ok(Date.parse(bill.expiresAt) - Date.now() > 590_000);
  ctx.simulator.pay(bill.id);
  const paid = await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
  assert.deepEqual([paid.body.status, paid.body.amount], ['paid', 75]);
});

test('a refused origin can read its refusal (and nothing else), which names the origin to add; the log names it too', async () => {
  const { target, logs } = await sandboxApp({ MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example' });
  const res = await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' }, headers: { origin: 'https://other.example' } });
  assert.deepEqual([res.status, res.body.error.code], [403, 'origin_not_allowed']);
  assert.match(res.body.error.message, /add https:\/\/other\.example to MAEMANEE_ALLOWED_ORIGINS/);
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://other.example');
  assert.equal(res.headers.get('access-control-expose-headers'), null);
  assert.ok(logs.some((l) => l.msg === 'origin_refused' && l.origin === 'https://other.example'));
  const allowed = await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' }, headers: { origin: 'https://shop.example' } });
  assert.deepEqual(
    [allowed.status, allowed.headers.get('access-control-allow-origin'), allowed.headers.get('access-control-expose-headers'), allowed.headers.get('vary')],
    [201, 'https://shop.example', 'Retry-After, X-Request-Id', 'Origin'],
  );
  const refusal = await call(target, '/v1/payments', { method: 'POST', json: { amount: -1, ref1: 'a' }, headers: { origin: 'https://shop.example' } });
  assert.deepEqual([refusal.status, refusal.headers.get('access-control-allow-origin')], [400, 'https://shop.example'], 'a route\'s error is readable too');
});

test('an account-level refusal is a 502 upstream_refused, logged; /health says so', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  const bill = await createPayment(ctx.target, 50, 'acct-1');
  ctx.simulator.credentials.password = 'changed-by-the-merchant';
  const read = await call(ctx.target, `/v1/payments/${bill.id}`, { token: bill.token });
  assert.deepEqual([read.status, read.body.id], [200, bill.id], 'a read is the ledger\'s, and asks the upstream nothing');
  for (const ref1 of ['acct-2', 'acct-3']) {
    const create = await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } });
    assert.deepEqual([create.status, create.body.error?.code], [502, 'upstream_refused']);
  }
  assert.ok(ctx.logs.some((l) => l.includes('upstream_refused') && l.includes('upstreamMsg')));
  assert.ok(!ctx.logs.some((l) => l.includes(LIVE_ENV.TMWEASY_PASSWORD)));
  const health = await call(ctx.target, '/health');
  assert.equal(health.body.upstream, 'refusing');
  ctx.stop();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newWebhookSecret, signWebhook, verifyWebhook, WebhookError } from '../../server-kit/index.ts';
import type { PaymentEvent } from '../../contract/http.ts';
import { loadConfig } from '../../proxy/config.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

const SECRET = LIVE_ENV.MAEMANEE_WEBHOOK_SECRET;

async function paidBill(env: Record<string, string>) {
  const ctx = await recordedApp(env, { schedule: { webhookBaseMs: 20 } });
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 80, ref1: 'w-1' } })).body;
  ctx.simulator.pay(bill.id);
  return { ...ctx, bill };
}

test('a paid bill is posted once, signed, verifiable with verifyWebhook', async () => {
  const hook = await webhookReceiver();
  try {
    const { target, bill } = await paidBill({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hook.url}/hook` });
    const confirm = () => call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await Promise.all([confirm(), confirm()]); // two tabs at once
    await confirm();
    await hook.until(1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(hook.received.length, 1, 'one event for one paid bill');
    const event = await verifyWebhook(SECRET, hook.received[0].body, hook.received[0].headers);
    assert.ok(event.type === 'payment.paid');
    assert.deepEqual([event.id, event.type, event.data.id, event.data.amount, event.data.ref1, event.data.sandbox], [`payment.paid:${bill.id}`, 'payment.paid', bill.id, 80, 'w-1', false]);
  } finally {
    await hook.close();
  }
});

test('a failing receiver is retried with backoff until it accepts', async () => {
  const hook = await webhookReceiver(2);
  try {
    const { target, bill } = await paidBill({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url });
    const started = Date.now();
    const res = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(res.body.status, 'paid', 'the browser is answered without waiting for the webhook');
    await hook.until(3);
    assert.ok(Date.now() - started >= 20 + 40, 'waits 20 ms then 40 ms between attempts');
    assert.equal(new Set(hook.received.map((r) => JSON.parse(r.body).id)).size, 1, 'every attempt is the same event');
  } finally {
    await hook.close();
  }
});

test('verifyWebhook: tampered body, wrong secret, old timestamp, missing headers, another id, sandbox events; any of several secrets', async () => {
  const body = JSON.stringify({ id: 'payment.paid:1', type: 'payment.paid', created: 'x', data: { id: '1', ref1: 'r', amount: 5, paidAt: 'x', late: false, sandbox: false } });
  const now = Math.floor(Date.now() / 1000);
  const headers = async (b = body, t = now, secrets = [SECRET], id = 'payment.paid:1') => ({
    'webhook-id': id,
    'webhook-timestamp': String(t),
    'webhook-signature': await signWebhook(secrets, id, t, b),
  });
  assert.equal((await verifyWebhook(SECRET, body, await headers())).data.id, '1');
  assert.equal((await verifyWebhook(SECRET, body, new Headers(await headers()))).data.id, '1', 'a Fetch Headers');
  await assert.rejects(verifyWebhook(SECRET, body.replace('"amount":5', '"amount":500'), await headers()), /no webhook-signature matches/);
  await assert.rejects(verifyWebhook(newWebhookSecret(), body, await headers()), /no webhook-signature matches/);
  await assert.rejects(verifyWebhook(SECRET, body, await headers(body, now - 301)), /too far/);
  await assert.rejects(verifyWebhook(SECRET, body, {}), WebhookError);
  await assert.rejects(verifyWebhook(SECRET, body, { ...(await headers()), 'webhook-signature': 'v1,not-base64!' }), WebhookError);
  await assert.rejects(verifyWebhook(SECRET, body, await headers(body, now, [SECRET], 'payment.paid:2')), /not a maemanee-pay event/, 'the id signed is the event\'s');
  const sandboxBody = body.replace('"sandbox":false', '"sandbox":true');
  await assert.rejects(verifyWebhook(SECRET, sandboxBody, await headers(sandboxBody)), /sandbox/);
  assert.equal((await verifyWebhook(SECRET, sandboxBody, await headers(sandboxBody), { allowSandbox: true })).data.sandbox, true);
  const next = newWebhookSecret();
  const both = await headers(body, now, [SECRET, next]);
  assert.equal(both['webhook-signature'].split(' ').length, 2, 'one v1 signature per secret');
  assert.equal((await verifyWebhook(next, body, both)).id, 'payment.paid:1', 'a receiver that knows only the new secret');
  assert.equal((await verifyWebhook(SECRET, body, both)).id, 'payment.paid:1', 'and one that knows only the old');
  assert.equal((await verifyWebhook(`${newWebhookSecret()} ${next}`, body, both)).id, 'payment.paid:1', 'a receiver with several, space-separated');
  await assert.rejects(signWebhook(['whsec_short'], 'x', now, body), /whsec_/);
});

/** A merchant's endpoint that verifies every delivery with the npm `standardwebhooks` library and its secret. */
async function standardReceiver(secret: string) {
  const { Webhook } = await import('standardwebhooks');
  const wh = new Webhook(secret);
  const accepted: string[] = [];
  const refused: string[] = [];
  const state = { up: true };
  const turnedAway: string[] = [];
  const server = await listen(async (request) => {
    const body = await request.text();
    if (!state.up) {
      turnedAway.push(request.headers.get('webhook-id') ?? '?');
      return new Response('down', { status: 503 });
    }
    try {
      const event = wh.verify(body, Object.fromEntries(request.headers)) as { id: string };
      accepted.push(event.id);
      return new Response(null, { status: 204 });
    } catch {
      refused.push(request.headers.get('webhook-id') ?? '?');
      return new Response('bad signature', { status: 400 });
    }
  });
  return { ...server, accepted, refused, turnedAway, state };
}

const waitFor = async (what: () => boolean, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('Standard Webhooks, two endpoints with their own secrets: verified by the standardwebhooks library; one down a while then back; each gets each event exactly once', async () => {
  const own = newWebhookSecret();
  const a = await standardReceiver(SECRET);
  const b = await standardReceiver(own);
  b.state.up = false;
  const ctx = await recordedApp(
    { ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${a.url}/hook,${b.url}/hook`, MAEMANEE_WEBHOOK_SECRET_2: own },
    { schedule: { webhookBaseMs: 100, reconcileMs: 50 } },
  );
  try {
    const ids: string[] = [];
    for (const ref1 of ['sw-1', 'sw-2', 'sw-3']) {
      const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 40, ref1 } })).body;
      ctx.simulator.pay(bill.id); // found by the proxy's own checks
      ids.push(`payment.paid:${bill.id}`);
    }
    await waitFor(() => ids.every((id) => a.accepted.includes(id)), 5000, 'the endpoint that is up');
    await new Promise((r) => setTimeout(r, 1500)); // B stays down through several retries; A is not held up by it
    b.state.up = true;
    for (const id of ids) assert.ok(b.turnedAway.filter((x) => x === id).length >= 2, `B was retried for ${id} while down`);
    assert.deepEqual(a.turnedAway, []);
    await waitFor(() => ids.every((id) => b.accepted.includes(id)), 10_000, 'the endpoint that came back');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([...a.accepted].sort(), [...ids].sort(), 'A: each event once');
    assert.deepEqual([...b.accepted].sort(), [...ids].sort(), 'B: each event once, after its retries');
    assert.deepEqual([a.refused, b.refused], [[], []], 'every delivery verified, with each endpoint\'s own secret');
  } finally {
    ctx.stop();
    await a.close();
    await b.close();
  }
});

test('rotation: with two secrets configured, a receiver that knows only the new one and one that knows only the old one both verify', async () => {
  const next = newWebhookSecret();
  const oldOnly = await standardReceiver(SECRET);
  const newOnly = await standardReceiver(next);
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${oldOnly.url}/hook,${newOnly.url}/hook`, MAEMANEE_WEBHOOK_SECRET: `${next} ${SECRET}` });
  try {
    const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 41, ref1: 'rotate-1' } })).body;
    ctx.simulator.pay(bill.id);
    await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await waitFor(() => oldOnly.accepted.length === 1 && newOnly.accepted.length === 1, 5000, 'both receivers');
    assert.deepEqual([oldOnly.refused, newOnly.refused], [[], []]);
  } finally {
    ctx.stop();
    await oldOnly.close();
    await newOnly.close();
  }
});

test('an event for every outcome: payment.expired at the end of the grace, payment.paid with late: true for a bill paid after its expiry', async () => {
  const hook = await standardReceiver(SECRET);
  const events: PaymentEvent[] = [];
  const ctx = await recordedApp(
    { ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url, MAEMANEE_SANDBOX_WINDOW: '2' },
    { schedule: { reconcileMs: 100, graceMs: 1000 } },
  );
  try {
    const unpaid = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 42, ref1: 'never-paid' } })).body;
    const late = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 43, ref1: 'paid-late' } })).body;
    await waitFor(() => Date.now() > Date.parse(late.expiresAt) + 200, 5000, 'the expiry');
    ctx.simulator.pay(late.id);
    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    await waitFor(() => hook.accepted.includes(`payment.expired:${unpaid.id}`) && hook.accepted.includes(`payment.paid:${late.id}`), 10_000, 'both events');
    events.push(...(await call(ctx.target, '/v1/events', { token })).body.events);
    const expired = events.find((e) => e.id === `payment.expired:${unpaid.id}`)!;
    assert.deepEqual([expired.type, expired.data.ref1, expired.data.amount], ['payment.expired', 'never-paid', 42]);
    const paid = events.find((e) => e.id === `payment.paid:${late.id}`)!;
    assert.equal(paid.type === 'payment.paid' && paid.data.late, true);
    assert.ok(!events.some((e) => e.id === `payment.expired:${late.id}`), 'the late-paid bill is not also expired');
    const onlyPaid = (await call(ctx.target, '/v1/events?type=payment.paid', { token })).body.events as PaymentEvent[];
    assert.ok(onlyPaid.length > 0 && onlyPaid.every((e) => e.type === 'payment.paid'), '?type=');
    assert.equal((await call(ctx.target, '/v1/events?type=payment.nope', { token })).status, 400);
  } finally {
    ctx.stop();
    await hook.close();
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
    assert.deepEqual(Object.keys(paid[0]).sort(), ['amount', 'createdAt', 'expiresAt', 'id', 'late', 'link', 'paidAt', 'ref1', 'sandbox', 'status']);
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

test('webhook secrets: required with a webhook URL in live mode, of the standard form, and one per endpoint if given', () => {
  const live = { TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p', TMWEASY_CON_ID: '1', MAEMANEE_SECRET: 'k'.repeat(40), MAEMANEE_WEBHOOK_URL: 'https://a.example/h,https://b.example/h' };
  assert.throws(() => loadConfig(live, 'node'), /MAEMANEE_WEBHOOK_SECRET must be set/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_WEBHOOK_SECRET: 'not-a-whsec' }, 'node'), /whsec_/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' }, 'node'), /24 to 64/);
  const own = newWebhookSecret();
  const config = loadConfig({ ...live, MAEMANEE_WEBHOOK_SECRET: `${SECRET} ${own}`, MAEMANEE_WEBHOOK_SECRET_2: own }, 'node');
  assert.deepEqual(config.webhooks, [
    { url: 'https://a.example/h', secrets: [SECRET, own], secretsFrom: 'MAEMANEE_WEBHOOK_SECRET' },
    { url: 'https://b.example/h', secrets: [own], secretsFrom: 'MAEMANEE_WEBHOOK_SECRET_2' },
  ]);
});

/**
 * Webhooks: each event posted to each endpoint once, signed as Standard Webhooks (verified by verifyWebhook and by the
 * npm standardwebhooks library), retried with backoff while an endpoint is down, never holding up another endpoint or
 * the proxy's own checks; secrets rotated and one per endpoint; an event for every outcome.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newWebhookSecret, signWebhook, verifyWebhook, WebhookError } from '../../server-kit/index.ts';
import type { PaymentEvent } from '../../contract/http.ts';
import { loadConfig } from '../../proxy/config.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { testClock } from '../helpers/clock.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { sleep, until } from '../helpers/wait.ts';
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
    await until(() => ids.every((id) => a.accepted.includes(id)), 5000, 'the endpoint that is up');
    await new Promise((r) => setTimeout(r, 1500)); // B stays down through several retries; A is not held up by it
    b.state.up = true;
    for (const id of ids) assert.ok(b.turnedAway.filter((x) => x === id).length >= 2, `B was retried for ${id} while down`);
    assert.deepEqual(a.turnedAway, []);
    await until(() => ids.every((id) => b.accepted.includes(id)), 10_000, 'the endpoint that came back');
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
    await until(() => oldOnly.accepted.length === 1 && newOnly.accepted.length === 1, 5000, 'both receivers');
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
  const clock = testClock();
  const ctx = await recordedApp(
    { ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url, MAEMANEE_SANDBOX_WINDOW: '2' },
    { schedule: { reconcileMs: 100, graceMs: 1000 }, clock },
  );
  try {
    const unpaid = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 42, ref1: 'never-paid' } })).body;
    const late = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 43, ref1: 'paid-late' } })).body;
    clock.advance(Date.parse(late.expiresAt) + 200 - clock.now()); // the expiry
    ctx.simulator.pay(late.id);
    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    await until(() => hook.accepted.includes(`payment.expired:${unpaid.id}`) && hook.accepted.includes(`payment.paid:${late.id}`), 10_000, 'both events');
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

test('a webhook endpoint down: retried, each attempt numbered, delivered once when it comes back', async () => {
  const hook = await webhookReceiver();
  hook.state.up = false;
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url }, { schedule: { webhookBaseMs: 50 } });
  try {
    const b = await createPayment(ctx.target, 30, 'down-1');
    ctx.simulator.pay(b.id);
    assert.equal((await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token })).body.status, 'paid');
    await until(() => hook.state.refused >= 3, 5000, 'three refused attempts');
    hook.state.up = true;
    await until(() => hook.received.length === 1, 5000, 'the delivery');
    assert.ok(Number(hook.received[0].attempt) >= 4);
    await sleep(300);
    assert.equal(hook.received.length, 1);
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('background work does not wait on a slow shop: with the webhook receiver hanging, the next unwatched payment is found on time', { timeout: 30_000 }, async () => {
  const hanging = await listen(() => new Promise<Response>(() => {}));
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hanging.url}/hook` }, { schedule: { reconcileMs: 300 } });
  try {
    const a = await createPayment(ctx.target, 20, 'slow-shop-a');
    ctx.simulator.pay(a.id); // no browser: the proxy finds it, and its webhook hangs for 10 s
    await until(async () => (await ctx.ledger.bill(a.id))?.paid, 3000, 'the first unwatched payment');
    const b = await createPayment(ctx.target, 21, 'slow-shop-b');
    ctx.simulator.pay(b.id);
    await until(async () => (await ctx.ledger.bill(b.id))?.paid, 3000, 'the next unwatched payment, found on time');
  } finally {
    ctx.stop();
    await hanging.close();
  }
});

test('one endpoint hanging never delays another, and asking for a redelivery five times sends it once', { timeout: 30_000 }, async () => {
  const hanging = await listen(() => new Promise<Response>(() => {}));
  const got: string[] = [];
  const working = await listen(async (request) => (got.push(JSON.parse(await request.text()).id), new Response('ok')));
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hanging.url}/hook,${working.url}/hook` }, { schedule: { reconcileMs: 300 } });
  try {
    const a = await createPayment(ctx.target, 20, 'slow-shop-c');
    ctx.simulator.pay(a.id);
    const id = `payment.paid:${a.id}`;
    await until(() => got.includes(id), 3000, 'the working endpoint, while the other hangs');
    await sleep(200); // the working endpoint's delivery is recorded

    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    const asks = await Promise.all(Array.from({ length: 5 }, () => call(ctx.target, `/v1/events/${id}/redeliver`, { method: 'POST', token })));
    assert.ok(asks.every((r) => r.status === 202));
    assert.equal(asks.reduce((n, r) => n + r.body.queued, 0), 1, 'one redelivery queued for five asks (the hanging endpoint\'s is still waiting)');
    await until(() => got.filter((x) => x === id).length === 2, 3000, 'the redelivery');
    await sleep(500);
    assert.equal(got.filter((x) => x === id).length, 2, 'sent once more, not five times');
  } finally {
    ctx.stop();
    await hanging.close();
    await working.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signWebhook, verifyWebhook, WebhookError, SIGNATURE_HEADER } from '../../proxy/server/index.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { call } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;

/** A merchant's webhook endpoint on 127.0.0.1 that fails its first `failures` deliveries. */
async function receiver(failures = 0) {
  const received: { body: string; signature: string | null }[] = [];
  let waiting: (() => void)[] = [];
  const server = await listen(async (request) => {
    received.push({ body: await request.text(), signature: request.headers.get(SIGNATURE_HEADER) });
    waiting.forEach((w) => w());
    waiting = [];
    return received.length <= failures ? new Response('down', { status: 500 }) : new Response('ok');
  });
  const until = async (n: number) => {
    while (received.length < n) await new Promise<void>((r) => waiting.push(r));
  };
  return { ...server, received, until };
}

async function paidBill(env: Record<string, string>) {
  const ctx = await recordedApp(env, { schedule: { webhookBaseMs: 20 } });
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 80, ref1: 'w-1' } })).body;
  ctx.simulator.pay(bill.id);
  return { ...ctx, bill };
}

test('a paid bill is posted once, signed, verifiable with verifyWebhook', async () => {
  const hook = await receiver();
  try {
    const { target, bill } = await paidBill({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hook.url}/hook` });
    const confirm = () => call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await Promise.all([confirm(), confirm()]); // two tabs at once
    await confirm();
    await hook.until(1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(hook.received.length, 1, 'one event for one paid bill');
    const event = await verifyWebhook(SECRET, hook.received[0].body, hook.received[0].signature);
    assert.deepEqual([event.id, event.type, event.data.id, event.data.amount, event.data.ref1, event.data.sandbox], [`payment.paid:${bill.id}`, 'payment.paid', bill.id, 80, 'w-1', false]);
  } finally {
    await hook.close();
  }
});

test('a failing receiver is retried with backoff until it accepts', async () => {
  const hook = await receiver(2);
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

test('verifyWebhook: tampered body, wrong secret, old timestamp, missing header, sandbox events', async () => {
  const body = JSON.stringify({ id: '1', type: 'payment.paid', created: 'x', data: { id: '1', ref1: 'r', amount: 5, paidAt: 'x', sandbox: false } });
  const header = await signWebhook(SECRET, body);
  assert.equal((await verifyWebhook(SECRET, body, header)).id, '1');
  await assert.rejects(verifyWebhook(SECRET, body.replace('"amount":5', '"amount":500'), header), /does not match/);
  await assert.rejects(verifyWebhook('z'.repeat(40), body, header), /does not match/);
  const old = await signWebhook(SECRET, body, Math.floor(Date.now() / 1000) - 301);
  await assert.rejects(verifyWebhook(SECRET, body, old), /too old/);
  await assert.rejects(verifyWebhook(SECRET, body, null), WebhookError);
  await assert.rejects(verifyWebhook(SECRET, body, 't=1,v1=zz'), WebhookError);
  const sandboxBody = body.replace('"sandbox":false', '"sandbox":true');
  await assert.rejects(verifyWebhook(SECRET, sandboxBody, await signWebhook(SECRET, sandboxBody)), /sandbox/);
  assert.equal((await verifyWebhook(SECRET, sandboxBody, await signWebhook(SECRET, sandboxBody), { allowSandbox: true })).data.sandbox, true);
});

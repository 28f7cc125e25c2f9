/**
 * Signed orders: the shop sets the amount, the browser cannot change it, and one order is one bill on every instance:
 * a reload or a second tab gets the pending bill back, a paid order answers its payment however often it is signed
 * again (around its bill's expiry, after the proxy's own checks ended), and an expired bill is replaced only once the
 * upstream has cancelled it.
 */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderKey } from '../../proxy/payments/bill-maker.ts';
import { createPaymentsService } from '../../proxy/payments/service.ts';
import { signOrder } from '../../server-kit/index.ts';
import { call } from '../helpers/flow.ts';
import { testClock } from '../helpers/clock.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { shortGrace, typesOf } from '../helpers/short-grace.ts';
import { sleep } from '../helpers/wait.ts';

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

test('a paid order answers its payment however it is signed again; a pending one returns its bill', async () => {
  const ctx = await recordedApp();
  const order = { ref1: 'order-77', amount: 120 };
  const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  assert.equal(first.status, 201);
  await sleep(1100); // a later signature has another iat, so other token text
  const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  assert.deepEqual([again.status, again.body.id], [200, first.body.id]);
  ctx.simulator.pay(first.body.id);
  const paidAgain = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, { ...order, expiresInSeconds: 99 }) } });
  assert.deepEqual([paidAgain.status, paidAgain.body.status, paidAgain.body.id, paidAgain.body.amount], [200, 'paid', first.body.id, 120]);
  assert.ok(paidAgain.body.receipt, 'with its receipt');
  ctx.stop();
});

test('two instances asked for one order at the same moment make one bill, and both answer it', async () => {
  const ctx = await recordedApp();
  const other = createPaymentsService({ config: ctx.config, upstream: ctx.upstream, ledger: ctx.ledger, log: () => {} });
  const order = { ref1: 'order-race', amount: 95 };
  const caller = { ip: '192.0.2.9' };
  const [a, b] = await Promise.all([ctx.payments.createForOrder(order, caller), other.createForOrder(order, caller)]);
  assert.equal(a.payment.id, b.payment.id, 'one bill');
  assert.deepEqual([a.created, b.created].sort(), [false, true]);
  assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, 1, 'one create_pay upstream');
  ctx.stop();
});

test('an order whose creator failed is billed on the retry; one held by a vanished instance answers 503 order_busy, then is billed once the claim lapses', async () => {
  const clock = testClock();
  const ctx = await recordedApp(LIVE_ENV, { schedule: { orderWaitMs: 500 }, clock });
  const order = { ref1: 'order-held', amount: 95 };
  const create = async () => call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  ctx.host.setFault({ kind: 'html', methods: ['create_pay'], count: 1 });
  assert.equal((await create()).status, 502, 'the upstream failed the first create');
  assert.equal((await create()).status, 201, 'its claim was released: the retry creates at once');

  const held = { ref1: 'order-held-2', amount: 95 };
  assert.ok(await ctx.ledger.claimOrder(orderKey(held), clock.now(), 1500), 'an instance claims the order and vanishes');
  const busy = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, held) } });
  assert.deepEqual([busy.status, busy.body.error?.code, busy.headers.get('retry-after')], [503, 'order_busy', '2']);
  assert.deepEqual(ctx.methods().filter((m) => m === 'create_pay').length, 2, 'no bill made while the claim is held');
  clock.advance(1100);
  const after = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, held) } });
  assert.equal(after.status, 201, 'billed once the claim lapsed');
  ctx.stop();
});

test('an order is never billed twice around its expiry: paid 0.5 s before it, asked again 0.3 s after it, within the check gap', { timeout: 30_000 }, async () => {
  const clock = testClock();
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_SANDBOX_WINDOW: '3' }, { schedule: { checkGapMs: 2000 }, clock });
  try {
    const order = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry', amount: 60 });
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    const expires = Date.parse(first.body.expiresAt);
    clock.advance(expires - 1000 - clock.now());
    const checked = await call(ctx.target, `/v1/payments/${first.body.id}/confirm`, { method: 'POST', token: first.body.token });
    assert.equal(checked.body.status, 'pending');
    clock.advance(expires - 500 - clock.now());
    ctx.simulator.pay(first.body.id);
    clock.advance(expires + 300 - clock.now());
    const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([again.status, again.body.status, again.body.id], [200, 'paid', first.body.id], 'its payment, not a second bill');
    assert.equal(again.body.late, true, 'confirmed after the expiry');
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, 1);

    // Unpaid: a new bill only once the upstream has cancelled the old one.
    const unpaid = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry-2', amount: 61 });
    const old = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: unpaid } });
    await call(ctx.target, `/sandbox/payments/${old.body.id}/expire`, { method: 'POST' });
    const replaced = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: unpaid } });
    assert.equal(replaced.status, 201);
    assert.deepEqual(ctx.methods().filter((m) => m !== 'detail_pay').slice(-3), ['confirm', 'cancel', 'create_pay']);
    assert.equal((await ctx.ledger.bill(old.body.id))?.status, 'cancelled');

    // A cancel whose outcome is unknown (it took effect, then the host failed) makes no new bill, then or after.
    const stuck = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry-3', amount: 62 });
    const third = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } });
    await call(ctx.target, `/sandbox/payments/${third.body.id}/expire`, { method: 'POST' });
    ctx.host.setFault({ kind: 'html', methods: ['cancel'], count: 1 });
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } })).status, 502);
    const later = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } });
    assert.deepEqual([later.status, later.body.error?.code], [409, 'order_unsettled'], 'the shop must look before it is billed again');
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates);
  } finally {
    ctx.stop();
  }
});

test('an expired bill without a QR can be read and its order billed again; detail_pay always says qr=0 or qr=1', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  ctx.simulator.settings.expiredQr = false;
  const order = await signOrder(SECRET, { ref1: 'exp-1', amount: 30 });
  const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
  assert.equal(first.status, 201);
  ctx.simulator.expire(first.body.id);
  await ctx.payments.expireNow(first.body.id);
  const read = await call(ctx.target, `/v1/payments/${first.body.id}`, { token: first.body.token });
  assert.deepEqual([read.status, read.body.status, read.body.qr], [200, 'expired', '']);
  const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.notEqual(again.body.id, first.body.id);
  const details = ctx.calls.filter((c) => c.get('method') === 'detail_pay');
  assert.ok(details.length > 0 && details.every((c) => c.get('qr') === '0' || c.get('qr') === '1'));
  ctx.stop();
});

test('an order asked again whose previous bill ended expired and was paid after: that payment, never a second bill', async () => {
  const ctx = await shortGrace();
  try {
    const order = await signOrder(SECRET, { ref1: 'late-order', amount: 43 });
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    await ctx.endUnpaid(first.body.id);
    ctx.simulator.pay(first.body.id);
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    for (let i = 0; i < 2; i++) {
      const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
      assert.deepEqual([again.status, again.body.status, again.body.id, again.body.late], [200, 'paid', first.body.id, true], JSON.stringify(again.body));
    }
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates, 'not billed twice');
    assert.deepEqual(typesOf(await ctx.events(first.body.id)), ['payment.expired', 'payment.paid']);
  } finally {
    ctx.stop();
  }
});

test('an order asked again whose previous bill ended expired and stayed unpaid: asked of the upstream again, cancelled, then billed anew', async () => {
  const ctx = await shortGrace();
  try {
    const order = await signOrder(SECRET, { ref1: 'late-order-2', amount: 44 });
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    await ctx.endUnpaid(first.body.id);
    const from = ctx.methods().length;
    const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(again.status, 201);
    assert.notEqual(again.body.id, first.body.id);
    assert.deepEqual(
      ctx.calls.slice(from).filter((c) => c.get('id_pay') === first.body.id).map((c) => c.get('method')),
      ['confirm', 'cancel'],
      'the old bill was asked about (its last "not paid" was from the end of the checks), then cancelled',
    );
    assert.equal((await ctx.ledger.bill(first.body.id))?.status, 'cancelled');
  } finally {
    ctx.stop();
  }
});

test("an order asked again within the check gap of the proxy's last check, paid since: the refused cancel is a reason to ask, and answers that payment", async () => {
  const ctx = await shortGrace({ schedule: { checkGapMs: 1000 } });
  try {
    const order = await signOrder(SECRET, { ref1: 'late-order-gap', amount: 48 });
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    await ctx.endUnpaid(first.body.id);
    // Paid just after the proxy's last own check: its "not paid" still stands for the gap, and the upstream now
    // refuses the cancel ("already paid").
    assert.equal((await call(ctx.target, `/sandbox/payments/${first.body.id}/pay`, { method: 'POST' })).status, 200);
    const checkedAt = (await ctx.ledger.bill(first.body.id))!.checkedAt!;
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([again.status, again.body.status, again.body.id, again.body.late], [200, 'paid', first.body.id, true], JSON.stringify(again.body));
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates, 'not billed twice');
    const asked = ctx.calls.filter((c) => c.get('id_pay') === first.body.id).map((c) => c.get('method'));
    assert.deepEqual(asked.slice(-2), ['cancel', 'confirm'], 'asked again after the refused cancel');
    assert.ok((await ctx.ledger.bill(first.body.id))!.checkedAt! - checkedAt >= 1000, 'no sooner than the gap allows');
    assert.deepEqual(typesOf(await ctx.events(first.body.id)), ['payment.expired', 'payment.paid']);
  } finally {
    ctx.stop();
  }
});

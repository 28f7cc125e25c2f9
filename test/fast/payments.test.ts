/**
 * A payment's life after its bill is made: checks of the upstream, shared and spaced (the upstream economy), the
 * proxy's own checks for a customer who closed the tab, paid for ever, expiry and its grace, a payment the upstream
 * confirms late (after the proxy's own checks ended) and a bill that needs review, never quietly expired.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SCHEDULE, nextCheckAt, nextDeliveryAt } from '../../proxy/payments/schedule.ts';
import { createPaymentsService } from '../../proxy/payments/service.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { getPayment, verifyWebhook } from '../../server-kit/index.ts';
import { signMerchantToken, verifyReceipt } from '../../server-kit/tokens.ts';
import { testClock } from '../helpers/clock.ts';
import { call, createPayment, overHttp } from '../helpers/flow.ts';
import { events, lookup } from '../helpers/merchant-reads.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { shortLives, simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';
import { lateOf, shortGrace, SHORT_GRACE_ENV, typesOf } from '../helpers/short-grace.ts';
import { sleep, until } from '../helpers/wait.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ENV = SHORT_GRACE_ENV;
const quiet = { log: () => {} };
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

test('the default schedule: a tab-closed payment is found within 60 s, checks go on 3 hours, webhooks retry 72 hours', () => {
  const s = DEFAULT_SCHEDULE;
  const t = 0;
  const expires = 600_000;
  assert.ok(nextCheckAt(expires, t, s) - t + 1000 <= 60_000, 'check interval plus a scheduler tick within 60 s');
  let at = t;
  let checks = 0;
  while (at < expires + s.graceMs) {
    at = nextCheckAt(expires, at, s);
    checks++;
  }
  assert.ok(at >= expires + 3 * 3600_000);
  assert.ok(checks < 60, `${checks} upstream checks for a bill nobody watches`);
  for (let late = 0; late < 2 * 3600_000; late += 12_345) {
    assert.ok(Number.isInteger(nextCheckAt(expires, expires + late, s)), `epoch milliseconds, whole, ${late} ms after expiry`);
  }
  let attempt = 1;
  let when = 0;
  for (;;) {
    const next = nextDeliveryAt(attempt, 0, when, s);
    if (next === null) break;
    when = next;
    attempt++;
  }
  assert.ok(when >= 72 * 3600_000 && when <= 73 * 3600_000, `retries end at ${when / 3600_000} h`);
  assert.ok(attempt < 90, `${attempt} attempts`);
});

test('paid is forever, and a second instance on the ledger answers it without the upstream', async () => {
  const ctx = await recordedApp();
  const b = await createPayment(ctx.target, 70, 'forever-1');
  ctx.simulator.pay(b.id);
  const first = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(first.body.status, 'paid');
  ctx.simulator.settings.secondConfirm = 'used';
  const other = createPaymentsService({ config: ctx.config, upstream: { confirm: () => assert.fail('no upstream call for a paid bill') } as never, ledger: ctx.ledger, log: () => {} });
  const again = await other.confirm({ id: b.id, ref1: b.ref1, amount: b.amount, billExpires: 0 }, { ip: '192.0.2.9' });
  assert.deepEqual(again, first.body, 'the same facts and receipt');
  ctx.stop();
});

test('upstream economy: ten checks at once cost one confirm; a pending check is one call; within the gap the last state', async () => {
  const clock = testClock();
  const ctx = await recordedApp(LIVE_ENV, { schedule: { checkGapMs: 2000 }, clock });
  const b = await createPayment(ctx.target, 70, 'economy-1');
  const before = ctx.methods().length;
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token })),
  );
  assert.ok(answers.every((a) => a.body.status === 'pending'));
  assert.deepEqual(ctx.methods().slice(before), ['confirm'], 'one upstream call, and no detail_pay to learn the expiry');
  ctx.simulator.pay(b.id);
  const soon = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(soon.body.status, 'pending', 'within 2 s the last known state');
  assert.equal(ctx.methods().length - before, 1);
  clock.advance(2000);
  const later = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(later.body.status, 'paid');
  ctx.stop();
});

test('a customer who pays and closes the tab: the proxy finds the payment itself and the shop gets one webhook', async () => {
  const hook = await webhookReceiver();
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url }, { schedule: { reconcileMs: 100 } });
  try {
    const b = await createPayment(ctx.target, 90, 'closed-tab');
    ctx.simulator.pay(b.id); // and no browser ever checks
    await until(() => hook.received.length === 1, 5000, 'the webhook');
    const delivered = await verifyWebhook(LIVE_ENV.MAEMANEE_WEBHOOK_SECRET, hook.received[0].body, hook.received[0].headers);
    assert.equal(delivered.type, 'payment.paid');
    assert.deepEqual([delivered.id, delivered.data.id, delivered.data.amount, hook.received[0].attempt], [`payment.paid:${b.id}`, b.id, 90, '1']);
    await sleep(300);
    assert.equal(hook.received.length, 1, 'one event per bill');
    const confirm = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
    assert.equal(confirm.body.paidAt, delivered.type === 'payment.paid' && delivered.data.paidAt, 'the browser, coming back later, sees the same facts');
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('an expired bill a page keeps open: asked of the upstream in its first minute, then answered from the ledger with checkUntil; a late payment is marked late', async () => {
  const ctx = await recordedApp(LIVE_ENV, { schedule: { checkGapMs: 0 } });
  try {
    const a = await createPayment(ctx.target, 25, 'late-page');
    await call(ctx.target, `/sandbox/payments/${a.id}/expire`, { method: 'POST' });
    const soon = await call(ctx.target, `/v1/payments/${a.id}/confirm`, { method: 'POST', token: a.token });
    const row = (await ctx.ledger.bill(a.id))!;
    assert.deepEqual([soon.body.status, soon.body.checkUntil], ['expired', new Date(row.expiresAt + ctx.config.schedule.graceMs).toISOString()]);
    ctx.simulator.pay(a.id);
    const found = await call(ctx.target, `/v1/payments/${a.id}/confirm`, { method: 'POST', token: a.token });
    assert.deepEqual([found.body.status, found.body.late], ['paid', true]);
    const { verifyReceipt } = await import('../../server-kit/tokens.ts');
    assert.equal((await verifyReceipt(SECRET, found.body.receipt)).late, true, 'the receipt says late too');

    // A minute and more past its expiry, a page's checks cost the upstream nothing: the proxy's own checks look.
    const b = await createPayment(ctx.target, 26, 'late-page-2');
    await ctx.ledger.expireNow(b.id, Date.now() - 61_000);
    const confirms = () => ctx.methods().filter((m) => m === 'confirm').length;
    const before = confirms();
    for (let i = 0; i < 5; i++) {
      const res = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
      assert.deepEqual([res.body.status, typeof res.body.checkUntil], ['expired', 'string']);
    }
    assert.equal(confirms(), before, 'no upstream call from the page');
  } finally {
    ctx.stop();
  }
});

test("a payer's confirm of a bill that ended expired asks the upstream: paid late, with its receipt and payment.paid", async () => {
  const ctx = await shortGrace();
  try {
    const bill = await createPayment(ctx.target, 40, 'late-confirm');
    await ctx.endUnpaid(bill.id);
    ctx.simulator.pay(bill.id); // after the proxy stopped looking
    const res = await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual([res.status, res.body.status, res.body.late], [200, 'paid', true]);
    assert.equal((await verifyReceipt(SECRET, res.body.receipt)).late, true, 'the receipt says late');
    assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.expired', 'payment.paid']);
    assert.equal(lateOf(await ctx.events(bill.id))?.late, true);
    const lookup = await call(ctx.target, `/v1/payments/${bill.id}`, await merchant());
    assert.deepEqual([lookup.body.status, lookup.body.late, lookup.body.paidAt], ['paid', true, res.body.paidAt]);
  } finally {
    ctx.stop();
  }
});

test('a cancel the upstream refuses for an ended bill asks whether it is paid: 409 already_paid, and it is recorded paid late', async () => {
  const ctx = await shortGrace();
  try {
    const bill = await createPayment(ctx.target, 39, 'late-cancel');
    await ctx.endUnpaid(bill.id);
    ctx.simulator.pay(bill.id); // the upstream refuses to cancel a paid bill
    const res = await call(ctx.target, `/v1/payments/${bill.id}/cancel`, { method: 'POST', token: bill.token });
    assert.deepEqual([res.status, res.body.error?.code], [409, 'already_paid']);
    assert.deepEqual([(await ctx.ledger.bill(bill.id))?.status, (await ctx.ledger.bill(bill.id))?.paid?.late], ['paid', true]);
    assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.expired', 'payment.paid']);
  } finally {
    ctx.stop();
  }
});

test('an ended bill still unpaid: its confirm asks once per check gap, and answers expired with no checkUntil', async () => {
  const clock = testClock();
  const ctx = await shortGrace({ schedule: { checkGapMs: 400 }, clock });
  try {
    const bill = await createPayment(ctx.target, 41, 'late-unpaid');
    await ctx.endUnpaid(bill.id);
    clock.advance(450); // past the gap of the proxy's last own check
    const before = ctx.confirms();
    const answers = await Promise.all([0, 1, 2].map(() => call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })));
    for (const a of answers) assert.deepEqual(a.body, { status: 'expired', id: bill.id });
    assert.equal(ctx.confirms() - before, 1, 'one upstream confirm for three asks within the gap');
    clock.advance(450);
    await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(ctx.confirms() - before, 2, 'and one more after it');
    assert.equal((await ctx.ledger.bill(bill.id))?.status, 'expired', 'still expired, with one payment.expired');
    assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.expired']);
  } finally {
    ctx.stop();
  }
});

test('a needs_review bill its payer confirms and the upstream finds paid becomes paid: payment.paid, late', async () => {
  const ctx = await shortGrace();
  try {
    const bill = await createPayment(ctx.target, 42, 'late-review');
    // A confirm whose answer is lost (a 500 after it was sent): the bill cannot end quietly as expired.
    ctx.host.setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
    await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await ctx.endUnpaid(bill.id, 'needs_review');
    ctx.simulator.pay(bill.id);
    const res = await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual([res.body.status, res.body.late], ['paid', true]);
    assert.equal((await ctx.ledger.bill(bill.id))?.status, 'paid');
    assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.needs_review', 'payment.paid']);
    assert.equal(lateOf(await ctx.events(bill.id))?.late, true);
  } finally {
    ctx.stop();
  }
});

test("a merchant's lookup with ?refresh=1 asks the upstream (once per gap); without it, the ledger alone answers", async () => {
  const ctx = await shortGrace();
  try {
    const bill = await createPayment(ctx.target, 46, 'late-refresh');
    await ctx.endUnpaid(bill.id);
    ctx.simulator.pay(bill.id);
    const before = ctx.confirms();
    const plain = await call(ctx.target, `/v1/payments/${bill.id}`, await merchant());
    assert.deepEqual([plain.status, plain.body.status], [200, 'expired']);
    assert.equal(ctx.confirms(), before, 'a plain lookup asks nobody');
    const viaApp = ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch;
    const refreshed = await getPayment('http://proxy.test', SECRET, bill.id, { refresh: true, fetch: viaApp });
    assert.deepEqual([refreshed.status, refreshed.late], ['paid', true], 'getPayment with refresh asks');
    assert.equal(ctx.confirms(), before + 1);
    assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.expired', 'payment.paid']);
    const again = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    assert.equal(again.body.paidAt, refreshed.paidAt);
    assert.equal(ctx.confirms(), before + 1, 'a paid bill is never asked about again');
    const bad = await call(ctx.target, `/v1/payments/${bill.id}?refresh=yes`, await merchant());
    assert.deepEqual([bad.status, bad.body.error?.code], [400, 'invalid_query']);
  } finally {
    ctx.stop();
  }
});

test("?refresh=1 within the check gap of the proxy's last check waits the gap out and asks, rather than answer what it knew", async () => {
  const ctx = await shortGrace({ schedule: { checkGapMs: 1000 } });
  try {
    const bill = await createPayment(ctx.target, 49, 'late-refresh-gap');
    await ctx.endUnpaid(bill.id);
    assert.equal((await call(ctx.target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' })).status, 200);
    const checkedAt = (await ctx.ledger.bill(bill.id))!.checkedAt!;
    const before = ctx.confirms();
    const refreshed = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    assert.deepEqual([refreshed.status, refreshed.body.status, refreshed.body.late], [200, 'paid', true], JSON.stringify(refreshed.body));
    assert.equal(ctx.confirms(), before + 1);
    assert.ok((await ctx.ledger.bill(bill.id))!.checkedAt! - checkedAt >= 1000, 'no sooner than the gap allows');
  } finally {
    ctx.stop();
  }
});

test('?refresh=1 of a pending bill asks at most once per check gap (refreshes waiting out the same gap share one ask), and counts against the per-payment limit', async () => {
  const gap = 300;
  const ctx = await recordedApp({ ...ENV, MAEMANEE_CHECK_LIMIT: '3' }, { schedule: { checkGapMs: gap } });
  try {
    const bill = await createPayment(ctx.target, 47, 'refresh-pending');
    const before = ctx.methods().length;
    const first = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    assert.deepEqual([first.status, first.body.status], [200, 'pending']);
    assert.deepEqual(ctx.methods().slice(before), ['confirm']);
    const firstAt = (await ctx.ledger.bill(bill.id))!.checkedAt!;
    const both = await Promise.all([0, 1].map(async () => call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant())));
    for (const res of both) assert.deepEqual([res.status, res.body.status], [200, 'pending']);
    assert.deepEqual(ctx.methods().slice(before), ['confirm', 'confirm'], 'the two refreshes in the gap waited it out, then one asked for both');
    assert.ok((await ctx.ledger.bill(bill.id))!.checkedAt! - firstAt >= gap, 'once the gap was out');
    const limited = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    assert.deepEqual([limited.status, limited.body.error?.code], [429, 'rate_limited']);
  } finally {
    ctx.stop();
  }
});

test('a confirm that took effect before its host answered 500 is not failed over to the mirror ("already used"): the bill ends needing review, never quietly expired', { timeout: 30_000 }, async () => {
  const clock = testClock();
  const upstreams = await startUpstreams({ secondConfirm: 'used', windowSeconds: 3 }, clock.now);
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy(simulatorProxyEnv(upstreams.urls, shortLives(dir)), 0, { ...quiet, now: clock.now });
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 70, 'review-1');
    upstreams.simulator.pay(bill.id);
    upstreams.hosts[0].setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
    const first = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual([first.status, first.body.error?.code], [502, 'upstream_error'], 'a fault, not "not paid" from the mirror');
    const again = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.notEqual(again.body.status, 'paid', 'the mirror answers "already used" now');
    clock.advance(4000); // past the bill's 3 s and the grace's 1 s
    const review = await until(async () => (await events(target)).find((e) => e.type === 'payment.needs_review'), 10_000, 'payment.needs_review');
    assert.deepEqual([review.id, review.data.id, review.data.ref1, review.data.amount], [`payment.needs_review:${bill.id}`, bill.id, 'review-1', 70]);
    assert.ok(!(await events(target)).some((e) => e.type === 'payment.expired'), 'never quietly expired');
    assert.equal((await lookup(target, bill.id)).status, 'needs_review', 'the merchant lookup shows it so');
  } finally {
    await proxy.close();
    await upstreams.close();
  }
});

test('reading a bill costs the upstream nothing: 60 confirms and 40 reads of one pending bill at once cost at most 2 calls', async () => {
  const upstreams = await startUpstreams();
  let calls = 0;
  const forwarder = await listen(async (request) => {
    calls++;
    const url = new URL(request.url);
    return fetch(`${upstreams.hosts[0].url}${url.pathname}${url.search}`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy(simulatorProxyEnv([`${forwarder.url}/api_mn.php`], { MAEMANEE_DB: join(dir, 'ledger.sqlite'), MAEMANEE_CHECK_GAP_MS: '2000', MAEMANEE_CHECK_LIMIT: '1000' }), 0, quiet);
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 40, 'burst-1');
    const before = calls;
    const answers = await Promise.all([
      ...Array.from({ length: 60 }, () => call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })),
      ...Array.from({ length: 40 }, () => call(target, `/v1/payments/${bill.id}`, { token: bill.token })),
    ]);
    assert.deepEqual([...new Set(answers.map((a) => `${a.status} ${a.body.status}`))], ['200 pending']);
    assert.ok(answers.slice(60).every((a) => a.body.qr === bill.qr), 'reads show the QR the bill was made with');
    assert.ok(calls - before <= 2, `${calls - before} upstream calls`);
  } finally {
    await proxy.close();
    await forwarder.close();
    await upstreams.close();
  }
});

/**
 * A payment the upstream confirms after the proxy's own checks ended (its bill settled `expired` or `needs_review`)
 * is still found: by its payer's confirm, by its order or pay link asked again, and by the merchant's lookup with
 * `?refresh=1`, each asking the upstream once per check gap. It is recorded late, exactly as inside the grace window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getPayment } from '../../server-kit/index.ts';
import { signMerchantToken, verifyReceipt } from '../../server-kit/tokens.ts';
import { call, createPayment, type Target } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { lateOf, shortGrace, SHORT_GRACE_ENV, typesOf } from '../helpers/short-grace.ts';
import { sleep } from '../helpers/wait.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ENV = SHORT_GRACE_ENV;
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

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
  const ctx = await shortGrace({ schedule: { checkGapMs: 400 } });
  try {
    const bill = await createPayment(ctx.target, 41, 'late-unpaid');
    await ctx.endUnpaid(bill.id);
    await sleep(450); // past the gap of the proxy's last own check
    const before = ctx.confirms();
    const answers = await Promise.all([0, 1, 2].map(() => call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })));
    for (const a of answers) assert.deepEqual(a.body, { status: 'expired', id: bill.id });
    assert.equal(ctx.confirms() - before, 1, 'one upstream confirm for three asks within the gap');
    await sleep(450);
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

/** The order the pay page's element pays its link with. */
const orderOf = async (target: Target, id: string) => /<maemanee-pay [^>]*order="([^"]+)"/.exec((await call(target, `/pay/${id}`)).body)![1];

test('a pay link whose bill ended expired and was paid after: the next tap answers that payment, and the link reads paid', async () => {
  const ctx = await shortGrace();
  try {
    const link = (await call(ctx.target, '/v1/links', { method: 'POST', json: { amount: 45, description: 'Late scarf' }, ...(await merchant()) })).body;
    const order = await orderOf(ctx.target, link.id);
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    await ctx.endUnpaid(first.body.id);
    ctx.simulator.pay(first.body.id);
    assert.equal((await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body.status, 'open', 'nobody has asked yet');
    const tap = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([tap.status, tap.body.status, tap.body.id, tap.body.late, tap.body.link], [200, 'paid', first.body.id, true, link.id], JSON.stringify(tap.body));
    const read = (await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body;
    assert.deepEqual([read.status, read.payments.map((p: { id: string; status: string }) => [p.id, p.status])], ['paid', [[first.body.id, 'paid']]]);
    assert.match((await call(ctx.target, `/pay/${link.id}`)).body, /ชำระเงินเรียบร้อย/);
    assert.equal(lateOf(await ctx.events(first.body.id))?.link, link.id);
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

test('?refresh=1 of a pending bill asks within the check gap only, and counts against the per-payment limit', async () => {
  const ctx = await recordedApp({ ...ENV, MAEMANEE_CHECK_LIMIT: '3' }, { schedule: { checkGapMs: 60_000 } });
  try {
    const bill = await createPayment(ctx.target, 47, 'refresh-pending');
    const before = ctx.methods().length;
    for (let i = 0; i < 2; i++) {
      const res = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
      assert.deepEqual([res.status, res.body.status], [200, 'pending']);
    }
    assert.deepEqual(ctx.methods().slice(before), ['confirm'], 'one confirm in the gap');
    await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    const limited = await call(ctx.target, `/v1/payments/${bill.id}?refresh=1`, await merchant());
    assert.deepEqual([limited.status, limited.body.error?.code], [429, 'rate_limited']);
  } finally {
    ctx.stop();
  }
});

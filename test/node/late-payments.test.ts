/**
 * A payment the upstream confirms after the proxy's own checks ended (its bill settled `expired` or `needs_review`)
 * is still found: by its payer's confirm, by its order or pay link asked again, and by the merchant's lookup with
 * `?refresh=1`, each asking the upstream once per check gap. It is recorded late, exactly as inside the grace window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PaymentEvent } from '../../contract/http.ts';
import { getPayment } from '../../server-kit/index.ts';
import { signMerchantToken, signOrder, verifyReceipt } from '../../server-kit/tokens.ts';
import { call, createPayment, type Target } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp, type RecordedOptions } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ENV = { ...LIVE_ENV, MAEMANEE_PUBLIC_URL: 'https://pay.example.com' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

/** A proxy whose own checks end as soon as a bill expires: the grace window is zero, and checks come every 50 ms. */
async function shortGrace(options: RecordedOptions = {}) {
  const ctx = await recordedApp(ENV, { ...options, schedule: { reconcileMs: 50, graceMs: 0, ...options.schedule } });
  /** Expires a bill in the sandbox and waits until the proxy's own checks have ended it. */
  const endUnpaid = async (id: string, status: 'expired' | 'needs_review' = 'expired') => {
    assert.equal((await call(ctx.target, `/sandbox/payments/${id}/expire`, { method: 'POST' })).status, 200);
    const deadline = Date.now() + 5000;
    while ((await ctx.ledger.bill(id))?.status !== status) {
      if (Date.now() > deadline) assert.fail(`bill ${id} is ${(await ctx.ledger.bill(id))?.status}, not ${status}`);
      await sleep(20);
    }
  };
  const events = async (id: string) => (await ctx.ledger.events(0, 1000)).map((e) => e.event).filter((e) => e.data.id === id);
  const confirms = () => ctx.methods().filter((m) => m === 'confirm').length;
  return { ...ctx, endUnpaid, events, confirms };
}

const typesOf = (events: PaymentEvent[]) => events.map((e) => e.type);
const lateOf = (events: PaymentEvent[]) => events.find((e) => e.type === 'payment.paid')?.data;

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

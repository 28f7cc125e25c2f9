/**
 * Shop links: a link with items and quantities, the buyer's details, many buyers with a limit, and the buyer's
 * receipt. The API's refusals, each before anything is billed; the total computed by the proxy; each buyer's own order
 * and bill, told apart in every fact the shop reads; a limit never passed; looking still free; and the buyer's details
 * never in a log line, a URL or a preview.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrderDetails } from '../../contract/http.ts';
import { checkOrder, reviewOrder, thaiMobile, type OrderRules } from '../../contract/order.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createLink, getLink, verifyReceipt } from '../../server-kit/index.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { testClock } from '../helpers/clock.ts';
import { call, type Target } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { until } from '../helpers/wait.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ENV = { ...LIVE_ENV, MAEMANEE_PUBLIC_URL: 'https://pay.example.com', MAEMANEE_SHOP_NAME: 'ร้านเสื้อแม่มณี' };
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

/** Two items, one of them adjustable, and three required details: the shop. */
const SHOP = {
  items: [
    { name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, adjustable: { min: 1, max: 5 } },
    { name: 'ถุงผ้า', price: 120, quantity: 2 },
  ],
  fields: [
    { key: 'name', required: true },
    { key: 'phone', required: true },
    { key: 'address', required: true },
    { key: 'note', required: false },
  ],
  reusable: true,
  limit: 2,
};

const DETAILS = { name: 'สมชาย <script>alert(1)</script>', phone: '081-234 5678', address: '99/1 ถนนสุขุมวิท\nกรุงเทพฯ 10110' };

async function newLink(target: Target, body: Record<string, unknown>) {
  const res = await call(target, '/v1/links', { method: 'POST', json: body, ...(await merchant()) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** A buyer's browser: it keeps the cookie the proxy sets at its first checkout, as a browser does for the link's path. */
function browser(target: Target) {
  let cookie = '';
  const headers = (): Record<string, string> => (cookie ? { cookie } : {});
  return {
    page: (id: string, query = '') => call(target, `/pay/${id}${query}`, { headers: headers() }),
    async checkout(id: string, body: unknown) {
      const res = await call(target, `/pay/${id}/checkout`, { method: 'POST', json: body, headers: headers() });
      const set = res.headers.get('set-cookie');
      if (set) {
        assert.match(set, new RegExp(`^maemanee_buyer=[A-Za-z0-9_-]{22}; Max-Age=\\d+; Path=/pay/${id}; HttpOnly; Secure; SameSite=Lax$`));
        cookie = set.split(';')[0];
      }
      return res;
    },
  };
}

/** The element's call with a signed order: the bill. */
const bill = (target: Target, order: string) => call(target, '/v1/payments', { method: 'POST', json: { order } });
const orderOf = (page: string) => /<maemanee-pay [^>]*order="([^"]+)"/.exec(page)?.[1];

async function payBill(ctx: Awaited<ReturnType<typeof recordedApp>>, created: { id: string; token: string }) {
  ctx.simulator.pay(created.id);
  const paid = await call(ctx.target, `/v1/payments/${created.id}/confirm`, { method: 'POST', token: created.token });
  assert.equal(paid.body.status, 'paid', JSON.stringify(paid.body));
  return paid.body;
}

test('links API: items with quantities (the proxy totals them), the details to ask, reusable with a limit; read back as made', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, SHOP);
    assert.equal(link.amount, 490, 'the total at the starting quantities: 250 × 1 + 120 × 2');
    assert.equal(link.description, 'เสื้อยืดสีแดง <b>M</b>, ถุงผ้า', 'with items, the description defaults to their names');
    assert.deepEqual(link.items, [
      { name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, quantity: 1, adjustable: { min: 1, max: 5 } },
      { name: 'ถุงผ้า', price: 120, quantity: 2 },
    ]);
    assert.deepEqual([link.fields, link.reusable, link.limit, link.sold, link.status], [SHOP.fields, true, 2, 0, 'open']);
    const read = (await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body;
    assert.deepEqual([read.items, read.fields, read.limit, read.payments], [link.items, link.fields, 2, []]);
    const started = await newLink(ctx.target, { items: [{ name: 'Cap', price: 99, quantity: 3, adjustable: { min: 1, max: 4 } }, { name: 'Pin', price: 10, adjustable: { min: 0, max: 2 } }], description: 'Caps' });
    assert.deepEqual([started.amount, started.description, started.reusable, started.limit], [307, 'Caps', false, null], 'a one-payment shop link');
    assert.equal(started.items[1].quantity, 1, 'an item that may be left out starts at one');
    const fieldsOnly = await newLink(ctx.target, { amount: 150, description: 'Deposit', fields: [{ key: 'name', required: true }] });
    assert.deepEqual([fieldsOnly.items, fieldsOnly.amount], [null, 150]);
    // 20 items with names of 100 Thai characters: more than the 4 KiB most calls may send.
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `${'ก'.repeat(99)}${i % 10}`, price: 10 }));
    assert.ok(Buffer.byteLength(JSON.stringify({ items: many })) > 4096);
    assert.equal((await newLink(ctx.target, { items: many })).items.length, 20);
  } finally {
    ctx.stop();
  }
});

test('links API refusals for shop links: items, quantities, reachable totals, fields, reuse and limit, each a 400 with its code', async () => {
  const ctx = await recordedApp({ ...ENV, MAEMANEE_AMOUNT_MIN: '20', MAEMANEE_AMOUNT_MAX: '1000' });
  try {
    const item = { name: 'Tee', price: 100 };
    const bad: [Record<string, unknown>, string][] = [
      [{ amount: 100, items: [item] }, 'invalid_items'],
      [{ items: [] }, 'invalid_items'],
      [{ items: Array.from({ length: 21 }, () => ({ name: 'x', price: 20 })) }, 'invalid_items'],
      [{ items: 'Tee' }, 'invalid_items'],
      [{ items: [{ ...item, name: '' }] }, 'invalid_items'],
      [{ items: [{ ...item, name: 'ก'.repeat(101) }] }, 'invalid_items'],
      [{ items: [{ ...item, name: 'two\nlines' }] }, 'invalid_items'],
      [{ items: [{ ...item, name: 'turn\u202earound' }] }, 'invalid_items'],
      [{ items: [{ ...item, price: 0 }] }, 'invalid_items'],
      [{ items: [{ ...item, price: 99.5 }] }, 'invalid_items'],
      [{ items: [{ ...item, price: '100' }] }, 'invalid_items'],
      [{ items: [{ ...item, quantity: 0 }] }, 'invalid_items'],
      [{ items: [{ ...item, price: 1, quantity: 100 }] }, 'invalid_items'],
      [{ items: [{ ...item, quantity: 1.5 }] }, 'invalid_items'],
      [{ items: [{ ...item, adjustable: { min: 2, max: 2 } }] }, 'invalid_items'],
      [{ items: [{ ...item, adjustable: { min: -1, max: 2 } }] }, 'invalid_items'],
      [{ items: [{ ...item, price: 1, adjustable: { min: 20, max: 100 } }] }, 'invalid_items'],
      [{ items: [{ ...item, adjustable: { min: 1, max: 3, step: 1 } }] }, 'invalid_items'],
      [{ items: [{ ...item, quantity: 4, adjustable: { min: 1, max: 3 } }] }, 'invalid_items'],
      [{ items: [{ ...item, colour: 'red' }] }, 'invalid_items'],
      // Every total a buyer can pick must be within the bounds (20 to 1000 baht here).
      [{ items: [{ ...item, adjustable: { min: 1, max: 11 } }] }, 'invalid_amount'],
      [{ items: [{ ...item, price: 10 }] }, 'invalid_amount'],
      [{ items: [{ ...item, adjustable: { min: 0, max: 3 } }] }, 'invalid_amount'],
      [{ amount: 50, description: 'x', fields: [{ key: 'email', required: true }] }, 'invalid_fields'],
      [{ amount: 50, description: 'x', fields: [{ key: 'name' }, { key: 'name' }] }, 'invalid_fields'],
      [{ amount: 50, description: 'x', fields: [{ key: 'name', required: 'yes' }] }, 'invalid_fields'],
      [{ amount: 50, description: 'x', fields: [{ key: 'name', label: 'Your name' }] }, 'invalid_fields'],
      [{ amount: 50, description: 'x', fields: 'name' }, 'invalid_fields'],
      [{ amount: 50, description: 'x', limit: 5 }, 'invalid_limit'],
      [{ amount: 50, description: 'x', reusable: false, limit: 5 }, 'invalid_limit'],
      [{ amount: 50, description: 'x', reusable: true, limit: 0 }, 'invalid_limit'],
      [{ amount: 50, description: 'x', reusable: true, limit: 2.5 }, 'invalid_limit'],
      [{ amount: 50, description: 'x', reusable: 'yes' }, 'invalid_limit'],
      [{ items: [item], description: '' }, 'invalid_description'],
      [{ description: 'x' }, 'invalid_amount'],
    ];
    for (const [json, code] of bad) {
      const res = await call(ctx.target, '/v1/links', { method: 'POST', json, ...(await merchant()) });
      assert.deepEqual([res.status, res.body.error?.code], [400, code], JSON.stringify(json));
    }
    assert.equal((await newLink(ctx.target, { items: [{ ...item, adjustable: { min: 1, max: 10 } }] })).amount, 100, '100 to 1,000: every total within');
    assert.equal(ctx.calls.length, 0, 'nothing reached the upstream');
  } finally {
    ctx.stop();
  }
});

test("a Thai mobile number: 10 digits starting 06, 08 or 09, spaces and dashes allowed and taken out", () => {
  for (const [typed, kept] of [['0812345678', '0812345678'], ['081-234-5678', '0812345678'], [' 06 1234 5678 ', '0612345678'], ['099-999-9999', '0999999999']]) {
    assert.equal(thaiMobile(typed), kept, typed);
  }
  for (const typed of ['0212345678', '081234567', '08123456789', '+66812345678', '081.234.5678', '08l2345678', '']) assert.equal(thaiMobile(typed), undefined, typed);
});

test("an order's every problem, for the page to say each beside its field at once; the first is the one the proxy answers", () => {
  const rules = { items: SHOP.items, fields: SHOP.fields, amount: 740 } as OrderRules;
  const bounds = { min: 1, max: 150_000 };
  /** Every problem of a request, having checked that `checkOrder` answers the first. */
  const review = (request: Parameters<typeof reviewOrder>[1], limits = bounds) => {
    const all = reviewOrder(rules, request, limits);
    assert.deepEqual(checkOrder(rules, request, limits), all.ok ? all : { ok: false, problem: all.problems[0] });
    return all.ok ? [] : all.problems;
  };
  assert.deepEqual(review({ quantities: [2, 2], fields: { name: '', phone: '02 123 4567', address: 'x'.repeat(301), note: 'ok' } }), [
    { code: 'field_required', field: 'name' },
    { code: 'invalid_phone', field: 'phone' },
    { code: 'invalid_field', field: 'address' },
  ]);
  assert.deepEqual(review({ quantities: [9, 3], fields: { phone: '0812345678', email: 'a@b.c' } as never }), [
    { code: 'invalid_quantity', item: 0 },
    { code: 'invalid_quantity', item: 1 },
    { code: 'unknown_field', field: 'email' },
    { code: 'field_required', field: 'name' },
    { code: 'field_required', field: 'address' },
  ]);
  assert.deepEqual(review({ quantities: [2], fields: 'name' as never }), [{ code: 'unknown_item' }, { code: 'unknown_field', field: '' }]);
  // The total is judged once the quantities are allowed, after the fields.
  assert.deepEqual(review({ quantities: [5, 2], fields: { name: 'A' } }, { min: 1, max: 1000 }), [
    { code: 'field_required', field: 'phone' },
    { code: 'field_required', field: 'address' },
    { code: 'invalid_amount' },
  ]);
  assert.deepEqual(review({ quantities: [9, 2], fields: { ...DETAILS } }, { min: 1, max: 1000 }), [{ code: 'invalid_quantity', item: 0 }], 'no total of a refused quantity');
  assert.deepEqual(review({ quantities: [1, 2], fields: { ...DETAILS, note: ' ' } }), []);
  const fine = reviewOrder(rules, { quantities: [1, 2], fields: { ...DETAILS, note: ' ' } }, bounds);
  assert.deepEqual(fine.ok && [fine.amount, fine.details.fields], [490, { name: DETAILS.name, phone: '0812345678', address: DETAILS.address }]);
});

test("the checkout's refusals: each a 400 with its code, a field or item the link does not have, closed, sold out, in progress; nothing billed", async () => {
  const ctx = await recordedApp({ ...ENV, MAEMANEE_RATE_LIMIT: '100' });
  try {
    const link = await newLink(ctx.target, SHOP);
    const buyer = browser(ctx.target);
    const ok = { quantities: [2, 2], fields: DETAILS };
    const bad: [unknown, number, string][] = [
      [{ ...ok, quantities: [2] }, 400, 'unknown_item'],
      [{ ...ok, quantities: [2, 2, 1] }, 400, 'unknown_item'],
      [{ ...ok, quantities: 2 }, 400, 'unknown_item'],
      [{ ...ok, quantities: [6, 2] }, 400, 'invalid_quantity'],
      [{ ...ok, quantities: [0, 2] }, 400, 'invalid_quantity'],
      [{ ...ok, quantities: [1.5, 2] }, 400, 'invalid_quantity'],
      [{ ...ok, quantities: ['2', 2] }, 400, 'invalid_quantity'],
      [{ ...ok, quantities: [2, 3] }, 400, 'invalid_quantity'],
      [{ ...ok, fields: { ...DETAILS, name: '  ' } }, 400, 'field_required'],
      [{ ...ok, fields: { phone: DETAILS.phone, address: DETAILS.address } }, 400, 'field_required'],
      [{ ...ok, fields: { ...DETAILS, phone: '02-123-4567' } }, 400, 'invalid_phone'],
      [{ ...ok, fields: { ...DETAILS, phone: '+66812345678' } }, 400, 'invalid_phone'],
      [{ ...ok, fields: { ...DETAILS, name: 'ก'.repeat(101) } }, 400, 'invalid_field'],
      [{ ...ok, fields: { ...DETAILS, name: 'two\nlines' } }, 400, 'invalid_field'],
      [{ ...ok, fields: { ...DETAILS, address: `a${'\u0007'}b` } }, 400, 'invalid_field'],
      [{ ...ok, fields: { ...DETAILS, note: 'x'.repeat(301) } }, 400, 'invalid_field'],
      [{ ...ok, fields: { ...DETAILS, note: 5 } }, 400, 'invalid_field'],
      [{ ...ok, fields: { ...DETAILS, email: 'a@b.c' } }, 400, 'unknown_field'],
      [{ ...ok, fields: 'name' }, 400, 'unknown_field'],
      [{ ...ok, amount: 1 }, 400, 'unknown_field'],
      [{ ...ok, total: 1 }, 400, 'unknown_field'],
    ];
    for (const [json, status, code] of bad) {
      const res = await buyer.checkout(link.id, json);
      assert.deepEqual([res.status, res.body.error?.code], [status, code], JSON.stringify(json));
      assert.ok(res.body.error.message, 'with a sentence');
    }
    const plain = await newLink(ctx.target, { amount: 50, description: 'Plain' });
    assert.deepEqual([(await buyer.checkout(plain.id, ok)).body.error.code], ['not_a_shop_link']);
    assert.deepEqual([(await buyer.checkout('AAAAAAAAAAAAAAAAAAAAAA', ok)).status], [404]);
    const first = await buyer.checkout(link.id, ok);
    assert.deepEqual([first.status, first.body.amount], [201, 740], '250 × 2 + 120 × 2, computed by the proxy');
    const again = await buyer.checkout(link.id, { ...ok, quantities: [1, 2] });
    assert.deepEqual([again.status, again.body.error.code], [409, 'order_in_progress'], 'one order at a time per browser: the page shows it');
    const disabled = await newLink(ctx.target, SHOP);
    await call(ctx.target, `/v1/links/${disabled.id}/disable`, { method: 'POST', ...(await merchant()) });
    assert.deepEqual([(await buyer.checkout(disabled.id, ok)).body.error.code], ['link_closed']);
    assert.equal(ctx.calls.length, 0, 'no bill, no upstream call: the element makes the bill');
  } finally {
    ctx.stop();
  }
  // Only the link's own page may post a checkout from a browser: another origin is refused before anything is held.
  const listed = await recordedApp({ ...ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://pay.example.com' });
  try {
    const link = await newLink(listed.target, { ...SHOP, limit: 1 });
    const body = { quantities: [1, 2], fields: DETAILS };
    const foreign = await call(listed.target, `/pay/${link.id}/checkout`, { method: 'POST', json: body, headers: { origin: 'https://evil.example' } });
    assert.deepEqual([foreign.status, foreign.body.error.code, foreign.headers.get('set-cookie')], [403, 'origin_not_allowed', null]);
    assert.deepEqual(await listed.ledger.linkStock(link.id, Date.now()), { sold: 0, held: 0 }, 'nothing held');
    const own = await call(listed.target, `/pay/${link.id}/checkout`, { method: 'POST', json: body, headers: { origin: 'https://pay.example.com' } });
    assert.equal(own.status, 201, 'its own page');
  } finally {
    listed.stop();
  }
  // Each checkout holds a place: they are counted per client, as bills are.
  const limited = await recordedApp({ ...ENV, MAEMANEE_RATE_LIMIT: '2' });
  try {
    const link = await newLink(limited.target, { ...SHOP, limit: undefined });
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(await browser(limited.target).checkout(link.id, { quantities: [1, 2], fields: DETAILS }));
    assert.deepEqual(tries.map((t) => t.status), [201, 201, 429]);
    assert.equal(tries[2].body.error.code, 'rate_limited');
    assert.ok(Number(tries[2].headers.get('retry-after')) > 0);
  } finally {
    limited.stop();
  }
});

test('one link, many buyers: each browser its own order and bill, found again on a reload; each payment told apart with its order in every fact the shop reads', async () => {
  const received: { type: string; data: { id: string; link?: string; order?: OrderDetails } }[] = [];
  const hook = await listen(async (request) => (received.push(JSON.parse(await request.text())), new Response('ok')));
  const ctx = await recordedApp({ ...ENV, MAEMANEE_WEBHOOK_URL: hook.url });
  try {
    const link = await newLink(ctx.target, { ...SHOP, limit: undefined });
    const [a, b] = [browser(ctx.target), browser(ctx.target)];
    const form = (await a.page(link.id)).body;
    assert.match(form, /<form id="order"/, 'the form first');
    assert.equal(orderOf(form), undefined, 'and no order to pay before the tap');
    const orders = [
      await a.checkout(link.id, { quantities: [3, 2], fields: DETAILS }),
      await b.checkout(link.id, { quantities: [1, 2], fields: { name: 'Anna', phone: '0998887777', address: 'Chiang Mai', note: 'Gift wrap, please' } }),
    ];
    assert.deepEqual(orders.map((o) => [o.status, o.body.amount]), [[201, 990], [201, 490]]);
    const bills = [(await bill(ctx.target, orders[0].body.order)).body, (await bill(ctx.target, orders[1].body.order)).body];
    assert.notEqual(bills[0].id, bills[1].id, 'two buyers, two bills');
    assert.deepEqual(bills.map((x) => x.amount), [990, 490], 'each for what its buyer picked');

    // A reload (or another tab) of the same browser: its order, and the same order token, so the same bill.
    const reloaded = (await a.page(link.id)).body;
    assert.match(reloaded, /คำสั่งซื้อของคุณ/);
    assert.ok(reloaded.includes('สมชาย &lt;script&gt;alert(1)&lt;/script&gt;'), 'markup in a detail is shown as text');
    assert.equal(orderOf(reloaded), orders[0].body.order, 'the same signed order');
    const tab = await bill(ctx.target, orderOf(reloaded)!);
    assert.deepEqual([tab.status, tab.body.id], [200, bills[0].id], 'the same bill');

    const paid = [await payBill(ctx, bills[0]), await payBill(ctx, bills[1])];
    const expected: OrderDetails[] = [
      {
        items: [
          { name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, quantity: 3 },
          { name: 'ถุงผ้า', price: 120, quantity: 2 },
        ],
        fields: { name: DETAILS.name, phone: '0812345678', address: DETAILS.address },
      },
      {
        items: [
          { name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, quantity: 1 },
          { name: 'ถุงผ้า', price: 120, quantity: 2 },
        ],
        fields: { name: 'Anna', phone: '0998887777', address: 'Chiang Mai', note: 'Gift wrap, please' },
      },
    ];
    assert.deepEqual(paid.map((p) => p.order), expected, 'the paid answer');
    assert.deepEqual((await verifyReceipt(SECRET, paid[0].receipt)).order, expected[0], 'the signed receipt');
    for (const [i, b] of bills.entries()) {
      assert.deepEqual((await call(ctx.target, `/v1/payments/${b.id}`, await merchant())).body.order, expected[i], 'the lookup');
    }
    const listed = (await call(ctx.target, `/v1/payments?ref1=${link.ref1}`, await merchant())).body.payments;
    assert.deepEqual(listed.map((p: { id: string; order: OrderDetails }) => [p.id, p.order]), [[bills[1].id, expected[1]], [bills[0].id, expected[0]]], 'the list');
    const events = (await call(ctx.target, '/v1/events?type=payment.paid', await merchant())).body.events;
    assert.deepEqual(events.map((e: { data: { order: OrderDetails } }) => e.data.order), expected, 'the events');
    await until(() => received.length >= 2, 5000, "two webhooks");
    assert.deepEqual(
      received.map((e) => [e.data.id, e.data.link, e.data.order]).sort(),
      [[bills[0].id, link.id, expected[0]], [bills[1].id, link.id, expected[1]]].sort(),
      'the webhooks',
    );
    const view = await getLink('https://proxy.test', SECRET, link.id, { fetch: ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch });
    assert.deepEqual([view.status, view.sold], ['open', 2], 'a reusable link stays open');
    assert.deepEqual(view.payments!.map((p) => [p.id, p.status, p.amount, p.order]), [[bills[1].id, 'paid', 490, expected[1]], [bills[0].id, 'paid', 990, expected[0]]]);
    for (const p of view.payments!) assert.match(p.receiptUrl!, new RegExp(`^https://pay\\.example\\.com/pay/${link.id}/receipt/${p.id}\\.[A-Za-z0-9_-]{43}$`));

    // Each buyer's page shows their own paid order, its receipt, and a new order.
    const mine = (await a.page(link.id)).body;
    assert.match(mine, /ชำระเงินเรียบร้อย/);
    assert.ok(mine.includes(`/pay/${link.id}/receipt/${bills[0].id}.`), 'their receipt');
    assert.ok(!mine.includes(bills[1].id), "never the other buyer's");
    assert.match(mine, /\?again=1/);
    assert.match((await a.page(link.id, '?again=1')).body, /<form id="order"/, 'a new order on request');
    assert.match((await browser(ctx.target).page(link.id)).body, /<form id="order"/, 'a new browser: the form');
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('a limit is never passed: a bill being paid holds its place until it expires, a third buyer is told sold out (410) and no bill is made; paid orders count for good', async () => {
  const clock = testClock();
  const ctx = await recordedApp(ENV, { clock });
  try {
    const link = await newLink(ctx.target, SHOP);
    const ok = { quantities: [1, 2], fields: DETAILS };
    const [a, b, c] = [browser(ctx.target), browser(ctx.target), browser(ctx.target)];
    const billA = (await bill(ctx.target, (await a.checkout(link.id, ok)).body.order)).body;
    const orderB = (await b.checkout(link.id, ok)).body.order;
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    const refused = await c.checkout(link.id, ok);
    assert.deepEqual([refused.status, refused.body.error.code], [410, 'sold_out'], 'the limit reached mid-tap');
    const page = await c.page(link.id);
    assert.equal(page.status, 410);
    assert.match(page.body, /ขายหมดแล้ว/);
    assert.match(page.body, /มีผู้ซื้อกำลังชำระเงินอยู่/, 'and that places held by bills being paid may come free');
    assert.match((await c.page(link.id, '?lang=en')).body, /Sold out/);
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates, 'no bill for the refused tap');

    // B never taps: its order's hold (3 minutes, until a bill is made) lapses. A's bill holds A's place until it expires.
    clock.advance(4 * 60_000);
    const cOrder = (await c.checkout(link.id, ok)).body;
    assert.ok(cOrder.order, "C takes the place B's order left");
    const lateB = await bill(ctx.target, orderB);
    assert.deepEqual([lateB.status, lateB.body.error?.code], [410, 'sold_out'], "B's order cannot be billed: its place is gone");
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates);

    await payBill(ctx, billA);
    const billC = (await bill(ctx.target, cOrder.order)).body;
    await payBill(ctx, billC);
    clock.advance(60 * 60_000);
    const soldOut = await b.page(link.id);
    assert.equal(soldOut.status, 410);
    assert.match(soldOut.body, /ขายหมดแล้ว/);
    assert.doesNotMatch(soldOut.body, /มีผู้ซื้อกำลังชำระเงินอยู่/, 'sold out for good');
    assert.deepEqual([(await b.checkout(link.id, ok)).body.error.code], ['sold_out']);
    const read = (await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body;
    assert.deepEqual([read.status, read.sold], ['sold_out', 2]);
    assert.match((await a.page(link.id)).body, /ชำระเงินเรียบร้อย/, 'a buyer who paid still sees their order');
  } finally {
    ctx.stop();
  }
});

test('a reusable link with one amount and nothing to ask: its form is the total and the tap; each buyer their own bill, with an empty order', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, { amount: 99, description: 'Iced tea', reusable: true });
    const page = (await call(ctx.target, `/pay/${link.id}`)).body;
    assert.match(page, /<form id="order"/);
    assert.doesNotMatch(page, /<fieldset/, 'no items, no details');
    assert.match(page, /ชำระ ฿99\.00 ด้วยพร้อมเพย์/);
    const [a, b] = [browser(ctx.target), browser(ctx.target)];
    const bills = [];
    for (const buyer of [a, b]) bills.push((await bill(ctx.target, (await buyer.checkout(link.id, {})).body.order)).body);
    assert.notEqual(bills[0].id, bills[1].id);
    assert.deepEqual(bills.map((x) => x.amount), [99, 99]);
    const paid = await payBill(ctx, bills[0]);
    assert.deepEqual(paid.order, { items: [], fields: {} });
    assert.deepEqual([(await a.checkout(link.id, { quantities: [1] })).body.error.code], ['unknown_item'], 'no item to buy');
  } finally {
    ctx.stop();
  }
});

test("a one-payment shop link: one buyer's order holds it; paid, the link is paid, its buyer sees their order and anyone else the payment, never the buyer's receipt", async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, { items: [{ name: 'Vintage lamp', price: 900 }], fields: [{ key: 'name', required: true }] });
    const [a, b] = [browser(ctx.target), browser(ctx.target)];
    const ok = { quantities: [1], fields: { name: 'Somsri' } };
    const order = (await a.checkout(link.id, ok)).body.order;
    assert.deepEqual([(await b.checkout(link.id, ok)).body.error.code], ['sold_out'], 'held by A');
    await payBill(ctx, (await bill(ctx.target, order)).body);
    assert.equal((await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body.status, 'paid');
    assert.match((await a.page(link.id)).body, /Somsri/);
    const other = await b.page(link.id);
    assert.equal(other.status, 200);
    assert.match(other.body, /ชำระเงินเรียบร้อย/);
    assert.doesNotMatch(other.body, /Somsri|\/receipt\/|ดูใบเสร็จ/, "nothing of the buyer's, and no receipt");
    assert.deepEqual([(await b.checkout(link.id, ok)).body.error.code], ['link_closed']);
  } finally {
    ctx.stop();
  }
});

test("looking is free, and the buyer's details go nowhere but the shop: no bill or upstream call on a page view, nothing of theirs in a preview, a URL or a log line", async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, SHOP);
    const buyer = browser(ctx.target);
    for (const ua of ['facebookexternalhit/1.1', 'Mozilla/5.0 (iPhone) Line/13.0.0', 'Twitterbot/1.0']) {
      const res = await call(ctx.target, `/pay/${link.id}`, { headers: { 'user-agent': ua } });
      assert.deepEqual([res.status, res.headers.get('cache-control')], [200, 'no-store']);
    }
    assert.equal(ctx.calls.length, 0, 'no upstream call');
    assert.deepEqual(await ctx.ledger.linkStock(link.id, Date.now()), { sold: 0, held: 0 }, 'no order');
    assert.deepEqual(await ctx.ledger.billsForLink(link.id, 10), [], 'no bill');

    const checkout = (await buyer.checkout(link.id, { quantities: [2, 2], fields: { ...DETAILS, note: 'ฝากไว้หน้าบ้าน' } })).body;
    const created = (await bill(ctx.target, checkout.order)).body;
    const ordered = (await buyer.page(link.id)).body;
    const paid = await payBill(ctx, created);
    const receiptUrl = /<a href="([^"]+)">ดูใบเสร็จรับเงิน/.exec((await buyer.page(link.id)).body)![1];
    const secrets = ['สมชาย', '0812345678', '081-234 5678', '99/1', 'ฝากไว้หน้าบ้าน'];
    const payload = JSON.parse(Buffer.from(checkout.order.split('.')[1], 'base64url').toString());
    assert.deepEqual(Object.keys(payload).sort(), ['amount', 'exp', 'iat', 'iss', 'kind', 'link', 'linkOrder', 'ref1', 'sandbox'].filter((k) => k !== 'sandbox' || payload.sandbox));
    for (const secret of secrets) {
      assert.ok(!JSON.stringify(ctx.logs).includes(secret), `${secret}: not in a log line`);
      assert.ok(!ctx.calls.some((p) => p.toString().includes(encodeURIComponent(secret)) || p.toString().includes(secret)), `${secret}: not sent upstream`);
      assert.ok(!receiptUrl.includes(secret) && !link.url.includes(secret), `${secret}: not in a URL`);
      const preview = [...ordered.matchAll(/<(?:title|meta)[^>]*>/g)].map((m) => m[0]).join('\n');
      assert.ok(!preview.includes(secret), `${secret}: not in the preview tags of the buyer's own page`);
    }
    assert.equal(paid.order.fields.note, 'ฝากไว้หน้าบ้าน', 'while the shop has them all');
  } finally {
    ctx.stop();
  }
});

test("the buyer's receipt: an unguessable URL, not cached, not indexed, no referrer; the shop, items, total, buyer, Bangkok time with the Buddhist year, the Mae Manee reference; not a tax invoice", async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, SHOP);
    const buyer = browser(ctx.target);
    const created = (await bill(ctx.target, (await buyer.checkout(link.id, { quantities: [3, 2], fields: DETAILS })).body.order)).body;
    const paid = await payBill(ctx, created);
    const path = new URL(/<a href="([^"]+)">ดูใบเสร็จรับเงิน/.exec((await buyer.page(link.id)).body)![1]).pathname;
    assert.equal(path, `/pay/${link.id}/receipt/${paid.id}.${paid.receipt.split('.')[2]}`, "the receipt token's own signature names it");
    const res = await call(ctx.target, path, { headers: { 'accept-language': 'en' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.match(res.headers.get('content-security-policy')!, /script-src 'self'; .*require-trusted-types-for 'script'/);
    const page = res.body as string;
    assert.match(page, /<meta name="robots" content="noindex">/);
    assert.doesNotMatch(page, /og:|twitter:/, 'nothing to preview');
    assert.match(page, /<title>ใบเสร็จรับเงิน \/ Receipt · ร้านเสื้อแม่มณี<\/title>/);
    for (const text of ['ใบเสร็จรับเงิน / Receipt', 'ร้านเสื้อแม่มณี', 'เสื้อยืดสีแดง &lt;b&gt;M&lt;/b&gt;', '฿750.00', '฿240.00', '฿990.00', 'สมชาย &lt;script&gt;', `id_pay ${paid.id}`, `ref1 ${link.ref1}`, 'เอกสารนี้ไม่ใช่ใบกำกับภาษี / This is not a tax invoice', '(Asia/Bangkok)']) {
      assert.ok(page.includes(text), text);
    }
    const bangkok = new Date(paid.paidAt).toLocaleString('th-TH-u-ca-buddhist', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Bangkok' });
    assert.ok(page.includes(bangkok), `the Thai date: ${bangkok}`);
    assert.match(bangkok, new RegExp(String(new Date(paid.paidAt).getUTCFullYear() + 543)), 'in the Buddhist era');
    assert.doesNotMatch(page, /0812345678|99\/1/, 'the buyer by name only');
    const inLine = (await call(ctx.target, path, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Line/13.0.0' } })).body;
    assert.ok(inLine.includes(`<a class="external" href="https://pay.example.com${path}?openExternalBrowser=1">`), "LINE's browser, which cannot save or print it, is offered the phone's");
    assert.doesNotMatch(page, /class="external"/);
    for (const wrong of [
      `/pay/${link.id}/receipt/${paid.id}.${'A'.repeat(43)}`,
      `/pay/${link.id}/receipt/${paid.id}`,
      `/pay/${'B'.repeat(22)}/receipt/${paid.id}.${paid.receipt.split('.')[2]}`,
      `/pay/${link.id}/receipt/1${paid.id}.${paid.receipt.split('.')[2]}`,
    ]) {
      const refused = await call(ctx.target, wrong);
      assert.deepEqual([refused.status, refused.headers.get('cache-control')], [404, 'private, no-store'], wrong);
    }
  } finally {
    ctx.stop();
  }
});

test("a plain link's paid page links its receipt, which names what was paid for", async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await createLink('https://proxy.test', SECRET, { amount: 180, description: 'Green scarf' }, {
      fetch: ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch,
    });
    const created = (await bill(ctx.target, orderOf((await call(ctx.target, `/pay/${link.id}`)).body)!)).body;
    await payBill(ctx, created);
    const page = (await call(ctx.target, `/pay/${link.id}`)).body;
    const href = /<a href="([^"]+)">ดูใบเสร็จรับเงิน/.exec(page)![1];
    const receipt = (await call(ctx.target, new URL(href).pathname)).body;
    assert.ok(receipt.includes('Green scarf') && receipt.includes('฿180.00'), 'the description, as its one line');
  } finally {
    ctx.stop();
  }
});

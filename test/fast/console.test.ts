/**
 * What the seller's console shows and does, through its API: Today and its poll, on Bangkok days; links made and
 * listed; the search and a payment's page; the needs-review inbox resolved both ways; the CSV export; health.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TodayEntry } from '../../contract/console.ts';
import type { PaymentEvent } from '../../contract/http.ts';
import { verifyReceipt } from '../../server-kit/tokens.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { consoleClient, CONSOLE_ENV, CONSOLE_URL } from '../helpers/console.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp, type RecordedOptions } from '../helpers/sandbox-app.ts';
import { shortGrace, typesOf } from '../helpers/short-grace.ts';
import { until } from '../helpers/wait.ts';
import { VERSION } from '../../proxy/version.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
/** The export's first line as a seller reads it: the payment's id as the machine knows it, then their own words, the zone named. */
const THAI_HEADER = 'id_pay,เลขอ้างอิง,รายการ,จำนวนเงิน (บาท),สถานะ,เวลาสร้างบิล (Asia/Bangkok),เวลาชำระ (Asia/Bangkok),ชำระหลังหมดเวลา,ผลตรวจสอบโดย,ลิงก์,บิลจำลอง,สินค้า,ชื่อผู้ซื้อ,เบอร์มือถือ,ที่อยู่จัดส่ง,หมายเหตุ';
const ENGLISH_HEADER = 'id_pay,Reference,Description,Amount (THB),Status,Created (Asia/Bangkok),Paid at (Asia/Bangkok),Paid late,Review settled by,Link,Sandbox,Items,Buyer name,Mobile number,Delivery address,Note';
type Ctx = Awaited<ReturnType<typeof recordedApp>>;

async function signedIn(env: Record<string, string> = CONSOLE_ENV, options: RecordedOptions = {}) {
  const ctx = await recordedApp(env, options);
  const client = consoleClient(ctx.target);
  const { cookie } = await client.signIn(await client.invite());
  const api = (path: string, init: Parameters<typeof client.api>[2] = {}) => client.api(cookie, path, init);
  return { ctx, client, cookie, api };
}

/** A bill made and paid as a payer's page would: the sandbox pays it, the page's confirm records it. */
async function paid(ctx: Ctx, amount: number, ref1: string) {
  const bill = await createPayment(ctx.target, amount, ref1);
  ctx.simulator.pay(bill.id);
  const res = await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
  assert.equal(res.body.status, 'paid');
  return bill;
}

/** A pay link paid through its page's order. */
async function paidLink(ctx: Ctx, linkId: string) {
  const page = (await call(ctx.target, `/pay/${linkId}`)).body as string;
  const order = /<maemanee-pay [^>]*order="([^"]+)"/.exec(page)![1];
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } })).body;
  ctx.simulator.pay(bill.id);
  assert.equal((await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
  return bill;
}

/** Moves a test clock to an instant. */
const setClock = (clock: TestClock, at: string) => clock.advance(Date.parse(at) - clock.now());

test('Today: a payment recorded shows on the next poll, newest first, titled by its link\'s description else its reference, with today\'s count and sum', async () => {
  const { ctx, api } = await signedIn();
  try {
    const first = await api('/console/api/today');
    assert.deepEqual([first.status, first.body.entries, first.body.paid], [200, [], { count: 0, sum: 0 }]);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const bill = await paid(ctx, 120, 'order-7');
    const poll = await api(`/console/api/today?after=${first.body.cursor}`);
    assert.deepEqual(
      poll.body.entries.map((e: { event: PaymentEvent; title: string }) => [e.event.id, e.title]),
      [[`payment.paid:${bill.id}`, 'order-7']],
      'on the very next poll after it was recorded',
    );
    assert.deepEqual(poll.body.paid, { count: 1, sum: 120 });
    const link = await api('/console/api/links', { method: 'POST', json: { amount: 250, description: 'เสื้อแดง ไซส์ M' } });
    assert.equal(link.status, 201);
    const linkBill = await paidLink(ctx, link.body.id);
    const next = await api(`/console/api/today?after=${poll.body.cursor}`);
    assert.deepEqual(next.body.entries.map((e: { title: string }) => e.title), ['เสื้อแดง ไซส์ M']);
    assert.deepEqual(next.body.paid, { count: 2, sum: 370 });
    const quiet = await api(`/console/api/today?after=${next.body.cursor}`);
    assert.deepEqual([quiet.body.entries, quiet.body.cursor], [[], next.body.cursor], 'nothing new: the same cursor');
    const whole = await api('/console/api/today');
    assert.deepEqual(whole.body.entries.map((e: { event: PaymentEvent }) => e.event.data.id), [linkBill.id, bill.id], 'newest first');
    assert.equal((await api('/console/api/today?after=x')).body.error.code, 'invalid_query');
  } finally {
    ctx.stop();
  }
});

test("Today's list and totals follow Bangkok days: a payment at 23:59 is the day's, one at 00:01 the next day's", async () => {
  const clock = testClock();
  const { ctx, api, cookie } = await signedIn(CONSOLE_ENV, { clock });
  try {
    // Days ahead of the real one: payment tokens expire on the real clock.
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    setClock(clock, `${day}T23:59:00+07:00`);
    const late = await paid(ctx, 100, 'before-midnight');
    const evening = (await api('/console/api/today')).body;
    assert.deepEqual([evening.day, evening.paid, evening.entries.map((e: { title: string }) => e.title)], [day, { count: 1, sum: 100 }, ['before-midnight']]);
    setClock(clock, `${next}T00:01:00+07:00`);
    const early = await paid(ctx, 40, 'after-midnight');
    const morning = (await api('/console/api/today')).body;
    assert.deepEqual([morning.day, morning.paid, morning.entries.map((e: { title: string }) => e.title)], [next, { count: 1, sum: 40 }, ['after-midnight']]);
    const ids = async (query: string) => (await api(`/console/api/payments?${query}`)).body.payments.map((p: { id: string }) => p.id);
    assert.deepEqual(await ids(`from=${day}&to=${day}`), [late.id], 'the search by Bangkok day');
    assert.deepEqual(await ids(`from=${next}`), [early.id]);
    assert.deepEqual(await ids(`to=${day}`), [late.id]);
    assert.deepEqual(await ids(`from=${day}&to=${next}`), [early.id, late.id]);
    const csv = await (await ctx.app.request(`/console/api/export.csv?from=${day}&to=${day}`, { headers: { cookie } })).text();
    assert.match(csv, new RegExp(`\\r\\n${late.id},before-midnight,before-midnight,100\\.00,ชำระแล้ว,${day} 23:59:\\d\\d,${day} 23:59:\\d\\d,ไม่ใช่,,,ไม่ใช่,,,,,\\r\\n$`), 'and its times in Bangkok');
  } finally {
    ctx.stop();
  }
});

test('the search: by reference, id_pay or link, by status; a payment\'s page with its events and each delivery by endpoint host only', async () => {
  const hook = await webhookReceiver();
  const { ctx, api } = await signedIn({ ...CONSOLE_ENV, MAEMANEE_WEBHOOK_URL: `${hook.url}/hooks/maemanee?token=s3cret` });
  try {
    const a = await paid(ctx, 50, 'order-a');
    const b = await createPayment(ctx.target, 60, 'order-b');
    const link = (await api('/console/api/links', { method: 'POST', json: { amount: 70, description: 'Mango sticky rice' } })).body;
    const c = await paidLink(ctx, link.id);
    const ids = async (query: string) => (await api(`/console/api/payments?${query}`)).body.payments.map((p: { id: string }) => p.id);
    assert.deepEqual(await ids('q=order-a'), [a.id]);
    assert.deepEqual(await ids(`q=${b.id}`), [b.id]);
    assert.deepEqual(await ids(`q=${link.id}`), [c.id]);
    assert.deepEqual(await ids('status=pending'), [b.id]);
    assert.deepEqual(await ids('limit=2'), [c.id, b.id]);
    for (const query of ['status=lost', 'from=2026-02-30', 'from=yesterday', 'from=2026-03-02&to=2026-03-01', `q=${'x'.repeat(65)}`]) {
      assert.deepEqual([query, (await api(`/console/api/payments?${query}`)).body.error?.code], [query, 'invalid_query']);
    }
    await until(() => hook.received.length >= 2, 5000, 'the webhooks');
    await until(async () => (await api(`/console/api/payments/${c.id}`)).body.deliveries[0]?.deliveredAt, 5000, 'the delivery recorded');
    const page = (await api(`/console/api/payments/${c.id}`)).body;
    assert.deepEqual([page.bill.id, page.bill.status, page.bill.link, page.title, page.resolution, page.reviewHint], [c.id, 'paid', link.id, 'Mango sticky rice', null, undefined]);
    assert.deepEqual(page.events.map((e: PaymentEvent) => e.type), ['payment.paid']);
    assert.deepEqual(
      page.deliveries.map((d: Record<string, unknown>) => [d.eventId, d.endpoint, d.attempts, typeof d.deliveredAt, d.lastError]),
      [[`payment.paid:${c.id}`, new URL(hook.url).host, 1, 'string', null]],
      'the endpoint as its host: its path and query may hold a token',
    );
    assert.ok(!JSON.stringify(page).includes('s3cret'));
    const redelivered = await api(`/console/api/events/payment.paid:${c.id}/redeliver`, { method: 'POST' });
    assert.deepEqual([redelivered.status, redelivered.body.queued], [202, 1]);
    assert.equal((await api('/console/api/payments/999999')).body.error.code, 'payment_not_found');
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('links from the console: made on the public URL, listed newest first with their payments a page at a time, read and disabled', async () => {
  const { ctx, api } = await signedIn();
  try {
    const made = [];
    for (const description of ['one', 'two', 'three']) made.push((await api('/console/api/links', { method: 'POST', json: { amount: 10, description } })).body);
    assert.equal(made[0].url, `${CONSOLE_URL}/pay/${made[0].id}`);
    await paidLink(ctx, made[1].id);
    const first = (await api('/console/api/links?limit=2')).body;
    assert.deepEqual(first.links.map((l: { description: string }) => l.description), ['three', 'two']);
    assert.deepEqual([first.links[1].status, first.links[1].payments.length], ['paid', 1]);
    const rest = (await api(`/console/api/links?limit=2&after=${encodeURIComponent(first.next)}`)).body;
    assert.deepEqual([rest.links.map((l: { description: string }) => l.description), rest.next], [['one'], null]);
    assert.equal((await api('/console/api/links?after=nonsense')).body.error.code, 'invalid_query');
    assert.equal((await api(`/console/api/links/${made[0].id}/disable`, { method: 'POST' })).body.status, 'disabled');
    assert.equal((await api(`/console/api/links/${made[0].id}`)).body.status, 'disabled');
    assert.equal((await api('/console/api/links', { method: 'POST', json: { amount: 0, description: 'x' } })).body.error.code, 'invalid_amount', 'checked as the merchant API checks it');
  } finally {
    ctx.stop();
  }
});

/** A bill whose confirm's answer was lost (a 500 after it was sent), ended by the proxy's own checks in review. */
async function inReview(ctx: Awaited<ReturnType<typeof shortGrace>>, amount: number, ref1: string) {
  const bill = await createPayment(ctx.target, amount, ref1);
  ctx.host.setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
  await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
  await ctx.endUnpaid(bill.id, 'needs_review');
  return bill;
}

test("needs review: the owner's \"paid\" asks the upstream once more, and if it still cannot say, records their word (payment.paid, resolvedBy merchant, in the receipt too); audited", async () => {
  const ctx = await shortGrace();
  try {
    const client = consoleClient(ctx.target);
    const { cookie } = await client.signIn(await client.invite());
    const api = (path: string, init: Parameters<typeof client.api>[2] = {}) => client.api(cookie, path, init);
    const bill = await inReview(ctx, 70, 'review-7');
    const inbox = (await api('/console/api/payments?status=needs_review')).body.payments.map((p: { id: string }) => p.id);
    assert.deepEqual(inbox, [bill.id], 'the inbox');
    const page = (await api(`/console/api/payments/${bill.id}`)).body;
    assert.match(page.reviewHint, /แอปแม่มณี.*฿70\.00.*review-7.*เวลาไทย/, 'what to check, in Thai by default');
    assert.match((await api(`/console/api/payments/${bill.id}?lang=en`)).body.reviewHint, /Mae Manee app.*฿70\.00.*review-7.*Bangkok time/);
    const confirmsBefore = ctx.confirms();
    const resolved = await api(`/console/api/payments/${bill.id}/resolve`, { method: 'POST', json: { found: 'paid' } });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(ctx.confirms(), confirmsBefore + 1, 'the upstream asked once more');
    assert.deepEqual([resolved.body.bill.status, resolved.body.bill.resolvedBy, resolved.body.resolution.found, resolved.body.resolution.by, resolved.body.resolution.memberId], ['paid', 'merchant', 'paid', 'merchant', 'owner']);
    assert.equal(resolved.body.reviewHint, undefined);
    const events = await ctx.events(bill.id);
    assert.deepEqual(typesOf(events), ['payment.needs_review', 'payment.paid']);
    const paidEvent = events[1];
    assert.ok(paidEvent.type === 'payment.paid');
    assert.deepEqual([paidEvent.data.resolvedBy, paidEvent.data.amount, paidEvent.data.ref1], ['merchant', 70, 'review-7']);
    const row = (await ctx.ledger.bill(bill.id))!;
    const facts = await verifyReceipt(SECRET, row.paid!.receipt);
    assert.equal(facts.resolvedBy, 'merchant', "the receipt says no upstream confirmed it");
    const lookup = await call(ctx.target, `/v1/payments/${bill.id}`, { token: await signMerchantToken(SECRET) });
    assert.equal(lookup.body.resolvedBy, 'merchant', "the merchant API's lookup says so");
    const payer = await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual([payer.body.status, payer.body.resolvedBy], ['paid', 'merchant'], "the payer's page reads it paid");
    const again = await api(`/console/api/payments/${bill.id}/resolve`, { method: 'POST', json: { found: 'not_paid' } });
    assert.deepEqual([again.status, again.body.error.code], [409, 'not_in_review']);
    const audit = (await api('/console/api/audit')).body.entries.filter((e: { action: string }) => e.action === 'payment.resolved');
    assert.deepEqual(audit.map((e: Record<string, unknown>) => [e.memberId, e.subject, e.detail]), [['owner', bill.id, 'paid (merchant)']]);
  } finally {
    ctx.stop();
  }
});

test('needs review: a "paid" the upstream confirms when asked again is recorded as its own (by upstream), a fault leaves it to the owner\'s word, and "not paid" ends it expired', async () => {
  const ctx = await shortGrace();
  try {
    const client = consoleClient(ctx.target);
    const { cookie } = await client.signIn(await client.invite());
    const api = (path: string, init: Parameters<typeof client.api>[2] = {}) => client.api(cookie, path, init);
    const resolve = (id: string, found: string) => api(`/console/api/payments/${id}/resolve`, { method: 'POST', json: { found } });

    const found = await inReview(ctx, 71, 'review-upstream');
    ctx.simulator.pay(found.id);
    const byUpstream = (await resolve(found.id, 'paid')).body;
    assert.deepEqual([byUpstream.bill.status, byUpstream.bill.resolvedBy, byUpstream.resolution.by], ['paid', 'upstream', 'upstream']);
    const upstreamPaid = (await ctx.events(found.id))[1];
    assert.ok(upstreamPaid.type === 'payment.paid' && upstreamPaid.data.resolvedBy === undefined && upstreamPaid.data.late, 'a late payment as any other');

    const faulty = await inReview(ctx, 72, 'review-fault');
    ctx.host.setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
    const byWord = (await resolve(faulty.id, 'paid')).body;
    assert.deepEqual([byWord.bill.status, byWord.resolution.by], ['paid', 'merchant'], 'the upstream could not say');

    const unpaid = await inReview(ctx, 73, 'review-unpaid');
    const before = ctx.confirms();
    const ended = (await resolve(unpaid.id, 'not_paid')).body;
    assert.deepEqual([ended.bill.status, ended.bill.resolvedBy, ended.resolution.found, ended.resolution.by], ['expired', 'merchant', 'not_paid', 'merchant']);
    assert.equal(ctx.confirms(), before, '"not paid" asks nobody');
    const events = await ctx.events(unpaid.id);
    assert.deepEqual(typesOf(events), ['payment.needs_review', 'payment.expired']);
    assert.ok(events[1].type === 'payment.expired' && events[1].data.cancelled === false);

    const pending = await createPayment(ctx.target, 74, 'not-in-review');
    assert.deepEqual([(await resolve(pending.id, 'paid')).status, (await resolve(pending.id, 'paid')).body.error.code], [409, 'not_in_review']);
    assert.equal((await resolve('99999', 'paid')).body.error.code, 'payment_not_found');
    assert.equal((await resolve(pending.id, 'maybe')).body.error.code, 'invalid_found');
    const details = (await api('/console/api/audit')).body.entries.filter((e: { action: string }) => e.action === 'payment.resolved').map((e: { detail: string }) => e.detail);
    assert.deepEqual(details, ['not_paid (merchant)', 'paid (merchant)', 'paid (upstream)']);
  } finally {
    ctx.stop();
  }
});

test('needs review: "paid" and "not paid" sent at once on one bill: the first to settle it stands, the other is refused 409, and one event says how it ended', async () => {
  const ctx = await shortGrace();
  try {
    const client = consoleClient(ctx.target);
    const { cookie } = await client.signIn(await client.invite());
    const resolve = (id: string, found: string) => client.api(cookie, `/console/api/payments/${id}/resolve`, { method: 'POST', json: { found } });
    for (let i = 0; i < 4; i++) {
      const bill = await inReview(ctx, 80 + i, `review-race-${i}`);
      // The upstream still cannot say, so "paid" falls to the owner's word after its ask, while "not paid" ends it.
      ctx.host.setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
      const answers = await Promise.all([resolve(bill.id, 'paid'), resolve(bill.id, 'not_paid')]);
      const won = answers.filter((a) => a.status === 200);
      assert.equal(won.length, 1, `one resolution stands: ${answers.map((a) => `${a.status} ${JSON.stringify(a.body)}`).join(' | ')}`);
      assert.deepEqual(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.error.code]), [[409, 'not_in_review']]);
      const row = (await ctx.ledger.bill(bill.id))!;
      assert.equal(row.status, won[0].body.bill.status, 'the bill ends as the answer that stood said');
      assert.deepEqual(typesOf(await ctx.events(bill.id)), ['payment.needs_review', row.status === 'paid' ? 'payment.paid' : 'payment.expired'], 'one event for how it ended');
    }
  } finally {
    ctx.stop();
  }
});

test("the CSV export: UTF-8 with a byte order mark, the columns and states in the console's language (Thai unless lang=en) with id_pay first in both, Thai intact, Bangkok times, cells safe from spreadsheets; a bounded range", async () => {
  const { ctx, api, cookie } = await signedIn();
  try {
    const thai = (await api('/console/api/links', { method: 'POST', json: { amount: 250, description: 'เสื้อแดง, ไซส์ "M"' } })).body;
    const formula = (await api('/console/api/links', { method: 'POST', json: { amount: 30, description: '=HYPERLINK("https://evil.example")' } })).body;
    const a = await paidLink(ctx, thai.id);
    const b = await paidLink(ctx, formula.id);
    const plain = await createPayment(ctx.target, 45, '+66812345678');
    const today = (await api('/console/api/today')).body.day;
    const res = await ctx.app.request(`/console/api/export.csv?from=${today}&to=${today}`, { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition')!, new RegExp(`attachment; filename="maemanee-pay-${today}-${today}\\.csv"`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3));
    const lines = text.split('\r\n');
    assert.equal(lines[0], THAI_HEADER);
    assert.equal(lines.at(-1), '', 'each record ends with CRLF');
    const bangkok = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const row = async (id: string) => {
      const bill = (await ctx.ledger.bill(id))!;
      return [bill.id, bangkok(new Date(bill.createdAt).toISOString()), bill.paid ? bangkok(bill.paid.paidAt) : ''];
    };
    const [aId, aCreated, aPaid] = await row(a.id);
    const [bId, bCreated, bPaid] = await row(b.id);
    const [pId, pCreated] = await row(plain.id);
    assert.deepEqual(lines.slice(1, -1), [
      `${pId},'+66812345678,'+66812345678,45.00,รอชำระ,${pCreated},,ไม่ใช่,,,ไม่ใช่,,,,,`,
      `${bId},link-${formula.id},"'=HYPERLINK(""https://evil.example"")",30.00,ชำระแล้ว,${bCreated},${bPaid},ไม่ใช่,,${formula.id},ไม่ใช่,,,,,`,
      `${aId},link-${thai.id},"เสื้อแดง, ไซส์ ""M""",250.00,ชำระแล้ว,${aCreated},${aPaid},ไม่ใช่,,${thai.id},ไม่ใช่,,,,,`,
    ]);
    const inEnglish = await ctx.app.request(`/console/api/export.csv?from=${today}&to=${today}&lang=en`, { headers: { cookie } });
    const english = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await inEnglish.arrayBuffer()).split('\r\n');
    assert.equal(english[0], `\uFEFF${ENGLISH_HEADER}`, 'the byte order mark, then the English columns');
    assert.deepEqual(english.slice(1, -1).map((line) => line.split(',')[0]), [pId, bId, aId], 'the same id_pay column in either language');
    assert.equal(english[1], `${pId},'+66812345678,'+66812345678,45.00,Pending,${pCreated},,no,,,no,,,,,`);
    assert.equal(english[3], `${aId},link-${thai.id},"เสื้อแดง, ไซส์ ""M""",250.00,Paid,${aCreated},${aPaid},no,,${thai.id},no,,,,,`);
    const unknown = await ctx.app.request(`/console/api/export.csv?from=${today}&to=${today}&lang=fr`, { headers: { cookie } });
    assert.deepEqual([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code], [400, 'invalid_lang']);
    for (const query of ['', `from=${today}`, 'from=2026-13-01&to=2026-13-02', 'from=2026-03-02&to=2026-03-01', 'from=2025-01-01&to=2026-01-02']) {
      const bad = await ctx.app.request(`/console/api/export.csv?${query}`, { headers: { cookie } });
      assert.deepEqual([query, bad.status, ((await bad.json()) as { error: { code: string } }).error.code], [query, 400, 'invalid_query']);
    }
    assert.equal((await ctx.app.request('/console/api/export.csv?from=2025-01-01&to=2026-01-01', { headers: { cookie } })).status, 200, '366 days');
  } finally {
    ctx.stop();
  }
});

/** A buyer of a shop link, as its page drives it: their choices checked out, the signed order billed, paid. */
async function boughtThrough(ctx: Ctx, linkId: string, choices: { quantities?: number[]; fields?: Record<string, string> }) {
  const checkout = await call(ctx.target, `/pay/${linkId}/checkout`, { method: 'POST', json: choices });
  assert.equal(checkout.status, 201, JSON.stringify(checkout.body));
  const bill = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: checkout.body.order } })).body;
  ctx.simulator.pay(bill.id);
  assert.equal((await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
  return bill;
}

test("a shop link made through the console (items, an adjustable one, the buyer's details, many buyers with a limit), read back as made; a refusal as the merchant API's", async () => {
  const { ctx, api } = await signedIn();
  try {
    const request = {
      items: [
        { name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, adjustable: { min: 1, max: 5 } },
        { name: 'ถุงผ้า', price: 120, quantity: 2 },
      ],
      fields: [
        { key: 'name', required: true },
        { key: 'phone', required: true },
        { key: 'note', required: false },
      ],
      reusable: true,
      limit: 20,
      expiresIn: 86_400,
    };
    const made = await api('/console/api/links', { method: 'POST', json: request });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(
      [made.body.amount, made.body.description, made.body.items, made.body.fields, made.body.reusable, made.body.limit, made.body.sold, made.body.status],
      [490, 'เสื้อยืดสีแดง <b>M</b>, ถุงผ้า', [{ ...request.items[0], quantity: 1 }, request.items[1]], request.fields, true, 20, 0, 'open'],
    );
    await boughtThrough(ctx, made.body.id, { quantities: [3, 2], fields: { name: 'สมชาย', phone: '081 234 5678' } });
    const read = (await api(`/console/api/links/${made.body.id}`)).body;
    assert.deepEqual([read.sold, read.status, read.payments.length, read.payments[0].amount], [1, 'open', 1, 990]);
    assert.deepEqual(read.payments[0].order, {
      items: [{ name: 'เสื้อยืดสีแดง <b>M</b>', price: 250, quantity: 3 }, { name: 'ถุงผ้า', price: 120, quantity: 2 }],
      fields: { name: 'สมชาย', phone: '0812345678' },
    });
    const refused = await api('/console/api/links', { method: 'POST', json: { ...request, items: [{ name: 'Tee', price: 100, adjustable: { min: 3, max: 2 } }] } });
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'invalid_items']);
  } finally {
    ctx.stop();
  }
});

test("the CSV export carries a shop link's order as the command's --csv does: the items in one column, each of the buyer's details in its own", async () => {
  const { ctx, api, cookie } = await signedIn();
  try {
    const shop = (
      await api('/console/api/links', {
        method: 'POST',
        json: {
          items: [{ name: 'Red shirt, size "M"', price: 250, adjustable: { min: 0, max: 5 } }, { name: 'Tote bag', price: 120 }],
          fields: ['name', 'phone', 'address', 'note'].map((key) => ({ key, required: key !== 'note' })),
          reusable: true,
        },
      })
    ).body;
    const a = await boughtThrough(ctx, shop.id, { quantities: [2, 1], fields: { name: '=cmd|calc', phone: '0812345678', address: '99/1 ถนนสุขุมวิท\nกรุงเทพฯ 10110', note: 'ฝากไว้หน้าบ้าน' } });
    const b = await boughtThrough(ctx, shop.id, { quantities: [0, 1], fields: { name: 'Anna', phone: '0998887777', address: 'Chiang Mai' } });
    const plain = await paid(ctx, 45, 'order-45');
    const today = (await api('/console/api/today')).body.day;
    const csv = await (await ctx.app.request(`/console/api/export.csv?from=${today}&to=${today}`, { headers: { cookie } })).text();
    const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0];
    assert.equal(header, THAI_HEADER);
    const rowOf = (id: string) => csv.slice(csv.indexOf(`\r\n${id},`) + 2).split(/\r\n(?=\d+,)/)[0].replace(/\r\n$/, '');
    const orderOf = (id: string) => rowOf(id).slice(rowOf(id).indexOf(`,${shop.id},ไม่ใช่,`) + `,${shop.id},ไม่ใช่,`.length);
    // The phone with dashes: Excel keeps it as text, its leading 0 too, with no formula in the cell.
    assert.equal(orderOf(a.id), `"Red shirt, size ""M"" ×2; Tote bag ×1",'=cmd|calc,081-234-5678,"99/1 ถนนสุขุมวิท\nกรุงเทพฯ 10110",ฝากไว้หน้าบ้าน`);
    assert.equal(orderOf(b.id), 'Tote bag ×1,Anna,099-888-7777,Chiang Mai,', 'an item not bought is left out; a detail not given is empty');
    assert.match(rowOf(plain.id), /,ไม่ใช่,,,ไม่ใช่,,,,,$/, 'any other bill: the order columns empty');
    const counter = (await api('/console/api/today')).body.entries.find((e: TodayEntry) => e.event.id === `payment.paid:${a.id}`);
    assert.deepEqual(counter.event.data.order, { items: [{ name: 'Red shirt, size "M"', price: 250, quantity: 2 }, { name: 'Tote bag', price: 120, quantity: 1 }], fields: { name: '=cmd|calc' } }, "Today (staff see it) carries the items and the buyer's name, not their phone, address or note");
    assert.equal((await api(`/console/api/payments/${a.id}`)).body.bill.order.fields.phone, '0812345678', "the owner's payment page has them all");
  } finally {
    ctx.stop();
  }
});

test('the CSV export streams a big range a page at a time: 450 bills, every one, in several chunks', async () => {
  const { ctx, api, cookie } = await signedIn();
  try {
    const now = Date.now();
    for (let i = 0; i < 450; i++) {
      await ctx.ledger.recordBill({
        id: String(900_000 + i), ref1: `bulk-${i}`, amount: 10, expiresAt: now + 600_000, orderKey: null, linkId: null, sandbox: false,
        clientIp: '192.0.2.1', createdAt: now - i, nextCheckAt: now + 600_000, qr: 'data:image/png;base64,', payUrl: null, order: null,
      });
    }
    const today = (await api('/console/api/today')).body.day;
    const res = await ctx.app.request(`/console/api/export.csv?from=${today}&to=${today}`, { headers: { cookie } });
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const lines = new TextDecoder().decode(Buffer.concat(chunks)).split('\r\n').filter(Boolean);
    assert.equal(lines.length, 451, 'the header and every bill');
    assert.equal(new Set(lines.slice(1).map((l) => l.split(',')[0])).size, 450, 'each once');
    assert.ok(chunks.length >= 4, `written as it is read: the header, then pages of 200 (${chunks.length} chunks)`);
  } finally {
    ctx.stop();
  }
});

test("health: /health's answer, the version, and each webhook endpoint by host with its failing and given-up deliveries", async () => {
  const hook = await webhookReceiver(1000);
  // A second endpoint nothing listens on, its key in its query.
  const env = { ...CONSOLE_ENV, MAEMANEE_WEBHOOK_URL: `${hook.url}/hook,http://127.0.0.1:9/hook?key=s3cret` };
  const { ctx, api } = await signedIn(env, { schedule: { webhookBaseMs: 60_000 } });
  try {
    const host = new URL(hook.url).host;
    await paid(ctx, 90, 'hook-down');
    const endpoint = async (name: string) => (await api('/console/api/health')).body.webhooks.find((w: { endpoint: string }) => w.endpoint === name);
    await until(async () => ((await endpoint(host))?.failing ?? 0) > 0, 5000, 'a failing delivery');
    const health = (await api('/console/api/health')).body;
    assert.deepEqual([health.ok, health.mode, health.upstream, health.ledger, health.version], [true, 'live', 'ok', 'ok', VERSION]);
    const local = await endpoint(host);
    assert.deepEqual([local.failing, local.gaveUp, typeof local.lastError], [1, 0, 'string']);
    await until(() => endpoint('127.0.0.1:9'), 5000, 'the other endpoint, by host');
    assert.ok(!JSON.stringify(health).includes('s3cret'), 'never its query');
  } finally {
    ctx.stop();
    await hook.close();
  }
});

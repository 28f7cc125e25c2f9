/** Pay links: the links API, the hosted pay page (looking is free), one payment per link, paid late or not. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sign } from 'hono/jwt';
import { decodePng } from '../../cli/doctor/qr-image.ts';
import { createLink, disableLink, getLink } from '../../server-kit/index.ts';
import { newId } from '../../proxy/links/service.ts';
import { hmacKey, signMerchantToken } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../../proxy/tokens.ts';
import { VERSION } from '../../proxy/version.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { call, type Target } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { lateOf, shortGrace } from '../helpers/short-grace.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const ENV = { ...LIVE_ENV, MAEMANEE_PUBLIC_URL: 'https://pay.example.com', MAEMANEE_SHOP_NAME: 'ร้านเสื้อแม่มณี' };
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

async function newLink(target: Target, body: Record<string, unknown> = { amount: 250, description: 'Red shirt, size M' }) {
  const res = await call(target, '/v1/links', { method: 'POST', json: body, ...(await merchant()) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The order the pay page's element pays its link with. */
const orderOf = (page: string) => /<maemanee-pay [^>]*order="([^"]+)"/.exec(page)?.[1];

test('links API: a link is created with an unguessable id and the proxy\'s own URL, read with its bills, and disabled', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, { amount: 250, description: 'Red shirt, size M', lang: 'en' });
    assert.match(link.id, /^[A-Za-z0-9_-]{22}$/, '16 random bytes, base64url');
    assert.deepEqual(
      [link.url, link.amount, link.description, link.ref1, link.lang, link.status],
      [`https://pay.example.com/pay/${link.id}`, 250, 'Red shirt, size M', `link-${link.id}`, 'en', 'open'],
    );
    const days = (Date.parse(link.expiresAt) - Date.parse(link.createdAt)) / 86_400_000;
    assert.equal(days, 7, 'seven days by default');
    const other = await newLink(ctx.target, { amount: 99, description: 'Blue cap', ref1: 'link-cap-001', expiresIn: 3600 });
    assert.notEqual(other.id, link.id);
    assert.deepEqual([other.ref1, other.lang], ['link-cap-001', null]);
    const read = await call(ctx.target, `/v1/links/${link.id}`, await merchant());
    assert.deepEqual([read.status, read.body.status, read.body.payments], [200, 'open', []]);
    const disabled = await call(ctx.target, `/v1/links/${link.id}/disable`, { method: 'POST', ...(await merchant()) });
    assert.deepEqual([disabled.status, disabled.body.status], [200, 'disabled']);
  } finally {
    ctx.stop();
  }
});

test("a new id never begins with '-', which a command line takes for an option and a spreadsheet export escapes", (t) => {
  // 0xF8 is 111110 in its first six bits: base64's '+', base64url's '-'.
  const draws = [new Uint8Array(16).fill(0xf8), new Uint8Array(16).fill(0x41)];
  const drawn = t.mock.method(crypto, 'getRandomValues', (into: Uint8Array) => into.set(draws.shift()!) ?? into);
  const id = newId();
  assert.equal(drawn.mock.callCount(), 2);
  assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
});

test('links API refusals: no token, wrong kind, expired, too long-lived; bad amount, description, expiresIn, lang, fields; unknown id', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const key = await hmacKey(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string | undefined, string][] = [
      [undefined, 'token_required'],
      [await signPaymentToken(SECRET, { id: '1', ref1: 'a', amount: 1, billExpires: now + 60, sandbox: false }), 'invalid_token'],
      [await sign({ kind: 'merchant', exp: now - 10 }, key, 'HS256'), 'token_expired'],
      [await sign({ kind: 'merchant', exp: now + 3600 }, key, 'HS256'), 'invalid_token'],
    ];
    for (const [token, code] of tokens) {
      const res = await call(ctx.target, '/v1/links', { method: 'POST', json: { amount: 50, description: 'x' }, ...(token ? { token } : {}) });
      assert.deepEqual([res.status, res.body.error.code], [401, code]);
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ amount: 0, description: 'x' }, 'invalid_amount'],
      [{ amount: 50.5, description: 'x' }, 'invalid_amount'],
      [{ amount: 50_001, description: 'x' }, 'invalid_amount'],
      [{ amount: 50, description: '' }, 'invalid_description'],
      [{ amount: 50, description: '   ' }, 'invalid_description'],
      [{ amount: 50, description: 'ก'.repeat(201) }, 'invalid_description'],
      [{ amount: 50, description: 'two\nlines' }, 'invalid_description'],
      [{ amount: 50, description: 'x', expiresIn: 59 }, 'invalid_expires_in'],
      [{ amount: 50, description: 'x', expiresIn: 91 * 86_400 }, 'invalid_expires_in'],
      [{ amount: 50, description: 'x', expiresIn: 3600.5 }, 'invalid_expires_in'],
      [{ amount: 50, description: 'x', lang: 'fr' }, 'invalid_lang'],
      [{ amount: 50, description: 'x', ref1: '<script>' }, 'invalid_ref1'],
      [{ amount: 50, description: 'x', ref1: 'cap-001' }, 'invalid_ref1'],
      [{ amount: 50, description: 'x', ref1: 'LINK-cap-001' }, 'invalid_ref1'],
      [{ amount: 50, description: 'x', url: 'https://evil.example' }, 'unknown_field'],
    ];
    for (const [json, code] of bad) {
      const res = await call(ctx.target, '/v1/links', { method: 'POST', json, ...(await merchant()) });
      assert.deepEqual([res.status, res.body.error.code], [400, code], JSON.stringify(json));
    }
    assert.ok((await newLink(ctx.target, { amount: 50, description: 'ก'.repeat(200), expiresIn: 90 * 86_400 })).id, '200 characters and 90 days are allowed');
    for (const path of ['/v1/links/AAAAAAAAAAAAAAAAAAAAAA', '/v1/links/nope']) {
      const res = await call(ctx.target, path, await merchant());
      assert.deepEqual([res.status, res.body.error.code], [404, 'link_not_found']);
    }
    assert.equal((await call(ctx.target, '/v1/links/AAAAAAAAAAAAAAAAAAAAAA/disable', { method: 'POST', ...(await merchant()) })).status, 404);
  } finally {
    ctx.stop();
  }
});

test('looking is free: five chat-app fetches of a pay page cost no upstream call and change nothing, and carry the preview tags', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target, { amount: 250, description: 'Red shirt, size M <b>' });
    const calls = ctx.calls.length;
    const events = (await ctx.ledger.events(0, 100)).length;
    let page = '';
    for (const ua of ['facebookexternalhit/1.1', 'Mozilla/5.0 (iPhone) Line/13.0.0', 'LINE-Bot', 'Twitterbot/1.0', 'Mozilla/5.0']) {
      const res = await call(ctx.target, `/pay/${link.id}`, { headers: { 'user-agent': ua } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('content-security-policy')!, /script-src 'self';/);
      page = res.body;
      if (/ Line\//.test(ua)) assert.ok(page.includes(`https://pay.example.com/pay/${link.id}?openExternalBrowser=1`), "LINE's browser is offered the phone's own");
    }
    assert.equal(ctx.calls.length, calls, 'no upstream call');
    assert.deepEqual(await ctx.ledger.billsForOrder(`link:${link.id}`), [], 'no bill');
    assert.equal((await ctx.ledger.events(0, 100)).length, events);
    const meta = (name: string) => new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)"`).exec(page)?.[1];
    assert.equal(meta('og:title'), 'ร้านเสื้อแม่มณี · ฿250.00');
    assert.equal(meta('og:description'), 'Red shirt, size M &lt;b&gt;', 'the description, escaped');
    assert.equal(meta('og:image'), 'https://pay.example.com/pay/card.png');
    assert.equal(meta('og:url'), `https://pay.example.com/pay/${link.id}`);
    assert.equal(meta('twitter:card'), 'summary_large_image');
    // No QR in a preview that outlives it: no image, no data: URL, no payable payload (a Thai QR's EMV string starts
    // 000201, its AID is A000000677). Read without the page's random values, the link id and the signed order, which
    // are base64url and spell anything by chance ("qR", digits).
    const order = orderOf(page);
    assert.ok(order, 'the element pays the order the proxy signed');
    const fixed = page.replaceAll(link.id, '').replaceAll(order, '');
    assert.doesNotMatch(fixed, /<img\b|data:|000201|A000000677/i, 'no QR in a preview that outlives it');
    assert.doesNotMatch(page, /<script>|<script [^>]*>[^<]/, 'no inline script');
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1];
    assert.ok(style, 'the stylesheet is inline: no request before the first paint');
    const hash = createHash('sha256').update(style).digest('base64');
    const policy = (await call(ctx.target, `/pay/${link.id}`)).headers.get('content-security-policy')!;
    assert.match(policy, new RegExp(`style-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`), 'allowed by its hash');
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.match(policy, /require-trusted-types-for 'script'; trusted-types lit-html/);
    const card = await ctx.app.request('/pay/card.png');
    const png = new Uint8Array(await card.arrayBuffer());
    const image = decodePng(png);
    assert.deepEqual([card.headers.get('content-type'), image.width, image.height], ['image/png', 1200, 630], 'Open Graph size');
    assert.ok(image.light(10, 10) < 100 && image.light(120, 315) > 250, 'the blue card and its white coin');
    assert.ok(png.length > 5_000 && png.length < 20_000, `a palette PNG, since the Worker carries it in its code: ${png.length} B`);
  } finally {
    ctx.stop();
  }
});

test("the pay page never takes its URLs from the request's Host: the link's own base, stored when it was made", async () => {
  // The sandbox allows any origin and has no MAEMANEE_PUBLIC_URL: the base is the one the merchant's call came in on.
  const ctx = await recordedApp({});
  try {
    const made = await ctx.app.request('http://proxy.test/v1/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${await signMerchantToken(SANDBOX_SECRET)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 60, description: 'Iced tea' }),
    });
    const link = await made.json();
    assert.equal(link.url, `http://proxy.test/pay/${link.id}`);
    const read = async (path: string) => {
      const res = await ctx.app.request(`http://evil.example${path}`, { headers: { host: 'evil.example', 'user-agent': 'Mozilla/5.0 (iPhone) Line/13.0.0' } });
      return { status: res.status, page: await res.text() };
    };
    const { page } = await read(`/pay/${link.id}`);
    assert.doesNotMatch(page, /evil\.example/, 'nothing from the Host');
    const meta = (name: string) => new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)"`).exec(page)?.[1];
    assert.equal(meta('og:url'), `http://proxy.test/pay/${link.id}`);
    assert.equal(meta('og:image'), 'http://proxy.test/pay/card.png');
    assert.match(page, new RegExp(`<script type="module" src="http://proxy\\.test/maemanee-pay@${VERSION.replace(/\./g, '\\.')}\\.js">`));
    assert.match(page, /<maemanee-pay endpoint="http:\/\/proxy\.test" /);
    assert.ok(page.includes(`href="http://proxy.test/pay/${link.id}?openExternalBrowser=1"`));
    assert.equal(
      (await call(ctx.target, `/v1/links/${link.id}`, { token: await signMerchantToken(SANDBOX_SECRET) })).body.url,
      link.url,
      'the link keeps its URL however the merchant reads it',
    );

    // No link: nothing absolute at all, the script relative to the page.
    const missing = await read('/pay/AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.page, /evil\.example|https?:\/\//);
    assert.match(missing.page, /<script type="module" src="\.\.\/maemanee-pay@[^"]+\.js">/);

    // A link stored before links kept their base: relative URLs and no og:url, never the Host.
    await ctx.ledger.recordLink({ ...(await ctx.ledger.link(link.id))!, id: 'legacyAAAAAAAAAAAAAAAA', base: null });
    const legacy = (await read('/pay/legacyAAAAAAAAAAAAAAAA')).page;
    assert.doesNotMatch(legacy, /evil\.example|og:url|og:image|https?:\/\//);
    assert.match(legacy, /<maemanee-pay endpoint="\.\." /, 'the element calls the proxy the page came from');
  } finally {
    ctx.stop();
  }
  // With MAEMANEE_PUBLIC_URL, a link stored with no base takes it.
  const configured = await recordedApp(ENV);
  try {
    const link = await newLink(configured.target);
    await configured.ledger.recordLink({ ...(await configured.ledger.link(link.id))!, id: 'legacyBBBBBBBBBBBBBBBB', base: null });
    const res = await configured.app.request('http://evil.example/pay/legacyBBBBBBBBBBBBBBBB', { headers: { host: 'evil.example' } });
    const page = await res.text();
    assert.doesNotMatch(page, /evil\.example/);
    assert.match(page, /<meta property="og:url" content="https:\/\/pay\.example\.com\/pay\/legacyBBBBBBBBBBBBBBBB">/);
  } finally {
    configured.stop();
  }
});

test("LINE's browser is offered the phone's own only where there is a QR to save: an open link's page, not a paid or closed one", async () => {
  const ctx = await recordedApp(ENV);
  const line = { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Line/13.0.0' } };
  const banner = (page: string) => /<a class="external"[^>]*openExternalBrowser=1/.test(page);
  try {
    const paid = await newLink(ctx.target, { amount: 180, description: 'Green scarf' });
    const open = await call(ctx.target, `/pay/${paid.id}`, line);
    assert.ok(banner(open.body), 'an open link: its QR is one tap away');
    const bill = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: orderOf(open.body) } });
    ctx.simulator.pay(bill.body.id);
    assert.equal((await call(ctx.target, `/v1/payments/${bill.body.id}/confirm`, { method: 'POST', token: bill.body.token })).body.status, 'paid');
    const paidPage = await call(ctx.target, `/pay/${paid.id}`, line);
    assert.equal(paidPage.status, 200);
    assert.match(paidPage.body, /ชำระเงินเรียบร้อย/);
    assert.ok(!banner(paidPage.body), 'a paid link has no QR to save');
    const closed = await newLink(ctx.target, { amount: 50, description: 'Gone' });
    await call(ctx.target, `/v1/links/${closed.id}/disable`, { method: 'POST', ...(await merchant()) });
    const closedPage = await call(ctx.target, `/pay/${closed.id}`, line);
    assert.equal(closedPage.status, 410);
    assert.ok(!banner(closedPage.body), 'a closed link has no QR to save');
    assert.ok(!banner((await call(ctx.target, '/pay/AAAAAAAAAAAAAAAAAAAAAA', line)).body), 'nor an unknown one');
  } finally {
    ctx.stop();
  }
});

test("the page's language: ?lang, else the link's, else the browser's first of Thai and English, else Thai", async () => {
  const ctx = await recordedApp(ENV);
  try {
    const link = await newLink(ctx.target);
    const english = await newLink(ctx.target, { amount: 250, description: 'x', lang: 'en' });
    const lang = async (id: string, query = '', accept?: string) =>
      /<html lang="(\w+)"/.exec((await call(ctx.target, `/pay/${id}${query}`, accept ? { headers: { 'accept-language': accept } } : {})).body)![1];
    assert.equal(await lang(link.id), 'th');
    assert.equal(await lang(link.id, '', 'en-US,en;q=0.9'), 'en');
    assert.equal(await lang(link.id, '', 'fr-FR,th;q=0.8,en;q=0.7'), 'th');
    assert.equal(await lang(link.id, '', 'th;q=0.2,en;q=0.9'), 'en');
    assert.equal(await lang(link.id, '?lang=en'), 'en');
    assert.equal(await lang(english.id), 'en');
    assert.equal(await lang(english.id, '?lang=th', 'en'), 'th');
    assert.match((await call(ctx.target, `/pay/${english.id}`)).body, /<maemanee-pay [^>]*lang="en"/, 'the element speaks it too');
  } finally {
    ctx.stop();
  }
});

test('one link, one payment: two tabs share one bill; paid, the link answers its payment for ever and reads paid; the shop is told data.link', async () => {
  const received: { type: string; data: { id: string; link?: string } }[] = [];
  const hook = await listen(async (request) => (received.push(JSON.parse(await request.text())), new Response('ok')));
  const ctx = await recordedApp({ ...ENV, MAEMANEE_WEBHOOK_URL: hook.url });
  try {
    const link = await newLink(ctx.target, { amount: 180, description: 'Green scarf' });
    const order = orderOf((await call(ctx.target, `/pay/${link.id}`)).body)!;
    const [a, b] = await Promise.all([0, 1].map(() => call(ctx.target, '/v1/payments', { method: 'POST', json: { order } })));
    assert.equal(a.body.id, b.body.id, 'two tabs, one bill');
    assert.deepEqual([a.body.amount, a.body.ref1], [180, `link-${link.id}`]);
    ctx.simulator.pay(a.body.id);
    const paid = await call(ctx.target, `/v1/payments/${a.body.id}/confirm`, { method: 'POST', token: a.body.token });
    assert.deepEqual([paid.body.status, paid.body.link], ['paid', link.id]);
    const read = await call(ctx.target, `/v1/links/${link.id}`, await merchant());
    assert.deepEqual([read.body.status, read.body.payments.map((p: { id: string; status: string }) => [p.id, p.status])], ['paid', [[a.body.id, 'paid']]]);
    const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([again.status, again.body.status, again.body.id], [200, 'paid', a.body.id], 'never billed again');
    const page = await call(ctx.target, `/pay/${link.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /ชำระเงินเรียบร้อย/);
    assert.match(page.body.replace(/<[^>]+>/g, ''), new RegExp(`อ้างอิง link-${link.id}`), 'the reference, as the page reads');
    assert.equal(orderOf(page.body), undefined, 'no element to pay it again');
    assert.equal((await call(ctx.target, `/v1/links/${link.id}/disable`, { method: 'POST', ...(await merchant()) })).body.status, 'paid', 'paid stays paid');
    const deadline = Date.now() + 5000;
    while (!received.some((e) => e.type === 'payment.paid') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const event = received.find((e) => e.type === 'payment.paid')!;
    assert.deepEqual([event.data.id, event.data.link], [a.body.id, link.id]);
    const lookup = await call(ctx.target, `/v1/payments/${a.body.id}`, await merchant());
    assert.equal(lookup.body.link, link.id);
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test("a link's reference cannot be borrowed: no browser-chosen ref1 begins with link, in any case, after a + too; a link's own bills alone carry its link", async () => {
  const received: { type: string; data: { id: string; link?: string } }[] = [];
  const hook = await listen(async (request) => (received.push(JSON.parse(await request.text())), new Response('ok')));
  const ctx = await recordedApp({ ...ENV, MAEMANEE_WEBHOOK_URL: hook.url });
  try {
    const link = await newLink(ctx.target, { amount: 180, description: 'Green scarf' });
    const calls = ctx.calls.length;
    // Whatever follows the word, in any case, after a + too: each reads like a link's reference.
    const id = link.ref1.slice('link-'.length);
    const lookalikes = [`+link-${id}`, `link_${id}`, `link.${id}`, `link:${id}`, `link@${id}`, `link${id}`, `+LINK_${id}`, 'linked-1', 'link'];
    for (const ref1 of [link.ref1, link.ref1.toUpperCase(), 'Link-1', 'link-', 'lInK-anything', ...lookalikes]) {
      const res = await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 1, ref1 } });
      assert.deepEqual([res.status, res.body.error?.code], [400, 'invalid_ref1'], ref1);
      assert.match(res.body.error.message, /may not begin with "link" .*: that prefix is reserved for pay links/);
    }
    assert.equal(ctx.calls.length, calls, 'refused before the upstream');
    // Only the beginning is reserved: a reference that merely contains the word is the shop's own.
    const own = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 1, ref1: 'order-link-1' } })).body;
    const order = orderOf((await call(ctx.target, `/pay/${link.id}`)).body)!;
    const linked = (await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } })).body;
    for (const bill of [own, linked]) {
      ctx.simulator.pay(bill.id);
      assert.equal((await call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
    }
    const listed = (await call(ctx.target, '/v1/payments', await merchant())).body.payments;
    assert.deepEqual(
      listed.map((p: { id: string; ref1: string; link: string | null }) => [p.id, p.ref1, p.link]),
      [[linked.id, link.ref1, link.id], [own.id, 'order-link-1', null]],
      'the list: link set for the link\'s bill alone',
    );
    assert.deepEqual((await call(ctx.target, `/v1/payments?ref1=${link.ref1}`, await merchant())).body.payments.map((p: { id: string }) => p.id), [linked.id], "the link's reference finds the link's bill alone");
    assert.equal((await call(ctx.target, `/v1/payments/${own.id}`, await merchant())).body.link, null);
    assert.equal((await call(ctx.target, `/v1/payments/${linked.id}`, await merchant())).body.link, link.id);
    const events = (await call(ctx.target, '/v1/events', await merchant())).body.events as { data: { id: string; link?: string } }[];
    assert.deepEqual(events.map((e) => [e.data.id, e.data.link]), [[own.id, undefined], [linked.id, link.id]], 'events: data.link for the link\'s bill alone');
    const deadline = Date.now() + 5000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      received.map((e) => [e.data.id, e.data.link]).sort(),
      [[own.id, undefined], [linked.id, link.id]].sort(),
      'webhooks alike',
    );
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('an expired or disabled link answers 410 with a page that says so, and its order makes no bill; an unknown one 404', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const short = await newLink(ctx.target, { amount: 50, description: 'Soon gone', expiresIn: 60 });
    const order = orderOf((await call(ctx.target, `/pay/${short.id}`)).body)!;
    const link = (await ctx.ledger.link(short.id))!;
    await ctx.ledger.recordLink({ ...link, id: 'expiredAAAAAAAAAAAAAAA', expiresAt: Date.now() - 1 });
    const expired = await call(ctx.target, '/pay/expiredAAAAAAAAAAAAAAA', { headers: { 'accept-language': 'en' } });
    assert.equal(expired.status, 410);
    assert.match(expired.body, /This pay link has expired/);
    await call(ctx.target, `/v1/links/${short.id}/disable`, { method: 'POST', ...(await merchant()) });
    const disabled = await call(ctx.target, `/pay/${short.id}`);
    assert.equal(disabled.status, 410);
    assert.match(disabled.body, /ร้านค้าปิดลิงก์ชำระเงินนี้แล้ว/);
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    const refused = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([refused.status, refused.body.error.code], [410, 'link_closed']);
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates);
    assert.equal((await call(ctx.target, '/pay/AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
    assert.equal((await call(ctx.target, '/pay/not-a-link')).status, 404);
  } finally {
    ctx.stop();
  }
});

test("live, with no MAEMANEE_PUBLIC_URL and the merchant's URL not an allowed origin: a link is refused, not made broken", async () => {
  const ctx = await recordedApp(LIVE_ENV);
  try {
    const res = await call(ctx.target, '/v1/links', { method: 'POST', json: { amount: 50, description: 'x' }, ...(await merchant()) });
    assert.deepEqual([res.status, res.body.error.code], [409, 'public_url_required']);
  } finally {
    ctx.stop();
  }
  const listed = await recordedApp({ ...ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example' });
  try {
    const link = await newLink(listed.target);
    const order = orderOf((await call(listed.target, `/pay/${link.id}`)).body)!;
    const fromPage = await call(listed.target, '/v1/payments', { method: 'POST', json: { order }, headers: { origin: 'https://pay.example.com' } });
    assert.equal(fromPage.status, 201, "the public URL's origin may call: its own pay page");
  } finally {
    listed.stop();
  }
});

test('createLink, getLink and disableLink: the merchant helpers', async () => {
  const ctx = await recordedApp(ENV);
  try {
    const viaApp = ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch;
    const link = await createLink('https://proxy.test/', SECRET, { amount: 120, description: 'Mango sticky rice' }, { fetch: viaApp });
    assert.equal(link.url, `https://pay.example.com/pay/${link.id}`);
    assert.equal((await getLink('https://proxy.test', SECRET, link.id, { fetch: viaApp })).status, 'open');
    assert.equal((await disableLink('https://proxy.test', SECRET, link.id, { fetch: viaApp })).status, 'disabled');
    await assert.rejects(getLink('https://proxy.test', SECRET, 'AAAAAAAAAAAAAAAAAAAAAA', { fetch: viaApp }), (e: Error & { status?: number; code?: string }) => e.status === 404 && e.code === 'link_not_found');
    await assert.rejects(createLink('https://proxy.test', SECRET, { amount: -1, description: 'x' }, { fetch: viaApp }), /400 invalid_amount/);
  } finally {
    ctx.stop();
  }
});

test('a pay link whose bill ended expired and was paid after: the next tap answers that payment, and the link reads paid', async () => {
  const ctx = await shortGrace();
  try {
    const link = (await call(ctx.target, '/v1/links', { method: 'POST', json: { amount: 45, description: 'Late scarf' }, ...(await merchant()) })).body;
    const order = orderOf((await call(ctx.target, `/pay/${link.id}`)).body)!;
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

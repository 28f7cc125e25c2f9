/**
 * The seller's console tried as the seller: Chromium as phones (390×844, touch, Thai), each person in a browser of
 * their own (a context), against a real Node proxy in sandbox mode on `http://localhost` (WebAuthn refuses an IP
 * address) serving the console's build. The owner's phone has a platform authenticator (the DevTools protocol's
 * virtual one); its `speechSynthesis.speak` is recorded. The tests run in order, each on what the one before left:
 * the owner's link, the passkey, a link made and paid, the needs-review inbox, the CSV, staff, another origin. With
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it writes the docs' screenshots of the console, in Thai and English.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'puppeteer-core';
import type { Invite } from '../../contract/console.ts';
import type { PaymentEvent } from '../../contract/http.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { exportHeader } from '../../proxy/console/export.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { createConsoleInvite, getLink, getPayment, listEvents } from '../../server-kit/index.ts';
import { call, overHttp } from '../helpers/flow.ts';
import { inReview } from '../helpers/review.ts';
import { until } from '../helpers/wait.ts';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SHOP = 'ร้านข้าวมันไก่ป้าแดง';

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let shots: string;
/** Every line the proxy logged, with when this process heard it. */
const logged: { at: number; line: Record<string, unknown> }[] = [];
/** What each phone's page logged at error level, and its uncaught errors, by the phone's name. */
const errors = new Map<string, string[]>();

before(async () => {
  shots = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : await mkdtemp(join(tmpdir(), 'maemanee-shots-'));
  proxy = await startNodeProxy(
    {
      MAEMANEE_UPSTREAM: 'sandbox',
      MAEMANEE_DB: ':memory:',
      MAEMANEE_SHOP_NAME: SHOP,
      MAEMANEE_CHECK_GAP_MS: '0',
      // The proxy checks pending bills every second, and ends a bill at once when it expires (needs review, below).
      MAEMANEE_RECONCILE_SECONDS: '1',
      MAEMANEE_RECONCILE_GRACE_SECONDS: '0',
    },
    0,
    { hostname: 'localhost', log: (line) => logged.push({ at: Date.now(), line: line as Record<string, unknown> }) },
  );
  assert.match(proxy.url, /^http:\/\/localhost:\d+$/);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

/**
 * A Thai phone's page in `context`, named `name` for its errors: its browser's languages, and `speechSynthesis.speak`
 * recording what it was asked to say (`window.spoken`) instead of saying it.
 */
async function phone(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  const seen: string[] = errors.get(name) ?? [];
  errors.set(name, seen);
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|TrustedHTML|TrustedScript/.test(message.text())) seen.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  page.on('pageerror', (error) => seen.push(String(error)));
  await page.setViewport(PHONE);
  await page.setExtraHTTPHeaders({ 'accept-language': 'th-TH,th;q=0.9,en;q=0.5' });
  // Code for the page as text: the test's compiler names functions through a helper (__name) the page does not have.
  await page.evaluateOnNewDocument(`
    globalThis.__name = (fn) => fn;
    Object.defineProperty(navigator, 'languages', { get: () => ['th-TH', 'th', 'en'] });
    window.spoken = [];
    speechSynthesis.speak = (utterance) => window.spoken.push({ text: utterance.text, lang: utterance.lang });
  `);
  return page;
}

/** The phone's platform authenticator (Face ID, a fingerprint): it keeps passkeys and verifies its user at once. */
async function authenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.createCDPSession();
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, id: authenticatorId };
}

/** `selector` (`>>>` pierces shadow roots) once it shows; polled, as a change inside a shadow root wakes no waiter. */
const shown = (page: Page, selector: string, ms = 5000) => until(() => page.$(selector), ms, selector);

/** A tap on what `selector` finds, scrolled to the middle of the screen first, as a thumb would: not under the tab bar. */
async function tap(page: Page, selector: string) {
  const target = await shown(page, selector);
  await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await target.tap();
}

/** The text a person reads on the page, through shadow roots, white space folded. */
const shadowText = (page: Page) =>
  page.evaluate(`(function walk(n) {
    return (n.nodeType === Node.TEXT_NODE ? n.textContent : '') + (n.shadowRoot ? walk(n.shadowRoot) : '') + [...n.childNodes].map(walk).join(' ');
  })(document.body).replace(/\\s+/g, ' ')`) as Promise<string>;

const saying = (page: Page, words: string, ms = 5000) => until(async () => (await shadowText(page)).includes(words), ms, `"${words}" on screen`);

/** A call of the console's API from the page, with its session cookie, as the app makes it. */
function inPage(page: Page, path: string, init: { method?: string; json?: unknown } = {}) {
  return page.evaluate(
    async (path: string, method: string, body: string | undefined) => {
      const response = await fetch(path, { method, credentials: 'same-origin', headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body });
      const bytes = [...new Uint8Array(await response.arrayBuffer())];
      return { status: response.status, bytes };
    },
    path,
    init.method ?? 'GET',
    init.json === undefined ? undefined : JSON.stringify(init.json),
  ).then(({ status, bytes }) => {
    const text = Buffer.from(bytes).toString('utf8');
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status, bytes, text, body };
  });
}

/**
 * A screenshot of the phone's screen once it is still (a view scrolls smoothly to what it opened), without the focus
 * ring of the last button tapped.
 */
async function shot(page: Page, name: string) {
  let last = -1;
  let same = 0;
  await until(
    async () => {
      const y = (await page.evaluate('window.scrollY')) as number;
      same = y === last ? same + 1 : 0;
      last = y;
      return same >= 5;
    },
    3000,
    'the page still',
  );
  await page.evaluate(`(function blur(root) {
    const active = root.activeElement;
    if (active && active.shadowRoot && active.shadowRoot.activeElement) blur(active.shadowRoot);
    else active?.blur();
  })(document)`);
  await page.screenshot({ path: join(shots, `${name}.png`) as `${string}.png` });
}

/** The console's language switch (the choice `?lang=en` also makes), for the English screenshots. */
async function inEnglish(page: Page, take: () => Promise<unknown>) {
  await tap(page, 'maemanee-console >>> [data-switch-lang]');
  await until(() => page.evaluate(() => document.documentElement.lang === 'en'), 3000, 'English');
  await take();
  await tap(page, 'maemanee-console >>> [data-switch-lang]');
  await until(() => page.evaluate(() => document.documentElement.lang === 'th'), 3000, 'Thai again');
}

const consoleUrl = () => `${proxy.url}/console/`;
let owner: { context: BrowserContext; page: Page; key: { cdp: CDPSession; id: string } };
let invite: Invite;

test("signed out, the console's start shows the passkey sign-in and logs no error: who is signed in is an answer, not a failed request", async () => {
  const context = await browser.createBrowserContext();
  try {
    for (const lang of ['th', 'en'] as const) {
      const page = await phone(context, `signed out (${lang})`);
      await page.goto(lang === 'en' ? `${consoleUrl()}?lang=en` : consoleUrl());
      await shown(page, 'maemanee-console >>> [data-passkey-signin]');
      await saying(page, lang === 'th' ? 'เข้าสู่ระบบด้วยพาสคีย์' : 'Sign in with a passkey');
      await shot(page, `console-signin-${lang}`);
      await page.close();
      assert.deepEqual(errors.get(`signed out (${lang})`), []);
    }
  } finally {
    await context.close();
  }
});

test("the owner's one-time link signs in and the owner adds a passkey; the same link on another phone is refused in the app's words", async () => {
  invite = await createConsoleInvite(proxy.url, SANDBOX_SECRET);
  assert.ok(invite.url.startsWith(`${proxy.url}/console/#/signin/`), invite.url);
  const context = await browser.createBrowserContext();
  const page = await phone(context, 'owner');
  owner = { context, page, key: await authenticator(page) };
  await page.goto(invite.url);
  await tap(page, 'maemanee-console >>> [data-add-passkey]');
  await saying(page, 'เพิ่มพาสคีย์แล้ว');
  await shown(page, 'maemanee-console >>> [data-totals]');
  assert.equal(new URL(page.url()).hash, '#/today', 'the token left the address bar');
  const { credentials } = await owner.key.cdp.send('WebAuthn.getCredentials', { authenticatorId: owner.key.id });
  assert.deepEqual(
    credentials.map((c) => [c.rpId, c.isResidentCredential]),
    [['localhost', true]],
    'one passkey, kept on the phone for localhost',
  );
  const me = await inPage(page, '/console/api/me');
  assert.deepEqual([me.body.signedIn, me.body.member.role, me.body.passkey, me.body.hasPasskey], [true, 'owner', false, true]);

  const other = await browser.createBrowserContext();
  try {
    const second = await phone(other, 'the link again');
    await second.goto(invite.url);
    await saying(second, 'ลิงก์นี้ใช้ไม่ได้ (ใช้ไปแล้วหรือหมดอายุ)');
    await shown(second, 'maemanee-console >>> [data-passkey-signin]');
    assert.equal((await inPage(second, '/console/api/me')).body.signedIn, false, 'and nothing signed in');
    // Its refused sign-in is the one failed request there.
    assert.deepEqual(errors.get('the link again')!.filter((e) => !/status of 401/.test(e)), []);
  } finally {
    await other.close();
  }
});

test('signed out, the owner signs in with the passkey alone and lands on Today', async () => {
  const { page } = owner;
  await page.evaluate(() => (location.hash = '#/more'));
  await tap(page, 'maemanee-console >>> [data-signout]');
  await saying(page, 'ออกจากระบบแล้ว');
  assert.equal((await inPage(page, '/console/api/me')).body.signedIn, false, 'signed out on the proxy too');
  await tap(page, 'maemanee-console >>> [data-passkey-signin]');
  await shown(page, 'maemanee-console >>> [data-totals]');
  assert.equal(new URL(page.url()).hash, '#/today');
  const me = await inPage(page, '/console/api/me');
  assert.deepEqual([me.body.member.role, me.body.passkey], ['owner', true], 'a session made by the passkey');
});

let linkId: string;
let paidId: string;

test('alerts on, a link made in the console and paid in the sandbox shows on Today with the new total within 3 s of being recorded, and is said aloud in Thai', async () => {
  const { page } = owner;
  await page.evaluate(() => (location.hash = '#/links'));
  await (await shown(page, 'maemanee-console >>> console-links >>> [name="amount"]')).type('250');
  await page.type('maemanee-console >>> console-links >>> [name="description"]', 'ข้าวมันไก่ 2 จาน');
  await tap(page, 'maemanee-console >>> console-links >>> button[type="submit"]');
  const qr = await shown(page, 'maemanee-console >>> console-share >>> svg.qr');
  assert.ok((await qr.boundingBox())!.width >= 280, 'a QR large enough to show a customer');
  const url = await (await shown(page, 'maemanee-console >>> console-share >>> a[href*="/pay/"]')).evaluate((a) => (a as HTMLAnchorElement).href);
  linkId = new URL(url).pathname.split('/').pop()!;
  await shown(page, `maemanee-console >>> [data-link="${linkId}"]`);
  await shown(page, 'maemanee-console >>> console-share >>> [data-line]');
  await shot(page, 'console-link-th');
  // An English-speaking seller's link, for its screenshot: the one above is the one a buyer pays.
  await inEnglish(page, async () => {
    await page.type('maemanee-console >>> console-links >>> [name="amount"]', '250');
    await page.type('maemanee-console >>> console-links >>> [name="description"]', 'Chicken rice, 2 plates');
    await tap(page, 'maemanee-console >>> console-links >>> button[type="submit"]');
    await saying(page, 'Link made');
    await until(async () => !(await shadowText(page)).includes(url), 3000, "the new link's QR");
    await shot(page, 'console-link-en');
  });

  await page.evaluate(() => (location.hash = '#/today'));
  const alerts = await shown(page, 'maemanee-console >>> [data-alerts]');
  assert.equal((await alerts.evaluate((b) => b.textContent!)).trim(), 'เปิดเสียงแจ้งเตือน');
  await alerts.click();
  await until(() => page.$('maemanee-console >>> [data-alerts][aria-pressed="true"]'), 3000, 'alerts on');
  assert.deepEqual(await page.evaluate('window.spoken'), [{ text: 'เปิดเสียงแจ้งเตือนแล้ว', lang: 'th-TH' }], 'said within the tap');

  // A buyer opens the link on their own phone and taps to pay; the sandbox takes the transfer.
  const buyer = await browser.createBrowserContext();
  try {
    const pay = await phone(buyer, 'buyer');
    await pay.goto(url);
    await tap(pay, 'maemanee-pay >>> [part="start"]');
    await pay.waitForFunction(() => document.querySelector('maemanee-pay')?.getAttribute('state') === 'pending', { timeout: 10_000 });
    paidId = (await getLink(proxy.url, SANDBOX_SECRET, linkId)).payments![0].id;
    assert.equal((await call(overHttp(proxy.url), `/sandbox/payments/${paidId}/pay`, { method: 'POST' })).status, 200);
    const recorded = await until(() => logged.find((l) => l.line.msg === 'payment_paid' && l.line.id === paidId), 10_000, 'the payment recorded');
    const entry = `maemanee-console >>> [data-entry]`;
    // Waited for longer than the bar, so that a slow screen fails with its figure.
    await until(
      async () => (await page.$(entry)) && /฿250\.00/.test(await page.$eval('maemanee-console >>> [data-totals]', (t) => t.textContent!)),
      10_000,
      'the payment and the new total on Today',
    );
    const seen = Date.now() - recorded.at;
    assert.ok(seen <= 3000, `shown ${seen} ms after it was recorded`);
    const text = await shadowText(page);
    assert.match(text, /ข้าวมันไก่ 2 จาน ฿250\.00/);
    assert.match(text, /ชำระแล้ว 1 รายการ/);
    await until(async () => ((await page.evaluate('window.spoken')) as unknown[]).length === 2, 3000, 'the payment said');
    assert.deepEqual((await page.evaluate('window.spoken')) as unknown[], [
      { text: 'เปิดเสียงแจ้งเตือนแล้ว', lang: 'th-TH' },
      { text: 'ได้รับเงิน 250 บาท', lang: 'th-TH' },
    ]);
  } finally {
    await buyer.close();
  }
});

test('needs review: one bill the owner found paid (payment.paid, resolvedBy merchant), another not paid (expired); both in the events and the audit list', async () => {
  const { page } = owner;
  const [found, missing] = await inReview(proxy.url, SANDBOX_SECRET, [120, 'order-1042'], [80, 'order-1043']);
  await page.evaluate(() => (location.hash = '#/review'));
  await shown(page, `maemanee-console >>> [data-review="${found.id}"]`);
  await shown(page, `maemanee-console >>> [data-review="${missing.id}"]`);
  await saying(page, 'order-1043');
  await shot(page, 'console-review-th');
  await inEnglish(page, () => shot(page, 'console-review-en'));

  await tap(page, `maemanee-console >>> [data-review="${found.id}"] [data-found="paid"]`);
  await tap(page, `maemanee-console >>> [data-review="${found.id}"] [data-confirm]`);
  await until(() => page.$(`maemanee-console >>> [data-review="${found.id}"] [role="status"]`), 5000, 'the first outcome');
  await tap(page, `maemanee-console >>> [data-review="${missing.id}"] [data-found="not_paid"]`);
  await tap(page, `maemanee-console >>> [data-review="${missing.id}"] [data-confirm]`);
  await until(() => page.$(`maemanee-console >>> [data-review="${missing.id}"] [role="status"]`), 5000, 'the second outcome');

  assert.deepEqual(
    [(await getPayment(proxy.url, SANDBOX_SECRET, found.id)).status, (await getPayment(proxy.url, SANDBOX_SECRET, missing.id)).status],
    ['paid', 'expired'],
  );
  const events = (await listEvents(proxy.url, SANDBOX_SECRET, { limit: 100 })).events;
  const of = (id: string) => events.filter((e) => e.data.id === id).map((e) => e.type);
  assert.deepEqual(of(found.id), ['payment.needs_review', 'payment.paid']);
  assert.deepEqual(of(missing.id), ['payment.needs_review', 'payment.expired']);
  const paid = events.find((e): e is Extract<PaymentEvent, { type: 'payment.paid' }> => e.type === 'payment.paid' && e.data.id === found.id)!;
  assert.deepEqual([paid.data.resolvedBy, paid.data.amount, paid.data.ref1], ['merchant', 120, 'order-1042']);
  const audit = (await inPage(page, '/console/api/audit')).body.entries as { action: string; subject: string; detail: string }[];
  assert.deepEqual(
    audit.filter((e) => e.action === 'payment.resolved').map((e) => [e.subject, e.detail]),
    [
      [missing.id, 'not_paid (merchant)'],
      [found.id, 'paid (merchant)'],
    ],
  );

  // Today, with what the day brought, for the docs.
  await page.evaluate(() => (location.hash = '#/today'));
  await until(async () => (await page.$$('maemanee-console >>> [data-entry]')).length === 3, 3000, "the day's three bills");
  await saying(page, '฿370.00');
  await shot(page, 'console-today-th');
  await inEnglish(page, () => shot(page, 'console-today-en'));
});

test("the CSV export, through the page's session, has the payment with Thai intact behind a UTF-8 byte order mark, in the console's language", async () => {
  const { page } = owner;
  await page.evaluate(() => (location.hash = '#/export'));
  const href = await (await shown(page, 'maemanee-console >>> [data-download]')).evaluate((a) => (a as HTMLAnchorElement).href);
  assert.match(href, /\/console\/api\/export\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&lang=th$/);
  const csv = await inPage(page, href);
  assert.equal(csv.status, 200);
  assert.deepEqual(csv.bytes.slice(0, 3), [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark');
  const rows = csv.text.slice(1).trim().split('\r\n');
  assert.equal(rows[0], exportHeader('th').join(','), 'the columns headed in Thai');
  const row = rows.find((r) => r.startsWith(`${paidId},`));
  assert.ok(row, rows.join('\n'));
  assert.match(row, new RegExp(`^${paidId},link-${linkId},ข้าวมันไก่ 2 จาน,250\\.00,ชำระแล้ว,`));
});

test("every owner's view fits the phone's width: nothing scrolls sideways at 390 or 360 px", async () => {
  const { page } = owner;
  for (const width of [390, 360]) {
    await page.setViewport({ width, height: 844, isMobile: true, hasTouch: true });
    for (const view of ['today', 'links', 'payments', 'review', 'export', 'staff', 'more']) {
      await page.evaluate((hash) => (location.hash = hash), `#/${view}`);
      await page.waitForFunction((hash) => location.hash === hash, {}, `#/${view}`);
      // The view's reads answered and drawn.
      await page.waitForNetworkIdle({ idleTime: 250 });
      await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `#/${view} at ${width} px is ${wide} px wide`);
    }
  }
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
});

let staff: { context: BrowserContext; page: Page; id: string };

test('staff, invited by the owner in the console, see Today only and get 403 elsewhere; revoked, their next call is refused at once', async () => {
  const { page } = owner;
  await page.evaluate(() => (location.hash = '#/staff'));
  await (await shown(page, 'maemanee-console >>> console-staff >>> [name="name"]')).type('น้องเอ');
  await tap(page, 'maemanee-console >>> console-staff >>> button[type="submit"]');
  // Shown as text to scan or send, not a link the owner's phone would open.
  const url = (await (await shown(page, 'maemanee-console >>> console-share >>> .url')).evaluate((p) => p.textContent ?? '')).trim();
  assert.match(url, /#\/signin\//);

  const context = await browser.createBrowserContext();
  const staffPage = await phone(context, 'staff');
  await staffPage.goto(url);
  await tap(staffPage, 'maemanee-console >>> [data-later]');
  await shown(staffPage, 'maemanee-console >>> [data-totals]');
  await saying(staffPage, '฿370.00');
  const me = await inPage(staffPage, '/console/api/me');
  assert.deepEqual([me.body.member.role, me.body.member.name], ['staff', 'น้องเอ']);
  staff = { context, page: staffPage, id: me.body.member.id };
  assert.equal(await staffPage.$('maemanee-console >>> nav'), null, 'no way to the other views');
  await staffPage.evaluate(() => (location.hash = '#/links'));
  await shown(staffPage, 'maemanee-console >>> [data-totals]');
  assert.equal(await staffPage.$('maemanee-console >>> console-links'), null, 'Today, whatever the address says');
  for (const path of ['/console/api/links', '/console/api/payments', '/console/api/members', '/console/api/export.csv?from=2026-01-01&to=2026-01-02']) {
    const res = await inPage(staffPage, path);
    assert.deepEqual([path, res.status, res.body?.error.code], [path, 403, 'forbidden']);
  }
  assert.equal((await inPage(staffPage, '/console/api/today')).status, 200);

  // The owner reopens Staff, which lists the new member, and revokes them.
  await page.evaluate(() => (location.hash = '#/more'));
  await shown(page, 'maemanee-console >>> [data-signout]');
  await page.evaluate(() => (location.hash = '#/staff'));
  await tap(page, `maemanee-console >>> [data-member="${staff.id}"] [data-revoke="member"]`);
  await tap(page, `maemanee-console >>> [data-member="${staff.id}"] [data-confirm-revoke]`);
  const revoked = async () => ((await inPage(page, '/console/api/audit')).body.entries as { action: string; subject: string }[]).some((e) => e.action === 'member.revoked' && e.subject === staff.id);
  await until(revoked, 3000, 'the revocation in the audit list');
  assert.deepEqual(
    [(await inPage(staffPage, '/console/api/today')).status, (await inPage(staffPage, '/console/api/me')).body],
    [401, { signedIn: false }],
    "the staff phone's very next call",
  );
  await shown(staffPage, 'maemanee-console >>> [data-passkey-signin]', 5000);
  // Refusals by design are the only failed requests on the staff phone.
  assert.deepEqual(errors.get('staff')!.filter((e) => !/status of (401|403)/.test(e)), []);
  await context.close();
});

test("a POST from another origin, from a page there with the owner's browser or with the session's cookie, is refused 403 and changes nothing", async () => {
  const { page, context } = owner;
  const auditOf = async () => (await inPage(page, '/console/api/audit?limit=200')).text;
  const before = await auditOf();
  const target = `${proxy.url}/console/api/invites`;
  const evil = await listen(
    () =>
      new Response(
        `<!doctype html><title>Free gift</title><script>
          fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"role":"staff","name":"Mallory"}' })
            .then(() => (document.title = 'sent'), () => (document.title = 'failed'));
        </script>`,
        { headers: { 'content-type': 'text/html' } },
      ),
  );
  try {
    const other = await context.newPage();
    await other.goto(evil.url);
    await other.waitForFunction(() => document.title !== 'Free gift', { timeout: 5000 });
    await other.close();
    const refused = await until(() => logged.find((l) => l.line.msg === 'request' && l.line.method === 'POST' && l.line.path === '/console/api/invites' && l.line.status !== 201), 5000, 'the POST at the proxy');
    assert.equal(refused.line.status, 403);

    const cookie = (await context.cookies()).find((c) => c.name === 'maemanee_console')!;
    assert.ok(cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));
    const headers = { cookie: `${cookie.name}=${cookie.value}`, origin: 'http://evil.example' };
    const read = await call(overHttp(proxy.url), '/console/api/me', { headers });
    assert.equal(read.body.signedIn, true, 'the cookie is a live session');
    const forged = await call(overHttp(proxy.url), '/console/api/invites', { method: 'POST', json: { role: 'staff', name: 'Mallory' }, headers });
    assert.deepEqual([forged.status, forged.body.error.code], [403, 'origin_not_allowed']);
    assert.equal(await auditOf(), before, 'no invite made');
  } finally {
    await evil.close();
  }
});

test("the owner's phone logged no error through it all, under the console's CSP", async () => {
  await owner.context.close();
  assert.deepEqual(errors.get('owner'), []);
  assert.deepEqual(errors.get('buyer'), []);
});

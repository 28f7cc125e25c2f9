/**
 * A pay link end to end, as a payer in a chat app would meet it: Chromium as a phone (390×844, touch) opens the
 * proxy's own pay page, which loads the element from the proxy; the sandbox takes the payment; the shop's webhook
 * names the link. With UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it writes the pay page's screenshots.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createLink, getLink, type Link, type PaymentEvent } from '../../server-kit/index.ts';
import { launchChromium } from '../../scripts/chromium.ts';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let hook: Awaited<ReturnType<typeof listen>>;
let shots: string;
const received: PaymentEvent[] = [];
const requests: string[] = [];

before(async () => {
  shots = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : await mkdtemp(join(tmpdir(), 'maemanee-shots-'));
  hook = await listen(async (request) => (received.push(JSON.parse(await request.text())), new Response('ok')));
  proxy = await startNodeProxy(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:', MAEMANEE_SHOP_NAME: 'ร้านผ้าไหมแม่มณี', MAEMANEE_WEBHOOK_URL: hook.url, MAEMANEE_CHECK_GAP_MS: '0' },
    0,
    { log: (e) => e.msg === 'request' && requests.push(`${e.method} ${e.path}`) },
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await hook?.close();
});

/**
 * What the pages logged at error level (a strict CSP's or Trusted Types' refusal, a resource that failed to load, such
 * as a missing /favicon.ico) and any uncaught error: none, at the end.
 */
const refusals: string[] = [];

/** LINE's in-app browser on an iPhone, as it names itself. */
const LINE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.0.0';

/**
 * A Thai payer's phone: its browser prefers Thai; `timeZone`: its clock is set to another zone; `userAgent`: it is an
 * app's browser.
 */
async function phone(url: string, timeZone?: string, userAgent?: string): Promise<Page> {
  const page = await browser.newPage();
  if (timeZone) await page.emulateTimezone(timeZone);
  if (userAgent) await page.setUserAgent(userAgent);
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|TrustedHTML|TrustedScript/.test(message.text())) refusals.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.setViewport(PHONE);
  await page.setExtraHTTPHeaders({ 'accept-language': 'th-TH,th;q=0.9,en;q=0.5' });
  await page.goto(url);
  return page;
}

const state = (page: Page, value: string) =>
  page.waitForFunction((v) => document.querySelector('maemanee-pay')?.getAttribute('state') === v, { timeout: 10_000 }, value);
const tap = async (page: Page, part: string) => (await page.waitForSelector(`maemanee-pay >>> [part="${part}"]`, { visible: true }))!.click();

/** The sandbox pays (or expires) the link's bill that `page` shows, and the payer taps "I have paid": the bill. */
async function settle(page: Page, link: Link, end: 'paid' | 'expired' = 'paid') {
  const [payment] = (await getLink(proxy.url, SANDBOX_SECRET, link.id)).payments!;
  await fetch(`${proxy.url}/sandbox/payments/${payment.id}/${end === 'paid' ? 'pay' : 'expire'}`, { method: 'POST' });
  await tap(page, 'check');
  await state(page, end);
  return payment;
}

let link: Link;

test('a payer opens the link on a phone, taps to pay, the QR shows, the sandbox pays, the paid view shows', async () => {
  link = await createLink(proxy.url, SANDBOX_SECRET, { amount: 350, description: 'ผ้าไหมมัดหมี่ 1 ผืน (Mudmee silk, one length)' });
  const page = await phone(link.url);
  assert.equal(await page.title(), 'ร้านผ้าไหมแม่มณี · ฿350.00');
  assert.match(await page.$eval('maemanee-pay', (el) => el.shadowRoot!.textContent!), /ชำระด้วยพร้อมเพย์/, 'in Thai, as the phone prefers');
  await page.waitForSelector('maemanee-pay >>> [part="start"]');
  assert.equal(await page.$('maemanee-pay >>> [part="qr"]'), null, 'not autostarted: the bill is made when the payer taps');
  assert.ok(!requests.includes('POST /v1/payments'), 'opening the page made no bill');
  await page.screenshot({ path: join(shots, 'link-th.png') as `${string}.png` });
  await tap(page, 'start');
  await state(page, 'pending');
  assert.ok(await page.$('maemanee-pay >>> [part="qr"]'));
  await page.screenshot({ path: join(shots, 'link-pending-th.png') as `${string}.png` });
  const payment = await settle(page, link);
  // The page's script shows the receipt's link as the element turns paid, from the receipt the element fired.
  const receipt = await page.waitForSelector('.receipt-link:not([hidden]) a', { visible: true });
  assert.match(await receipt!.evaluate((a) => (a as HTMLAnchorElement).href), new RegExp(`/pay/${link.id}/receipt/${payment.id}\\.[\\w-]{43}$`));
  await page.close();
  const read = await getLink(proxy.url, SANDBOX_SECRET, link.id);
  assert.deepEqual([read.status, read.payments!.length], ['paid', 1]);
});

test('a second visit shows the paid page and makes no bill; the webhook named the link', async () => {
  const creates = requests.filter((r) => r === 'POST /v1/payments').length;
  const page = await phone(`${link.url}?lang=en`);
  const text = await page.$eval('main', (m) => m.textContent!.replace(/\s+/g, ' '));
  assert.match(text, /Payment received/);
  assert.match(text, /฿350\.00/);
  assert.match(text, new RegExp(`Reference link-${link.id}`));
  assert.equal(await page.$('maemanee-pay'), null, 'nothing to pay it with again');
  await page.screenshot({ path: join(shots, 'link-paid-en.png') as `${string}.png` });
  await page.close();
  assert.equal(requests.filter((r) => r === 'POST /v1/payments').length, creates);
  assert.equal((await getLink(proxy.url, SANDBOX_SECRET, link.id)).payments!.length, 1);
  const deadline = Date.now() + 5000;
  while (!received.some((e) => e.type === 'payment.paid') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const paid = received.find((e) => e.type === 'payment.paid')!;
  assert.equal(paid.type === 'payment.paid' && paid.data.link, link.id);
});

test("a phone set to another time zone shows the same paid time in the element's live view and, on a reload, on the hosted paid page: Bangkok's", async () => {
  // Honolulu is 17 hours behind Bangkok: a different hour, and often a different day.
  for (const lang of ['th', 'en']) {
    const other = await createLink(proxy.url, SANDBOX_SECRET, { amount: 90, description: 'Iced tea', lang: lang as 'th' | 'en' });
    const page = await phone(other.url, 'Pacific/Honolulu');
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'Pacific/Honolulu');
    await tap(page, 'start');
    await state(page, 'pending');
    await settle(page, other);
    // ICU versions differ in which space they put before AM/PM; the time itself must not.
    const text = (s: string) => s.replace(/\s+/g, ' ').trim();
    const live = text(await page.$eval('maemanee-pay', (el) => el.shadowRoot!.querySelector('[part="time"]')!.textContent!));
    await page.reload();
    const hosted = text(await page.$eval('main time', (el) => el.textContent!));
    assert.equal(live, hosted, `${lang}: the live view and the reloaded page`);
    const paidAt = (await getLink(proxy.url, SANDBOX_SECRET, other.id)).payments![0].paidAt!;
    const bangkok = new Date(paidAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Bangkok' });
    assert.equal(hosted, text(bangkok), `${lang}: in Bangkok's time`);
    await page.close();
  }
});

test("in LINE's browser, the way out to the phone's browser (to save the QR) shows while there is a QR, and goes once the element is paid or expired", async () => {
  const banner = (page: Page) => page.$eval('.external', (a) => getComputedStyle(a).display !== 'none' && (a as HTMLElement).offsetHeight > 0);
  for (const end of ['paid', 'expired'] as const) {
    const other = await createLink(proxy.url, SANDBOX_SECRET, { amount: 60, description: `Green tea, ${end}` });
    const page = await phone(other.url, undefined, LINE_UA);
    assert.equal(await banner(page), true, `${end}: offered before the QR`);
    await tap(page, 'start');
    await state(page, 'pending');
    assert.equal(await banner(page), true, `${end}: offered beside the QR`);
    await settle(page, other, end);
    assert.equal(await banner(page), false, `${end}: no QR left to save`);
    if (end === 'paid') {
      // The receipt is to save or print: the way out is offered on screen, and left off the paper.
      await page.goto(await page.$eval('.receipt-link a', (a) => (a as HTMLAnchorElement).href));
      assert.equal(await banner(page), true, 'the receipt: offered on screen');
      await page.emulateMediaType('print');
      assert.equal(await banner(page), false, 'the receipt: not printed');
    }
    await page.close();
  }
});

test('paid, the page says so at once, as a reload would: the payment and the receipt\'s link, nothing left to pay with', async () => {
  const seen = (page: Page) =>
    page.$eval('main', (main) => ({
      text: (main as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      receipt: main.querySelector<HTMLAnchorElement>('.receipt-link a')?.href,
      element: !!main.querySelector<HTMLElement>('maemanee-pay')?.offsetHeight,
    }));
  for (const lang of ['th', 'en'] as const) {
    const other = await createLink(proxy.url, SANDBOX_SECRET, { amount: 120, description: 'Jasmine rice, 1 kg', lang });
    const page = await phone(other.url);
    await tap(page, 'start');
    await state(page, 'pending');
    const payment = await settle(page, other);
    const live = await seen(page);
    assert.equal(live.element, false, `${lang}: one paid notice, the page's`);
    assert.match(live.text, /฿120\.00/);
    assert.match(live.receipt ?? '', new RegExp(`/pay/${other.id}/receipt/${payment.id}\\.[\\w-]{43}$`));
    await page.reload();
    assert.deepEqual(live, await seen(page), `${lang}: what a reload shows`);
    await page.close();
  }
});

test('in English, an open link, for the screenshots', async () => {
  const other = await createLink(proxy.url, SANDBOX_SECRET, { amount: 1290, description: 'Handwoven bag, indigo', lang: 'en' });
  const page = await phone(other.url);
  await page.waitForSelector('maemanee-pay >>> [part="start"]');
  assert.match(await page.$eval('main', (m) => m.textContent!), /Handwoven bag, indigo/);
  await page.screenshot({ path: join(shots, 'link-en.png') as `${string}.png` });
  await page.close();
});

test("the element's place is kept before its script runs: nothing on the page moves when it upgrades, on phones of every width", async () => {
  for (const lang of ['th', 'en'] as const) {
    const other = await createLink(proxy.url, SANDBOX_SECRET, { amount: 1290, description: 'Handwoven bag, indigo', lang });
    for (const width of [320, 360, 390, 430]) {
      const page = await browser.newPage();
      await page.setViewport({ ...PHONE, width });
      const layout = () =>
        page.$eval('main', (main) => [...main.children].map((child) => [child.localName, child.getBoundingClientRect().top, child.getBoundingClientRect().height]));
      // Without scripts the page is as it is painted before the element's file arrives.
      await page.setJavaScriptEnabled(false);
      await page.goto(other.url);
      const before = await layout();
      await page.setJavaScriptEnabled(true);
      await page.goto(other.url);
      await page.waitForSelector('maemanee-pay >>> [part="start"]');
      const after = await layout();
      assert.deepEqual(after, before, `${lang}, ${width} px wide`);
      await page.close();
    }
  }
});

test('the pay pages ran under their Content Security Policy with Trusted Types enforced, nothing was refused, and nothing failed to load', () => {
  assert.deepEqual(refusals, []);
});

/**
 * The console's build in Chromium as a phone (390×844, touch, Thai) exactly as the proxy serves it, under its CSP and
 * Trusted Types: no refusal, no error, on every step that loads code (the first load, the passkey chunk, the owner's
 * chunk, a QR drawn). The console's API is the fake of test/console/ (the proxy's own routes are another part's): it
 * answers /console/api/* beside the real proxy, on one origin. The real API's end to end is test/e2e/console.test.ts's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { loadConfig } from '../../proxy/config.ts';
import { createProxy } from '../../proxy/create-proxy.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { readConsoleBuild } from '../../proxy/runtime/build-files.ts';
import { compressed } from '../../proxy/runtime/node-compress.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { fakeConsoleApi } from '../console/fake-console-api.ts';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let fake: ReturnType<typeof fakeConsoleApi>;
const refusals: string[] = [];

before(async () => {
  const app = await createProxy(loadConfig({ MAEMANEE_UPSTREAM: 'sandbox' }, 'node'), {
    log: () => {},
    ledger: await openSqliteLedger(':memory:'),
    consoleApp: readConsoleBuild,
  });
  server = await listen(compressed((request) => (new URL(request.url).pathname.startsWith('/console/api/') ? fake.app.fetch(request) : app.fetch(request))), 0, 'localhost');

  fake = fakeConsoleApi({ origin: server.url });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|TrustedHTML|TrustedScript/.test(message.text())) refusals.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.setViewport(PHONE);
  // A Thai phone: its browser's languages, which the console reads (navigator.languages).
  // (Code for the page as text: the test's compiler names functions through a helper the page does not have.)
  await page.evaluateOnNewDocument(`Object.defineProperty(navigator, 'languages', { get: () => ['th-TH', 'th', 'en'] })`);
  await page.goto(url);
  return page;
}

/**
 * Waits for `selector` (with `>>>` through shadow roots) by polling: puppeteer's own wait watches the document for
 * changes, and a change inside a shadow root alone never wakes it.
 */
async function shown(page: Page, selector: string, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await page.$(selector);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${selector} never showed`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text a person reads, through shadow roots. */
const shadowText = (page: Page) =>
  page.evaluate(`(function walk(n) {
    return (n.nodeType === Node.TEXT_NODE ? n.textContent : '') + (n.shadowRoot ? walk(n.shadowRoot) : '') + [...n.childNodes].map(walk).join(' ');
  })(document.body).replace(/\\s+/g, ' ')`) as Promise<string>;

test('the console loads and runs under its CSP and Trusted Types: sign-in link, Today, a payment, a link with its QR; nothing refused', async () => {
  const invite = fake.invite('owner');
  const page = await phone(invite.url);
  await shown(page, 'maemanee-console >>> [data-add-passkey]');
  assert.equal(new URL(page.url()).hash, '#/today', 'the token left the address bar');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).margin), '0px', "the page's own sheet applies");
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'th');
  // The passkey library's chunk was fetched while the offer shows (under script-src 'self').
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /\/assets\/esm-[\w-]+\.js$/.test(r.name)));
  const later = await shown(page, 'maemanee-console >>> .actions button.quiet');
  await later!.click();
  await shown(page, 'maemanee-console >>> [data-totals]');

  fake.record({ type: 'payment.paid', amount: 250, title: 'ข้าวมันไก่' });
  await shown(page, 'maemanee-console >>> [data-entry]', 3000);
  assert.match(await shadowText(page), /ข้าวมันไก่ ฿250\.00/);

  await page.evaluate(() => (location.hash = '#/links'));
  await shown(page, 'maemanee-console >>> console-links >>> [name="amount"]');
  await page.type('maemanee-console >>> console-links >>> [name="amount"]', '120');
  await page.type('maemanee-console >>> console-links >>> [name="description"]', 'สบู่ใบเตย');
  await (await page.$('maemanee-console >>> console-links >>> button[type="submit"]'))!.click();
  const qr = await shown(page, 'maemanee-console >>> console-links >>> console-share >>> svg.qr');
  assert.ok((await qr!.boundingBox())!.width >= 280, 'a QR large enough to show a customer');
  await page.close();
  assert.deepEqual(refusals, []);
});

test('staff, signed in by an invite, see Today alone under the same policy', async () => {
  const invite = fake.invite('staff', 'น้องเอ');
  const page = await phone(invite.url);
  await shown(page, 'maemanee-console >>> [data-add-passkey]');
  await (await shown(page, 'maemanee-console >>> .actions button.quiet'))!.click();
  await shown(page, 'maemanee-console >>> [data-totals]');
  assert.equal(await page.$('maemanee-console >>> nav'), null);
  assert.equal(
    await page.evaluate(() => performance.getEntriesByType('resource').some((r) => /\/assets\/owner-[\w-]+\.js$/.test(r.name))),
    false,
    "a staff phone never loads the owner's views",
  );
  await page.close();
  assert.deepEqual(refusals, []);
});

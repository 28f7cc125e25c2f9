/**
 * A newcomer pays a sandbox bill from a phone alone: Chromium as a phone opens a pay link, taps pay, follows the
 * element's card link (part "open") to the sandbox's stand-in bill page, pays there, goes back, and the element shows
 * paid after its check. The element links only to an https bill page, so the proxy's public URL here is https: the
 * phone's requests to it are answered by the proxy on 127.0.0.1 through request interception, as a TLS tunnel would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { createLink } from '../../server-kit/index.ts';
import { launchChromium } from '../../scripts/chromium.ts';

const PUBLIC = 'https://sandbox-demo.test';
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
const refusals: string[] = [];

before(async () => {
  proxy = await startNodeProxy(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:', MAEMANEE_PUBLIC_URL: PUBLIC, MAEMANEE_CHECK_GAP_MS: '0', MAEMANEE_SHOP_NAME: 'ร้านทดลอง' },
    0,
    { log: () => {} },
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

/** The public URL's requests, answered by the proxy: what a tunnel in front of `npm start` does. */
async function tunnel(request: HTTPRequest) {
  if (!request.url().startsWith(`${PUBLIC}/`)) return request.continue();
  const url = new URL(request.url());
  const headers = request.headers();
  delete headers['accept-encoding'];
  const res = await fetch(proxy.url + url.pathname + url.search, { method: request.method(), headers, body: request.postData(), redirect: 'manual' });
  const answer: Record<string, string> = {};
  res.headers.forEach((value, name) => name !== 'content-length' && name !== 'content-encoding' && (answer[name] = value));
  await request.respond({ status: res.status, headers: answer, body: Buffer.from(await res.arrayBuffer()) });
}

async function phone(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/.test(message.text())) refusals.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.setRequestInterception(true);
  page.on('request', (request) => void tunnel(request).catch((error) => refusals.push(`tunnel: ${error}`)));
  await page.setViewport(PHONE);
  await page.setExtraHTTPHeaders({ 'accept-language': 'th-TH,th;q=0.9,en;q=0.5' });
  await page.goto(url);
  return page;
}

const state = (page: Page, ...values: string[]) =>
  page.waitForFunction((v) => v.includes(document.querySelector('maemanee-pay')?.getAttribute('state') ?? ''), { timeout: 10_000 }, values);
const tap = async (page: Page, part: string) => (await page.waitForSelector(`maemanee-pay >>> [part="${part}"]`, { visible: true }))!.click();

test("a phone pays a sandbox bill on the sandbox's bill page, through the element's card link, and the element then shows paid", async () => {
  const link = await createLink(proxy.url, SANDBOX_SECRET, { amount: 120, description: 'ชาไทย 2 แก้ว' });
  assert.ok(link.url.startsWith(`${PUBLIC}/pay/`), link.url);
  const page = await phone(link.url);
  await tap(page, 'start');
  await state(page, 'pending');

  const open = (await page.waitForSelector('maemanee-pay >>> [part="open"]', { visible: true }))!;
  const href = await open.evaluate((a) => (a as HTMLAnchorElement).href);
  assert.match(href, new RegExp(`^${PUBLIC}/sandbox/payments/\\d+$`), 'the card link is the sandbox bill page on the proxy the phone reached');
  // A phone's browser that opens the link in the same tab (the element asks for a new one), so that "back" returns.
  await open.evaluate((a) => a.removeAttribute('target'));
  await Promise.all([page.waitForNavigation(), open.click()]);
  assert.equal(page.url(), href);
  const bill = await page.$eval('main', (m) => m.textContent!.replace(/\s+/g, ' '));
  assert.match(bill, /หน้าบิลจำลอง/);
  assert.match(bill, /฿120\.00/);
  assert.match(bill, /ชำระได้ถึง/);

  const pay = (await page.waitForSelector('form button', { visible: true }))!;
  const box = (await pay.boundingBox())!;
  assert.ok(box.height >= 44 && box.width >= 44, `a tap target: ${box.width}×${box.height}`);
  await Promise.all([page.waitForNavigation(), pay.click()]);
  assert.equal(page.url(), href, 'the 303 leads back to the bill page');
  assert.match(await page.$eval('[role="status"]', (s) => s.textContent!), /ชำระแล้ว/);
  assert.equal(await page.$('form'), null);

  while (!page.url().startsWith(link.url)) await page.goBack();
  await state(page, 'pending', 'paid');
  if ((await page.$eval('maemanee-pay', (el) => el.getAttribute('state'))) === 'pending') await tap(page, 'check');
  await state(page, 'paid');
  await page.close();
  assert.deepEqual(refusals, [], 'no CSP refusal, error or failed request on either page');
});

/**
 * A shop link end to end, as buyers in a chat app meet it: Chromium as phones (390×844, touch), each buyer in a
 * browser of their own (a context: their own cookies and storage), on the proxy's own page with its own script under
 * its Content Security Policy. Two buyers pick and fill and pay; each gets a receipt with their own items; the shop's
 * webhooks carry each order; a reload keeps a buyer's bill; the limit tells a third buyer "sold out". With
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it writes the docs' screenshots of the page and the receipt.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import type { OrderDetails } from '../../contract/http.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createLink, getLink, type Link, type PaymentEvent } from '../../server-kit/index.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { tooSmall } from '../helpers/tap-targets.ts';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let hook: Awaited<ReturnType<typeof listen>>;
let shots: string;
const received: PaymentEvent[] = [];
/** Every line the proxy logged. */
const logged: string[] = [];
/**
 * What the pages logged at error level, and any uncaught error: none, at the end. A sold-out page and a checkout
 * refused as sold out answer 410 on purpose, which the browser logs as a failed load: those are expected.
 */
const refusals: string[] = [];

before(async () => {
  shots = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : await mkdtemp(join(tmpdir(), 'maemanee-shots-'));
  hook = await listen(async (request) => (received.push(JSON.parse(await request.text())), new Response('ok')));
  proxy = await startNodeProxy(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:', MAEMANEE_SHOP_NAME: 'ร้านผ้ามัดย้อมแม่มณี', MAEMANEE_WEBHOOK_URL: hook.url, MAEMANEE_CHECK_GAP_MS: '0' },
    0,
    { log: (e) => logged.push(JSON.stringify(e)) },
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await hook?.close();
});

/** A buyer's phone: a browser of its own, preferring Thai (or English). */
async function phone(context: BrowserContext, url: string, lang: 'th' | 'en' = 'th'): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/status of 410 \(Gone\)/.test(message.text())) return;
    if (message.type() === 'error' || /Content Security Policy|TrustedHTML|TrustedScript/.test(message.text())) refusals.push(`${message.text()} ${message.location().url ?? ''}`);
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.setViewport(PHONE);
  await page.setExtraHTTPHeaders({ 'accept-language': lang === 'th' ? 'th-TH,th;q=0.9,en;q=0.5' : 'en-US,en;q=0.9' });
  await page.goto(url);
  return page;
}

const state = (page: Page, value: string) =>
  page.waitForFunction((v) => document.querySelector('maemanee-pay')?.getAttribute('state') === v, { timeout: 10_000 }, value);
const tapElement = async (page: Page, part: string) => (await page.waitForSelector(`maemanee-pay >>> [part="${part}"]`, { visible: true }))!.click();
const text = (page: Page, selector = 'main') => page.$eval(selector, (m) => (m as HTMLElement).innerText.replace(/\s+/g, ' '));

/** What a buyer does on the form: more of the first item, their details, the tap. */
async function order(page: Page, more: number, details: { name: string; phone: string; address: string }) {
  for (let i = 0; i < more; i++) await page.tap('button.step[data-step="1"]');
  await page.type('#f-name', details.name);
  await page.type('#f-phone', details.phone);
  await page.type('#f-address', details.address);
  await page.tap('button.pay');
}

/** The bill of a buyer's order, as the shop sees it: by the name they gave. */
async function billOf(link: Link, name: string) {
  const payments = (await getLink(proxy.url, SANDBOX_SECRET, link.id)).payments!;
  return payments.find((p) => p.order?.fields.name === name)!;
}

const creates = () => logged.filter((l) => /"method":"POST","path":"\/v1\/payments","status":201/.test(l)).length;

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the whole page, as `id: target` lines (run through the DevTools protocol, which no CSP stops). */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  });
}

const SOMCHAI = { name: 'สมชาย ใจดี', phone: '081 234 5678', address: '99/1 ถนนสุขุมวิท แขวงคลองเตย กรุงเทพฯ 10110' };
const ANNA = { name: 'Anna Svensson', phone: '099-888-7777', address: '12 Nimman Road, Chiang Mai 50200' };

let link: Link;

test('two buyers on their own phones pick, fill and pay; a reload keeps a bill; each gets a receipt with their own items; the webhooks carry each order', async () => {
  link = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [
      { name: 'เสื้อยืดมัดย้อม (Tie-dye T-shirt)', price: 290, adjustable: { min: 1, max: 5 } },
      { name: 'ถุงผ้าลายช้าง (Elephant tote)', price: 150 },
    ],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'address', required: true },
    ],
    reusable: true,
    limit: 2,
    description: 'เสื้อมัดย้อมทำมือ ส่งทั่วประเทศ (Hand-dyed tees, shipped anywhere in Thailand)',
  });
  const [first, second] = [await browser.createBrowserContext(), await browser.createBrowserContext()];
  const a = await phone(first, link.url);
  assert.equal(await a.title(), 'ร้านผ้ามัดย้อมแม่มณี · ฿440.00');
  await a.waitForSelector('maemanee-pay[hidden]');
  assert.equal(creates(), 0, 'opening the page made no bill');
  await a.screenshot({ path: join(shots, 'shop-th.png') as `${string}.png`, fullPage: true });

  // A first taps with nothing filled in: each required field says so, the first gets focus, and nothing is sent.
  await a.tap('button.pay');
  assert.equal(await a.$eval('#e-name', (e) => (e as HTMLElement).innerText), 'กรุณากรอกช่องนี้');
  assert.equal(await a.evaluate(() => document.activeElement?.id), 'f-name');
  assert.equal(await a.$eval('#f-name', (e) => e.getAttribute('aria-invalid')), 'true');
  await a.type('#f-phone', '02 123 4567');
  await order(a, 2, { ...SOMCHAI, phone: '' });
  assert.equal(await a.$eval('#e-phone', (e) => (e as HTMLElement).innerText), 'เบอร์มือถือคือตัวเลข 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09');
  assert.ok(!logged.some((l) => l.includes('/checkout')), 'refused in the page, before the proxy');
  await a.$eval('#f-phone', (e) => ((e as HTMLInputElement).value = ''));
  await a.type('#f-phone', SOMCHAI.phone);
  assert.equal(await text(a, '#total'), '฿1,020.00', '3 × 290 + 150, as the buyer picks');
  await a.tap('button.pay');
  await state(a, 'pending');

  const b = await phone(second, link.url);
  await order(b, 0, ANNA);
  await state(b, 'pending');
  const [billA, billB] = [await billOf(link, SOMCHAI.name), await billOf(link, ANNA.name)];
  assert.notEqual(billA.id, billB.id, 'two buyers, two bills');
  assert.deepEqual([billA.amount, billB.amount], [1020, 440]);

  // A reload: the same bill, its QR back from the ledger, nothing created.
  const made = creates();
  await a.reload();
  await state(a, 'pending');
  assert.match(await text(a), /คำสั่งซื้อของคุณ/);
  assert.match(await text(a), /สมชาย ใจดี/);
  assert.equal(creates(), made, 'no new bill');
  assert.equal((await getLink(proxy.url, SANDBOX_SECRET, link.id)).payments!.length, 2);
  await a.screenshot({ path: join(shots, 'shop-order-th.png') as `${string}.png`, fullPage: true });

  const receipts: string[] = [];
  for (const [page, bill, buyer, quantity] of [[a, billA, SOMCHAI, 3], [b, billB, ANNA, 1]] as const) {
    await fetch(`${proxy.url}/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
    await tapElement(page, 'check');
    await state(page, 'paid');
    const receiptLink = await page.waitForSelector('.receipt-link:not([hidden]) a', { visible: true });
    await receiptLink!.tap();
    await page.waitForSelector('#receipt');
    receipts.push(page.url());
    const receipt = await text(page, '#receipt');
    assert.match(receipt, /ใบเสร็จรับเงิน \/ Receipt/);
    assert.match(receipt, /ร้านผ้ามัดย้อมแม่มณี/);
    assert.match(receipt, new RegExp(`เสื้อยืดมัดย้อม \\(Tie-dye T-shirt\\) ฿290\\.00 ${quantity} ฿${(290 * quantity).toLocaleString('en')}\\.00`));
    assert.ok(receipt.includes(buyer.name), 'their name');
    assert.ok(!receipt.includes(buyer === SOMCHAI ? ANNA.name : SOMCHAI.name), "never the other buyer's");
    assert.match(receipt, /เอกสารนี้ไม่ใช่ใบกำกับภาษี \/ This is not a tax invoice/);
    assert.match(receipt, new RegExp(`id_pay ${bill.id}`));
    assert.match(receipt, /25\d\d/, 'the Buddhist-era year');
  }
  await a.screenshot({ path: join(shots, 'receipt.png') as `${string}.png`, fullPage: true });
  assert.notEqual(receipts[0], receipts[1]);

  // The receipt saved as an image: a PNG drawn on a canvas, downloaded where the browser cannot share files.
  await a.evaluate(() => {
    (window as unknown as { saved: Promise<string[]> }).saved = new Promise((resolve) => {
      let blob: Blob;
      const make = URL.createObjectURL;
      URL.createObjectURL = (b: Blob) => ((blob = b), make(b));
      HTMLAnchorElement.prototype.click = function () {
        const reader = new FileReader();
        reader.onload = () => resolve([this.download, String(reader.result)]);
        reader.readAsDataURL(blob);
      };
    });
  });
  await a.tap('#save-image');
  const [name, image] = await a.evaluate(() => (window as unknown as { saved: Promise<string[]> }).saved);
  assert.equal(name, `receipt-${billA.id}.png`);
  const png = Buffer.from(image.split(',')[1], 'base64');
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.equal(png.readUInt32BE(16), 1080, '1080 px wide');
  assert.ok(png.readUInt32BE(20) > 1000, `as tall as the receipt: ${png.readUInt32BE(20)} px`);

  const deadline = Date.now() + 10_000;
  while (received.filter((e) => e.type === 'payment.paid').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const orders = Object.fromEntries(received.filter((e) => e.type === 'payment.paid').map((e) => [e.data.id, (e.data as { order?: OrderDetails }).order]));
  assert.deepEqual(orders[billA.id], {
    items: [
      { name: 'เสื้อยืดมัดย้อม (Tie-dye T-shirt)', price: 290, quantity: 3 },
      { name: 'ถุงผ้าลายช้าง (Elephant tote)', price: 150, quantity: 1 },
    ],
    fields: { name: SOMCHAI.name, phone: '0812345678', address: SOMCHAI.address },
  });
  assert.deepEqual(orders[billB.id]?.fields, { name: ANNA.name, phone: '0998887777', address: ANNA.address });
  assert.equal(orders[billB.id]?.items[0].quantity, 1);
  for (const secret of [SOMCHAI.name, '0812345678', SOMCHAI.address, ANNA.name, ANNA.address, '0998887777']) {
    assert.ok(!logged.some((l) => l.includes(secret)), `${secret}: in no log line`);
    assert.ok(!receipts.some((url) => url.includes(encodeURIComponent(secret))), `${secret}: in no URL`);
  }
  await first.close();
  await second.close();
});

test('the limit of 2 reached: a third buyer is told "sold out" in their language, and no bill is made', async () => {
  const third = await browser.createBrowserContext();
  const made = creates();
  for (const [lang, words] of [['th', 'ขายหมดแล้ว'], ['en', 'Sold out']] as const) {
    const page = await phone(third, link.url, lang);
    assert.match(await text(page), new RegExp(words));
    assert.equal(await page.$('form#order'), null, 'no form');
    assert.equal(await page.$('maemanee-pay'), null, 'nothing to pay with');
    if (lang === 'en') await page.screenshot({ path: join(shots, 'shop-sold-out-en.png') as `${string}.png` });
    await page.close();
  }
  const status = (await fetch(link.url)).status;
  assert.equal(status, 410);
  assert.equal(creates(), made);
  await third.close();
});

test('the limit reached mid-tap: a buyer whose form was open when the last place went is told "sold out" on the form, and no bill is made', async () => {
  const last = await createLink(proxy.url, SANDBOX_SECRET, { items: [{ name: 'Last scarf', price: 390 }], fields: [{ key: 'name', required: true }], reusable: true, limit: 1, lang: 'en' });
  const [one, two] = [await browser.createBrowserContext(), await browser.createBrowserContext()];
  const late = await phone(two, last.url, 'en');
  const first = await phone(one, last.url, 'en');
  await first.type('#f-name', 'First');
  await first.tap('button.pay');
  await state(first, 'pending');
  const made = creates();
  await late.type('#f-name', 'Second');
  await late.tap('button.pay');
  await late.waitForSelector('#form-error:not([hidden])');
  assert.equal(await text(late, '#form-error'), 'Sold out');
  assert.equal(await late.$eval('maemanee-pay', (e) => (e as HTMLElement).hidden), true, 'the element never started');
  assert.equal(creates(), made, 'no bill');
  await one.close();
  await two.close();
});

test('a tap with several problems says every one beside its own field at once, marked and tied for a screen reader, and focuses the first, in Thai and English', async () => {
  const shop = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [{ name: 'Indigo scarf', price: 450, adjustable: { min: 1, max: 3 } }],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'address', required: true },
      { key: 'note', required: false },
    ],
    reusable: true,
  });
  const said = {
    th: { name: 'กรุณากรอกช่องนี้', phone: 'เบอร์มือถือคือตัวเลข 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09', fix: 'กรุณาแก้ไขช่องที่แจ้งไว้ด้านบน' },
    en: { name: 'Please fill this in', phone: 'A mobile number is 10 digits starting 06, 08 or 09', fix: 'Please correct the fields marked above' },
  };
  for (const lang of ['th', 'en'] as const) {
    const context = await browser.createBrowserContext();
    const page = await phone(context, `${shop.url}?lang=${lang}`, lang);
    await page.type('#f-phone', '02 123 4567');
    await page.type('#f-note', 'Gift, please');
    await page.tap('button.pay');
    const fields = await page.$$eval('.details .field', (all) =>
      all.map((field) => {
        const control = field.querySelector('input, textarea')!;
        const message = field.querySelector<HTMLElement>('.error')!;
        return {
          id: control.id,
          invalid: control.getAttribute('aria-invalid'),
          tied: (control.getAttribute('aria-describedby') ?? '').split(' ').includes(message.id),
          message: message.hidden ? null : message.innerText,
        };
      }),
    );
    assert.deepEqual(fields, [
      { id: 'f-name', invalid: 'true', tied: true, message: said[lang].name },
      { id: 'f-phone', invalid: 'true', tied: true, message: said[lang].phone },
      { id: 'f-address', invalid: 'true', tied: true, message: said[lang].name },
      { id: 'f-note', invalid: null, tied: true, message: null },
    ], lang);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-name', `${lang}: the first problem has the focus`);
    assert.equal(await text(page, '#form-error'), said[lang].fix);
    // Mending one field takes its own message away and leaves the others said.
    await page.type('#f-name', 'Somsri');
    assert.deepEqual(await page.$$eval('.details .error:not([hidden])', (all) => all.map((e) => e.id)), ['e-phone', 'e-address']);
    assert.ok(!logged.some((l) => l.includes(`/pay/${shop.id}/checkout`)), 'refused in the page, before the proxy');
    await context.close();
  }
});

/** The page as a person sees it: its visible text, the receipt's link, and whether the form or the element shows. */
const seen = (page: Page) =>
  page.$eval('main', (main) => ({
    text: (main as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
    receipt: main.querySelector<HTMLAnchorElement>('.receipt-link a')?.href,
    form: !!main.querySelector<HTMLElement>('form#order')?.offsetHeight,
    element: !!main.querySelector<HTMLElement>('maemanee-pay')?.offsetHeight,
  }));

test('paid, the page says so at once, as a reload would: the payment, the receipt\'s link, what was bought, a new order; no form, nothing to pay with', async () => {
  const shop = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [
      { name: 'Indigo scarf', price: 450, adjustable: { min: 1, max: 3 } },
      { name: 'Gift wrap', price: 30, adjustable: { min: 0, max: 1 } },
      { name: 'Card', price: 20 },
    ],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'note', required: false },
    ],
    reusable: true,
    limit: 10,
    description: 'Hand-woven indigo scarves',
  });
  // In Thai, paid on the form's page; in English, on the order's page after a reload (its place held).
  for (const lang of ['th', 'en'] as const) {
    const context = await browser.createBrowserContext();
    const page = await phone(context, `${shop.url}?lang=${lang}`, lang);
    const name = `Buyer ${lang}`;
    await page.tap('button.step[data-step="1"][data-for="q0"]');
    await page.tap('button.step[data-step="-1"][data-for="q1"]');
    await page.type('#f-name', name);
    await page.type('#f-phone', '081 234 5678');
    await page.tap('button.pay');
    await state(page, 'pending');
    if (lang === 'en') {
      await page.reload();
      await state(page, 'pending');
      assert.match((await seen(page)).text, /Held for you until/);
    }
    await fetch(`${proxy.url}/sandbox/payments/${(await billOf(shop, name)).id}/pay`, { method: 'POST' });
    await tapElement(page, 'check');
    await state(page, 'paid');
    const live = await seen(page);
    assert.equal(live.form, false, `${lang}: no form`);
    assert.equal(live.element, false, `${lang}: nothing to pay with`);
    assert.match(live.receipt ?? '', new RegExp(`/pay/${shop.id}/receipt/\\d+\\.[\\w-]{43}$`));
    assert.match(live.text, /Indigo scarf × 2 ฿900\.00 Card × 1 ฿20\.00/, `${lang}: what was bought, not the wrap left out`);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.notice') !== null), true, `${lang}: the news has the focus`);
    await page.reload();
    assert.deepEqual(live, await seen(page), `${lang}: what a reload shows`);
    await context.close();
  }
});

test('every control a finger taps is big enough, on a 360 px phone and a 320 px one: the form, paid, the receipt, sold out', async () => {
  const shop = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [
      { name: 'Indigo scarf', price: 450, adjustable: { min: 1, max: 3 } },
      { name: 'Card', price: 20 },
    ],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'address', required: false },
      { key: 'note', required: false },
    ],
    reusable: true,
    limit: 1,
  });
  /** Nothing too small on this page as it is, 360 px wide and 320. */
  const measure = async (page: Page, what: string, controls = true) => {
    for (const width of [360, 320]) {
      await page.setViewport({ ...PHONE, width, height: 740 });
      assert.deepEqual(await tooSmall(page, `${what}, ${width} px`, { scope: 'main', shadowRoots: false, controls }), []);
    }
  };
  for (const lang of ['th', 'en'] as const) {
    const context = await browser.createBrowserContext();
    const page = await phone(context, `${shop.url}?lang=${lang}`, lang);
    await measure(page, `${lang}: the form`);
    await page.tap('button.pay');
    await measure(page, `${lang}: the form with its errors`);
    if (lang === 'en') {
      await page.type('#f-name', 'Malee');
      await page.type('#f-phone', '0812345678');
      await page.tap('button.pay');
      await state(page, 'pending');
      await fetch(`${proxy.url}/sandbox/payments/${(await billOf(shop, 'Malee')).id}/pay`, { method: 'POST' });
      await tapElement(page, 'check');
      await state(page, 'paid');
      await measure(page, 'paid');
      await page.reload();
      await measure(page, 'paid, reloaded');
      await page.goto(await page.$eval('.receipt-link a', (a) => (a as HTMLAnchorElement).href));
      await page.waitForSelector('#save-image:not([hidden])');
      await measure(page, 'the receipt');
    }
    await context.close();
  }
  for (const lang of ['th', 'en'] as const) {
    const context = await browser.createBrowserContext();
    const page = await phone(context, `${shop.url}?lang=${lang}`, lang);
    assert.equal(await page.$('form#order'), null);
    await measure(page, `${lang}: sold out`, false);
    await context.close();
  }
});

test('in English, a shop link for the screenshots: the form, and one required field left out', async () => {
  const shop = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [
      { name: 'Indigo scarf', price: 450, adjustable: { min: 1, max: 3 } },
      { name: 'Gift wrap', price: 30, adjustable: { min: 0, max: 1 } },
    ],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'address', required: true },
      { key: 'note', required: false },
    ],
    reusable: true,
    description: 'Hand-woven indigo scarves',
    lang: 'en',
  });
  const context = await browser.createBrowserContext();
  const page = await phone(context, shop.url, 'en');
  assert.match(await text(page), /Your details/);
  await page.screenshot({ path: join(shots, 'shop-en.png') as `${string}.png`, fullPage: true });
  await context.close();
});

test('axe finds nothing on the form (its errors shown), a buyer\'s order, and the receipt, light and dark', async () => {
  const shop = await createLink(proxy.url, SANDBOX_SECRET, {
    items: [{ name: 'Tee', price: 250, adjustable: { min: 1, max: 5 } }, { name: 'Tote', price: 120 }],
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: true },
      { key: 'address', required: false },
      { key: 'note', required: false },
    ],
    reusable: true,
  });
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.createBrowserContext();
    const page = await phone(context, shop.url);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    assert.deepEqual(await axe(page), [], `${scheme}: the form`);
    await page.tap('button.pay');
    await page.waitForSelector('#e-name:not([hidden])');
    assert.deepEqual(await axe(page), [], `${scheme}: the form with its errors`);
    await page.type('#f-name', 'Somsri');
    await page.type('#f-phone', '0812345678');
    await page.tap('button.pay');
    await state(page, 'pending');
    await page.reload();
    await state(page, 'pending');
    assert.deepEqual(await axe(page), [], `${scheme}: the order`);
    const bill = await billOf(shop, 'Somsri');
    await fetch(`${proxy.url}/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
    await tapElement(page, 'check');
    await state(page, 'paid');
    const receipt = await page.waitForSelector('.receipt-link:not([hidden]) a', { visible: true });
    await page.goto(await receipt!.evaluate((a) => (a as HTMLAnchorElement).href));
    await page.waitForSelector('#save-image:not([hidden])');
    assert.deepEqual(await axe(page), [], `${scheme}: the receipt`);
    await context.close();
  }
});

test('the shop pages ran under their Content Security Policy with Trusted Types enforced, nothing was refused, and nothing failed to load', () => {
  assert.deepEqual(refusals, []);
});

/**
 * The payer's phone, end to end: the element from its built CDN file on a page of its own origin, the proxy on
 * another origin on the sandbox, Chromium emulating a phone (touch, 360×640 and 390×844) and a desktop.
 * With UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it writes the README's phone screenshots to docs/screenshots.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signOrder } from '../../server-kit/tokens.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { decodeQrDataUrl } from '../helpers/qr.ts';
import { parseBillPayment } from '../helpers/thai-qr.ts';

const PHONE = { width: 360, height: 640, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const TALL_PHONE = { ...PHONE, width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 900 };

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let site: Awaited<ReturnType<typeof listen>>;
let stranger: Awaited<ReturnType<typeof listen>>;
let shots: string;

/** A shop's page: the element and nothing else, with its attributes from the query string. */
function shopPage(bundle: string) {
  return (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/maemanee-pay.js') return new Response(bundle, { headers: { 'content-type': 'text/javascript' } });
    const q = url.searchParams;
    const attrs = ['amount', 'ref1', 'order', 'return-url', 'poll']
      .filter((name) => q.has(name))
      .map((name) => `${name}="${q.get(name)}"`)
      .join(' ');
    return new Response(
      `<!doctype html><html lang="${q.get('lang') ?? 'th'}"><meta name="viewport" content="width=device-width, initial-scale=1">
       <body><script type="module" src="/maemanee-pay.js"></script>
       <maemanee-pay endpoint="${proxy.url}" ${attrs}></maemanee-pay></body></html>`,
      { headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  };
}

before(async () => {
  shots = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : await mkdtemp(join(tmpdir(), 'maemanee-shots-'));
  const bundle = await readFile('dist/maemanee-pay.js', 'utf8');
  site = await listen(shopPage(bundle));
  stranger = await listen(shopPage(bundle));
  // A public URL over https, as a deployed proxy has: a sandbox bill's page is on it, and the element shows its card
  // link only for an https bill page (test/e2e/sandbox-bill-page.test.ts follows that link).
  proxy = await startNodeProxy(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:', MAEMANEE_ALLOWED_ORIGINS: site.url, MAEMANEE_PUBLIC_URL: 'https://pay.example' },
    0,
    { log: () => {} },
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await site?.close();
  await stranger?.close();
});

interface Opened {
  page: Page;
  /** The element's events so far, as `[type, detail]`. */
  events(): Promise<[string, Record<string, unknown>][]>;
  /** What it wrote to the console at error level. */
  errors: string[];
}

async function open(query: Record<string, string>, viewport: object = PHONE, on: Browser | Awaited<ReturnType<Browser['createBrowserContext']>> = browser, origin = site.url): Promise<Opened> {
  const page = await on.newPage();
  // tsx compiles the functions handed to the page with esbuild's keep-names helper, which exists only in Node.
  await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
  await page.setViewport(viewport as Parameters<Page['setViewport']>[0]);
  // Events are recorded from the first moment, before the element is defined.
  await page.evaluateOnNewDocument(() => {
    (window as unknown as { seen: unknown[] }).seen = [];
    for (const type of ['maemanee-created', 'maemanee-paid', 'maemanee-expired', 'maemanee-error'])
      document.addEventListener(type, (e) => (window as unknown as { seen: unknown[] }).seen.push([type, (e as CustomEvent).detail]));
  });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${origin}/?${new URLSearchParams(query)}`);
  return { page, errors, events: () => page.evaluate(() => (window as unknown as { seen: [string, Record<string, unknown>][] }).seen) };
}

const state = (page: Page, value: string) =>
  page.waitForFunction((v) => document.querySelector('maemanee-pay')?.getAttribute('state') === v, { timeout: 10_000 }, value);
const tap = async (page: Page, part: string) => (await page.waitForSelector(`maemanee-pay >>> [part="${part}"]`, { visible: true }))!.click();
const box = async (page: Page, part: string) => (await (await page.$(`maemanee-pay >>> [part="${part}"]`))!.boundingBox())!;
const textOf = (page: Page) => page.$eval('maemanee-pay', (el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
const bill = (page: Page) => page.evaluate(() => (window as unknown as { seen: [string, { id: string }][] }).seen.find(([t]) => t === 'maemanee-created')![1].id);
const sandbox = (id: string, action: 'pay' | 'expire') => fetch(`${proxy.url}/sandbox/payments/${id}/${action}`, { method: 'POST' });

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`) as `${string}.png` });
}

test('a phone, 360×640: Save QR to Photos comes first and lies in the first screen; the steps lead through the saved image', async () => {
  const { page } = await open({ amount: '50', ref1: 'phone-1' });
  await tap(page, 'start');
  await state(page, 'pending');
  const save = await box(page, 'save');
  assert.ok(save.y >= 0 && save.y + save.height <= 640, `the save control at ${JSON.stringify(save)}`);
  assert.ok(save.y < (await box(page, 'qr')).y, 'before the QR');
  const text = await textOf(page);
  assert.match(text, /บันทึก QR ลงรูปภาพ/);
  assert.match(text, /กดสแกน แล้วเลือกรูป QR ที่บันทึกไว้/);
  assert.match(text, /TrueMoney, Dolfin, mPAY, เป๋าตัง/);
  assert.match(text, /ชำระด้วยบัตร \(Visa, Mastercard\) หรือแอปอื่นที่หน้าบิล/, 'the bill page says what it is for');
  assert.match(text, /หรือกดค้างที่ QR เพื่อบันทึก/, 'headless Chromium cannot share files: press and hold');
  await page.close();
});

test('Save to Photos where files can be shared: one PNG file, named for the bill, whose QR is the bill; a cancelled share changes nothing', async () => {
  const { page } = await open({ amount: '75', ref1: 'share-1', lang: 'en' });
  await page.evaluate(() => {
    const w = window as unknown as { shared: unknown[]; refuse?: string };
    w.shared = [];
    Object.assign(navigator, {
      canShare: (data: { files?: File[] }) => !!data.files?.every((f) => f.type === 'image/png'),
      share: async (data: { files: File[]; title: string; text: string }) => {
        if (w.refuse) throw new DOMException('cancelled', w.refuse);
        for (const f of data.files) {
          const bytes = new Uint8Array(await f.arrayBuffer());
          w.shared.push({ name: f.name, type: f.type, title: data.title, text: data.text, base64: btoa(String.fromCharCode(...bytes)) });
        }
      },
    });
  });
  await tap(page, 'start');
  await state(page, 'pending');
  assert.equal(await page.$('maemanee-pay >>> [part="hold"]'), null, 'no "press and hold" where sharing works');
  await tap(page, 'save');
  const shared = (await page.waitForFunction(() => (window as unknown as { shared: unknown[] }).shared.length > 0 && (window as unknown as { shared: unknown[] }).shared)).jsonValue() as Promise<
    { name: string; type: string; title: string; text: string; base64: string }[]
  >;
  const files = await shared;
  assert.equal(files.length, 1);
  const id = await bill(page);
  assert.deepEqual([files[0].name, files[0].type], ['promptpay-share-1-75.png', 'image/png']);
  assert.match(files[0].title, /฿75\.00/);
  assert.match(files[0].text, /฿75\.00/);
  const qr = parseBillPayment(decodeQrDataUrl(`data:image/png;base64,${files[0].base64}`));
  assert.deepEqual([qr.reference1, qr.amount], [id, 75], 'an independent decoder reads the bill from the shared file');

  await page.evaluate(() => ((window as unknown as { refuse: string }).refuse = 'AbortError'));
  await tap(page, 'save');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await page.$eval('maemanee-pay', (el) => el.getAttribute('state')), 'pending', 'a cancelled share is not an error');
  await page.close();
});

test('where files cannot be shared, Save downloads the PNG, and the download is the bill', async () => {
  const { page } = await open({ amount: '60', ref1: 'download-1', lang: 'en' }, DESKTOP);
  await page.evaluate(() => {
    HTMLAnchorElement.prototype.click = function () {
      (window as unknown as { downloaded: unknown }).downloaded = { href: this.href, download: this.download };
    };
  });
  await tap(page, 'start');
  await state(page, 'pending');
  await tap(page, 'save');
  const got = (await (await page.waitForFunction(() => (window as unknown as { downloaded: unknown }).downloaded)).jsonValue()) as { href: string; download: string };
  assert.equal(got.download, 'promptpay-download-1-60.png');
  const qr = parseBillPayment(decodeQrDataUrl(got.href));
  assert.deepEqual([qr.reference1, qr.amount], [await bill(page), 60]);
  await page.close();
});

test('a desktop: "scan with your phone" first, the QR before the steps, no "press and hold"', async () => {
  const { page } = await open({ amount: '50', ref1: 'desk-1', lang: 'en' }, DESKTOP);
  await tap(page, 'start');
  await state(page, 'pending');
  const heading = await page.$eval('maemanee-pay', (el) => el.shadowRoot!.querySelector('h2')!.textContent);
  assert.match(heading!, /^Scan with your phone to pay/);
  assert.ok((await box(page, 'qr')).y < (await box(page, 'steps')).y);
  assert.ok((await box(page, 'qr')).y < (await box(page, 'save')).y, 'saving is an aside here');
  assert.equal(await page.$('maemanee-pay >>> [part="hold"]'), null);
  await page.close();
});

test('paid after the QR expired: the expired view says do not pay again, and turns to the paid view, marked late, with no reload', async () => {
  const { page, events } = await open({ amount: '80', ref1: 'late-1', lang: 'en', 'return-url': 'https://shop.example/orders/late-1' }, TALL_PHONE);
  await tap(page, 'start');
  await state(page, 'pending');
  await screenshot(page, 'phone-pending-en');
  const id = await bill(page);
  await sandbox(id, 'expire');
  await tap(page, 'check');
  await state(page, 'expired');
  const expired = await textOf(page);
  assert.ok(expired.indexOf("Don't pay again") < expired.indexOf('Create a new QR'), 'first: a payment made will be found, do not repeat it');
  await screenshot(page, 'phone-expired-en');
  await sandbox(id, 'pay');
  // The customer comes back to the page after a while (past the proxy's 2 s check gap): the element checks at once,
  // as it does every 20 s while the page stays visible.
  await new Promise((r) => setTimeout(r, 2100));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await state(page, 'paid');
  const paid = await textOf(page);
  assert.match(paid, /Payment received/);
  assert.match(paid, /Paid after the QR expired/);
  assert.match(paid, /฿80\.00/);
  assert.equal(await page.$eval('maemanee-pay >>> [part="back"]', (a) => (a as HTMLAnchorElement).href), 'https://shop.example/orders/late-1');
  const paidEvent = (await events()).find(([t]) => t === 'maemanee-paid')!;
  assert.deepEqual([paidEvent[1].id, paidEvent[1].late], [id, true]);
  await screenshot(page, 'phone-paid-en');
  await page.close();
});

test('a paid order opened in a fresh browser shows the paid view and fires maemanee-paid, creating nothing', async () => {
  const order = await signOrder(SANDBOX_SECRET, { ref1: 'fresh-1', amount: 120, sandbox: true });
  const first = await open({ order }, TALL_PHONE);
  await tap(first.page, 'start');
  await state(first.page, 'pending');
  await screenshot(first.page, 'phone-pending-th');
  const id = await bill(first.page);
  await sandbox(id, 'pay');
  await tap(first.page, 'check');
  await state(first.page, 'paid');
  await screenshot(first.page, 'phone-paid-th');
  await first.page.close();

  const context = await browser.createBrowserContext();
  try {
    const again = await open({ order, lang: 'en' }, TALL_PHONE, context);
    await tap(again.page, 'start');
    await state(again.page, 'paid');
    assert.doesNotMatch(await textOf(again.page), /set-up|ตั้งค่า/);
    const fired = (await again.events()).filter(([t]) => t === 'maemanee-paid');
    assert.deepEqual(
      fired.map(([, d]) => [d.id, d.amount, typeof d.receipt]),
      [[id, 120, 'string']],
    );
    assert.ok(!(await again.events()).some(([t]) => t === 'maemanee-created'), 'no new bill');
  } finally {
    await context.close();
  }
});

test('a page on an origin the proxy refuses: maemanee-error origin_not_allowed, a set-up message for the customer, the origin to add for the developer', async () => {
  const { page, events, errors } = await open({ amount: '50', ref1: 'stranger-1' }, PHONE, browser, stranger.url);
  await tap(page, 'start');
  await state(page, 'error');
  const [, detail] = (await events()).find(([t]) => t === 'maemanee-error')!;
  assert.deepEqual([detail.code, detail.retryable], ['origin_not_allowed', false]);
  assert.match(await textOf(page), /ร้านตั้งค่าระบบชำระเงินไม่ถูกต้อง/);
  assert.doesNotMatch(await textOf(page), /Cannot connect|เชื่อมต่อไม่ได้/);
  assert.ok(errors.some((e) => e.includes(stranger.url) && e.includes('MAEMANEE_ALLOWED_ORIGINS')), errors.join('\n'));
  await page.close();
});

test('the expired view in Thai, for the screenshots', async () => {
  const { page } = await open({ amount: '45', ref1: 'late-th' }, TALL_PHONE);
  await tap(page, 'start');
  await state(page, 'pending');
  await sandbox(await bill(page), 'expire');
  await tap(page, 'check');
  await state(page, 'expired');
  assert.match(await textOf(page), /อย่าชำระซ้ำ/);
  await screenshot(page, 'phone-expired-th');
  await page.close();
});

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations inside the element, as `id: target` lines. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run({
      include: [['maemanee-pay']],
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the phone's pending, expired, paid and error views, ${scheme}`, async () => {
    const { page } = await open({ amount: '50', ref1: `axe-${scheme}`, 'return-url': 'https://shop.example/' }, TALL_PHONE);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await tap(page, 'start');
    await state(page, 'pending');
    assert.deepEqual(await axe(page), [], 'pending');
    const id = await bill(page);
    await sandbox(id, 'expire');
    await tap(page, 'check');
    await state(page, 'expired');
    assert.deepEqual(await axe(page), [], 'expired');
    await sandbox(id, 'pay');
    await new Promise((r) => setTimeout(r, 2100));
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await state(page, 'paid');
    assert.deepEqual(await axe(page), [], 'paid');
    await page.close();

    const refused = await open({ amount: '50', ref1: `axe-err-${scheme}` }, TALL_PHONE, browser, stranger.url);
    await refused.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await tap(refused.page, 'start');
    await state(refused.page, 'error');
    assert.deepEqual(await axe(refused.page), [], 'error');
    await refused.page.close();
  });
}

/**
 * Every control of the owner's console is large enough for a thumb on a small phone (360×740, touch, Thai): each
 * button, tab, field and link standing on a line of its own at least 44×44 CSS px (Apple's and Google's guidance), a
 * link sharing its line with text at least 24×24 (WCAG 2.2, 2.5.8), a checkbox by its label, which takes its taps.
 * Measured in Chromium on a real Node proxy (sandbox) serving the console's build, on each view with what it shows
 * when there is something to show: Today with a payment, Links with a link just made (its share buttons) and the
 * shop's options open with an item, a link's page with its paid payment and receipt, the payments, a payment's page
 * with its link, the review inbox with a bill, Health, Export, Staff and More.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { launchChromium, newPage } from '../../scripts/chromium.ts';
import { createConsoleInvite } from '../../server-kit/index.ts';
import { call, overHttp } from '../helpers/flow.ts';
import { inReview } from '../helpers/review.ts';
import { tooSmall } from '../helpers/tap-targets.ts';
import { until } from '../helpers/wait.ts';

const SMALL_PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser: Browser;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let page: Page;

before(async () => {
  proxy = await startNodeProxy(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:', MAEMANEE_CHECK_GAP_MS: '0', MAEMANEE_RECONCILE_SECONDS: '1', MAEMANEE_RECONCILE_GRACE_SECONDS: '0' },
    0,
    { hostname: 'localhost', log: () => {} },
  );
  browser = await launchChromium();
  page = await newPage(browser);
  await page.setViewport(SMALL_PHONE);
  // A Thai seller's phone: the console opens in Thai.
  await page.setExtraHTTPHeaders({ 'accept-language': 'th-TH,th;q=0.9' });
  await page.evaluateOnNewDocument(`Object.defineProperty(navigator, 'languages', { get: () => ['th-TH', 'th'] });`);
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

const shown = (selector: string) => until(() => page.$(selector), 5000, selector);

/** A click on what `selector` finds, wherever it is on the page (under the tab bar too): setting up, not measuring. */
const press = async (selector: string) => (await shown(selector)).evaluate((el) => (el as HTMLElement).click());

/** The view at `hash`, its reads answered and drawn. */
async function open(hash: string, ready: string) {
  await page.evaluate((hash) => (location.hash = hash), hash);
  await shown(ready);
  await page.waitForNetworkIdle({ idleTime: 250 });
  await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
}

/**
 * Each field and button of the view focused in turn from the top of the page, as a Tab or the form's first problem
 * does it: those that the browser scrolls to under the sticky header or the tab bar (WCAG 2.2, 2.4.11).
 */
const hidden = () =>
  page.evaluate(() => {
    const app = document.querySelector('maemanee-console')!.shadowRoot!;
    const top = app.querySelector('header')!.getBoundingClientRect().bottom;
    const bottom = app.querySelector('nav')!.getBoundingClientRect().top;
    const fields: HTMLElement[] = [];
    (function walk(root: Document | ShadowRoot) {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.matches('main input:not([type="hidden"]), main textarea, main select, main button') || (root !== app && el.matches('input:not([type="hidden"]), textarea, select, button'))) {
          if (el.checkVisibility()) fields.push(el);
        }
      }
    })(app);
    return fields.flatMap((field) => {
      scrollTo(0, 0);
      field.focus();
      const box = field.getBoundingClientRect();
      return box.top < top || box.bottom > bottom ? [`${field.localName}[name="${field.getAttribute('name') ?? ''}"] at ${Math.round(box.top)}–${Math.round(box.bottom)}, clear between ${Math.round(top)} and ${Math.round(bottom)}`] : [];
    });
  });

test('at 360×740, every control on each owner view is at least 44×44 CSS px, a link in the text at least 24×24, and nothing scrolls sideways at 320', async () => {
  // The owner, signed in by the one-time link (a passkey offered, and put off).
  const invite = await createConsoleInvite(proxy.url, SANDBOX_SECRET);
  await page.goto(invite.url);
  const offered = await until(() => page.$('maemanee-console >>> [data-later]').then((later) => later ?? page.$('maemanee-console >>> [data-totals]')), 5000, 'signed in');
  if (await offered.evaluate((el) => el.hasAttribute('data-later'))) await press('maemanee-console >>> [data-later]');
  await shown('maemanee-console >>> [data-totals]');

  // A bill waiting in the review inbox; a link paid through its page, for Today, the payments, a payment's page and
  // the link's own page (with its receipt).
  const target = overHttp(proxy.url);
  const [review] = await inReview(proxy.url, SANDBOX_SECRET, [80, 'order-3001']);
  const made = await page.evaluate(async () => {
    const response = await fetch('/console/api/links', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: 250, description: 'ข้าวมันไก่ 2 จาน' }) });
    return (await response.json()) as { id: string };
  });
  const order = /order="([^"]+)"/.exec((await call(target, `/pay/${made.id}`)).body)![1];
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { order } })).body;
  await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
  assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');

  const small: string[] = [];
  await open('#/today', `maemanee-console >>> [data-entry]`);
  small.push(...(await tooSmall(page, 'Today')));

  // A link made in the form: its QR and share buttons open; then the shop's options unfolded with an item.
  await open('#/links', 'maemanee-console >>> console-links >>> [name="amount"]');
  await page.type('maemanee-console >>> console-links >>> [name="amount"]', '150');
  await page.type('maemanee-console >>> console-links >>> [name="description"]', 'เค้กส้ม 1 ปอนด์');
  await press('maemanee-console >>> console-links >>> button[type="submit"]');
  await shown('maemanee-console >>> console-share >>> [data-line]');
  const linkId = await page.$eval('maemanee-console >>> [data-link]', (li) => li.getAttribute('data-link')!);
  await press('maemanee-console >>> [data-shop]');
  await press('maemanee-console >>> [data-add-item]');
  await shown('maemanee-console >>> [name="item-0-name"]');
  await press('maemanee-console >>> [name="reusable"]');
  await shown('maemanee-console >>> [name="limit"]');
  small.push(...(await tooSmall(page, 'Links')));
  assert.deepEqual(await hidden(), [], 'a field focused from the top of the form stops clear of the header and the tab bar');

  await open(`#/links/${linkId}`, 'maemanee-console >>> console-link >>> console-share');
  small.push(...(await tooSmall(page, "A link's page")));
  await open(`#/links/${made.id}`, `maemanee-console >>> console-link >>> [data-payment="${bill.id}"] a[target="_blank"]`);
  small.push(...(await tooSmall(page, "A paid link's page")));
  await open('#/payments', `maemanee-console >>> console-payments >>> a[href="#/payments/${bill.id}"]`);
  small.push(...(await tooSmall(page, 'Payments')));
  await open(`#/payments/${bill.id}`, `maemanee-console >>> console-payment >>> a[href="#/links/${made.id}"]`);
  small.push(...(await tooSmall(page, "A payment's page")));
  await open('#/review', `maemanee-console >>> [data-review="${review.id}"]`);
  small.push(...(await tooSmall(page, 'Review')));
  await press(`maemanee-console >>> [data-review="${review.id}"] [data-found="paid"]`);
  await shown(`maemanee-console >>> [data-review="${review.id}"] [data-confirm]`);
  small.push(...(await tooSmall(page, 'Review, confirming')));
  for (const [view, ready] of [
    ['health', 'console-health >>> h1'],
    ['export', '[data-download]'],
    ['staff', 'console-staff >>> [name="name"]'],
    ['more', '[data-signout]'],
  ]) {
    await open(`#/${view}`, `maemanee-console >>> ${ready}`);
    small.push(...(await tooSmall(page, view)));
  }
  assert.deepEqual(small, []);

  // Larger targets, and still nothing wider than the smallest phone.
  await page.setViewport({ ...SMALL_PHONE, width: 320 });
  for (const view of ['today', 'links', `links/${made.id}`, 'payments', `payments/${bill.id}`, 'review', 'health', 'export', 'staff', 'more']) {
    await open(`#/${view}`, 'maemanee-console >>> main > *');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `#/${view} at 320 px is ${wide} px wide`);
  }
});

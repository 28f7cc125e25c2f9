/**
 * The fault drill in the browser: every upstream host stops answering mid-payment. The customer gets an error with a
 * retry in bounded time, and once an upstream is back the retry completes the same payment, not a new one.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { listen, type Listening } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

// Short, so the drill is quick, but not so short that a busy machine (Chromium starting beside the proxy on two
// cores) trips it before the fault is injected: at 300 ms the first bill failed two clean-clone runs in three.
const TIMEOUT_MS = 1000;
/** Allowed on top of two upstream attempts (the host and its mirror) for the browser to show the error. */
const MARGIN_MS = 700;
let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
let proxy: Listening;
let site: Listening;
let browser: Browser;
let page: Page;
const requests: string[] = [];

before(async () => {
  upstreams = await startUpstreams();
  const bundle = await readFile('dist/maemanee-pay.js', 'utf8');
  site = await listen((request) =>
    new URL(request.url).pathname === '/maemanee-pay.js'
      ? new Response(bundle, { headers: { 'content-type': 'text/javascript' } })
      : new Response(
          `<!doctype html><html lang="en"><script type="module" src="/maemanee-pay.js"></script>
           <maemanee-pay endpoint="${proxy.url}" amount="60" ref1="drill-ui" autostart poll="0"></maemanee-pay></html>`,
          { headers: { 'content-type': 'text/html' } },
        ),
  );
  proxy = await startNodeProxy(
    simulatorProxyEnv(upstreams.urls, { MAEMANEE_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), MAEMANEE_ALLOWED_ORIGINS: site.url }),
    0,
    { log: (e) => e.msg === 'request' && requests.push(`${e.method} ${e.path} ${e.status}`) },
  );
  browser = await launchChromium();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await upstreams?.close();
});

const element = 'maemanee-pay';
/** Waits for the element's state; on a timeout, says where it was and what the proxy saw. */
const waitState = (value: string) =>
  page.waitForFunction((v) => document.querySelector('maemanee-pay')?.getAttribute('state') === v, { timeout: 10_000 }, value).catch(async (error) => {
    const state = await page.$eval('maemanee-pay', (el) => el.getAttribute('state')).catch(() => 'no element');
    throw new Error(`state ${state}, not ${value}; the proxy saw: ${requests.join(', ')}`, { cause: error });
  });

test('every upstream silent: an error with a retry in bounded time; the retry completes the same payment', async () => {
  const events: string[] = [];
  await page.exposeFunction('record', (line: string) => events.push(line));
  await page.evaluateOnNewDocument(() => {
    for (const name of ['maemanee-created', 'maemanee-paid', 'maemanee-error']) {
      document.addEventListener(name, (e) => (window as unknown as { record(s: string): void }).record(`${name} ${JSON.stringify((e as CustomEvent).detail)}`));
    }
  });
  await page.goto(site.url);
  await waitState('pending');
  const created = JSON.parse(events.find((e) => e.startsWith('maemanee-created'))!.split(' ').slice(1).join(' '));

  for (const host of upstreams.hosts) host.setFault({ kind: 'delay', delayMs: TIMEOUT_MS * 5 });
  const started = Date.now();
  await (await page.waitForSelector(`${element} >>> [part="check"]`))!.click();
  await waitState('error');
  const took = Date.now() - started;
  assert.ok(took < 2 * TIMEOUT_MS + MARGIN_MS, `the error took ${took} ms`);
  assert.ok(requests.includes(`POST /v1/payments/${created.id}/confirm 504`));
  assert.match(events.find((e) => e.startsWith('maemanee-error'))!, /"code":"upstream_timeout".*"retryable":true/);
  assert.ok(await page.$(`${element} >>> [part="qr"]`), 'the QR stays on screen meanwhile');

  for (const host of upstreams.hosts) host.setFault({ kind: 'none' });
  upstreams.simulator.pay(created.id);
  await (await page.waitForSelector(`${element} >>> [part="retry"]`))!.click();
  await waitState('paid');
  const paid = JSON.parse(events.find((e) => e.startsWith('maemanee-paid'))!.split(' ').slice(1).join(' '));
  assert.equal(paid.id, created.id, 'the same payment');
  assert.equal(requests.filter((r) => r.startsWith('POST /v1/payments ')).length, 1, 'one bill, never a second');
});

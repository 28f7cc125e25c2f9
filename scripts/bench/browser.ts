/**
 * What the customer's browser sees, in Chromium against the Node proxy (live mode, the product's defaults) in front of
 * the standalone simulator, cross-origin: click to QR, the round trips before it, the way back to the paid view, the
 * upstream calls while the page is hidden, and the upstream calls for one payment with default polling.
 */
import { readFile } from 'node:fs/promises';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createSimulatorHost, Simulator } from '../../sandbox/index.ts';
import { launchChromium, newPage } from '../chromium.ts';
import { benchProxyEnv } from './env.ts';
import { median, row } from './table.ts';

export async function browser(): Promise<string> {
  const simulator = new Simulator();
  const counted: URLSearchParams[] = [];
  const host = createSimulatorHost(simulator);
  const upstream = await listen((request) => {
    counted.push(new URL(request.url).searchParams);
    return host.app.fetch(request);
  });
  const bundle = await readFile('dist/maemanee-pay.js', 'utf8');
  const site = await listen((request) =>
    new URL(request.url).pathname === '/maemanee-pay.js'
      ? new Response(bundle, { headers: { 'content-type': 'text/javascript' } })
      : new Response(`<!doctype html><html lang="en"><script type="module" src="/maemanee-pay.js"></script><body></body></html>`, { headers: { 'content-type': 'text/html' } }),
  );
  const proxyRequests: string[] = [];
  const proxy = await startNodeProxy(
    benchProxyEnv(upstream.url, { MAEMANEE_ALLOWED_ORIGINS: site.url, MAEMANEE_DB: ':memory:', MAEMANEE_RATE_LIMIT: '1000' }),
    0,
    { log: (e) => e.msg === 'request' && proxyRequests.push(`${e.method} ${e.path}`) },
  );
  const chrome = await launchChromium();
  const page = await newPage(chrome);
  await page.goto(site.url);

  const clickToQr: number[] = [];
  let requestsBeforeQr = 0;
  for (let i = 0; i < 10; i++) {
    proxyRequests.length = 0;
    clickToQr.push(
      await page.evaluate(
        async (endpoint, ref1) => {
          document.body.innerHTML = `<maemanee-pay endpoint="${endpoint}" amount="50" ref1="${ref1}" poll="0"></maemanee-pay>`;
          const el = document.querySelector('maemanee-pay') as HTMLElement & { updateComplete: Promise<unknown> };
          await el.updateComplete;
          const started = performance.now();
          (el.shadowRoot!.querySelector('[part="start"]') as HTMLElement).click();
          while (!el.shadowRoot!.querySelector('[part="qr"]')) await new Promise((r) => setTimeout(r, 0));
          await (el.shadowRoot!.querySelector('[part="qr"]') as HTMLImageElement).decode();
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - started;
        },
        proxy.url,
        `bench-ui-${i}`,
      ),
    );
    requestsBeforeQr = Math.max(requestsBeforeQr, proxyRequests.length);
  }
  row('browser, cross-origin: click → QR painted (median of 10)', `${median(clickToQr).toFixed(0)} ms`, `${requestsBeforeQr} request(s), ${proxyRequests.filter((r) => r.startsWith('OPTIONS')).length} preflight (bar: one, none)`);

  const created = async (ref1: string, attrs = '') => {
    await page.evaluate(
      async (endpoint, ref, extra) => {
        sessionStorage.clear();
        document.body.innerHTML = `<maemanee-pay endpoint="${endpoint}" amount="50" ref1="${ref}" autostart ${extra}></maemanee-pay>`;
        await new Promise<void>((resolve) => document.querySelector('maemanee-pay')!.addEventListener('maemanee-created', () => resolve(), { once: true }));
      },
      proxy.url,
      ref1,
      attrs,
    );
    return JSON.parse(await page.evaluate(() => Object.values(sessionStorage)[0] as string)).id as string;
  };
  const setVisible = (visible: boolean) =>
    page.evaluate((v) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (v ? 'visible' : 'hidden') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, visible);

  // Paid upstream while the customer is away (in the bank app): nothing is asked while hidden, the paid view on return.
  const returns: number[] = [];
  let hiddenCalls = 0;
  for (let i = 0; i < 5; i++) {
    const id = await created(`bench-return-${i}`);
    await setVisible(false);
    const before = counted.length;
    simulator.pay(id);
    await new Promise((r) => setTimeout(r, i === 0 ? 20_000 : 2500));
    hiddenCalls += counted.slice(before).filter((q) => q.get('id_pay') === id).length;
    returns.push(
      await page.evaluate(async () => {
        const el = document.querySelector('maemanee-pay')!;
        const started = performance.now();
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
        while (el.getAttribute('state') !== 'paid') await new Promise((r) => setTimeout(r, 0));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return performance.now() - started;
      }),
    );
  }
  row('browser: paid upstream while away → paid view on return (median of 5)', `${median(returns).toFixed(0)} ms`);
  row('upstream calls for a bill while its page is hidden (30 s over 5 payments, default polling)', `${hiddenCalls}`, 'bar: none from the page (the proxy\'s own check comes 40 s after the last one)');

  // One payment with default polling (every 8 s), paid 20 s after the QR shows.
  await setVisible(true);
  const start = counted.length;
  const id = await created('bench-poll');
  await new Promise((r) => setTimeout(r, 20_000));
  simulator.pay(id);
  await page.waitForFunction(() => document.querySelector('maemanee-pay')?.getAttribute('state') === 'paid', { timeout: 20_000 });
  // This payment's calls only: the proxy's own checks of the earlier, unpaid bills fall due meanwhile.
  const calls = counted.slice(start).filter((q) => q.get('id_pay') === id || q.get('ref1') === 'bench-poll').map((q) => q.get('method')!);
  const byMethod = Object.entries(calls.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {}));
  row('upstream calls for one payment paid after 20 s, default polling (8 s)', `${calls.length}`, `bar: at most 5 (${byMethod.map(([k, v]) => `${k} ${v}`).join(', ')})`);

  const version = await chrome.version();
  await chrome.close();
  await proxy.close();
  await site.close();
  await upstream.close();
  return version;
}

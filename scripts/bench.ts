/**
 * `npm run bench`: what maemanee-pay costs, measured on this machine, printed as one table and written to
 * docs/performance.md. Not part of `npm test`: timings belong in a benchmark, not in assertions.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { listen } from '../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../proxy/runtime/node.ts';
import { createSimulatorHost, Simulator } from '../proxy/sandbox/index.ts';
import { launchChromium, newPage } from '../test/helpers/browser.ts';
import { simulatorProxyEnv } from '../test/helpers/servers.ts';

const BUDGET = 10 * 1024;
const rows: [string, string, string][] = [];
const row = (what: string, figure: string, bar = '') => {
  rows.push([what, figure, bar]);
  console.log(`${what.padEnd(72)} ${figure.padEnd(34)} ${bar}`);
};
const kb = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --- sizes -----------------------------------------------------------------------------------------------------
const cdn = await readFile('dist/maemanee-pay.js');
row('CDN bundle dist/maemanee-pay.js (Lit inside), raw / gzip -9', `${kb(cdn.length)} / ${gz(cdn)} B`, `gzip ≤ ${BUDGET} B: ${gz(cdn) <= BUDGET ? 'met' : 'MISSED'} (${BUDGET - gz(cdn)} B to spare)`);
const npmBuild = await readFile('dist/npm/maemanee-pay.js');
row('npm build of the element, own code only (Lit external), raw / gzip -9', `${kb(npmBuild.length)} / ${gz(npmBuild)} B`);
const workerDir = await mkdtemp(join(tmpdir(), 'maemanee-worker-'));
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', workerDir], { stdio: 'ignore' });
const workerFile = (await readdir(workerDir)).find((f) => f.endsWith('.js'))!;
const worker = await readFile(join(workerDir, workerFile));
row('Worker script as wrangler bundles it (unminified), raw / gzip -9', `${kb(worker.length)} / ${kb(gz(worker))}`, 'Workers free plan limit: 3 MiB gzip');

// --- proxy cost ------------------------------------------------------------------------------------------------
const child = spawn('npx', ['tsx', 'scripts/bench-servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
const stopServers = () => {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServers);
const urls: { simulator: string; proxy: string } = await new Promise((resolve) =>
  child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).trim().split('\n').pop()!))),
);
const upstreamQuery = (params: Record<string, string>) =>
  `${urls.simulator}/api_mn.php?${new URLSearchParams({ username: 'sandbox', password: 'sandbox-password', con_id: '1', ...params })}`;

type Op = () => Promise<unknown>;
async function load(op: Op, concurrency: number, durationMs: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          await op();
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rps: latencies.length / (durationMs / 1000), p50: pct(0.5), p99: pct(0.99), errors };
}

async function ok(response: Promise<Response>) {
  const res = await response;
  const body = await res.text();
  if (!res.ok || body.includes('"status":0')) throw new Error(`${res.status} ${body.slice(0, 80)}`);
  return body;
}

let n = 0;
const proxyCreate: Op = () =>
  ok(fetch(`${urls.proxy}/v1/payments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 50, ref1: `bench-${n++}` }) }));
const directCreate: Op = async () => {
  const { id_pay } = JSON.parse(await ok(fetch(upstreamQuery({ method: 'create_pay', amount: '50', ref1: `bench-${n++}` }))));
  await ok(fetch(upstreamQuery({ method: 'detail_pay', id_pay, qr: '1' })));
};
// Confirm on a pending bill: the polling case. The proxy asks confirm, then detail_pay for the expiry.
const pending = JSON.parse((await proxyCreate()) as string);
const proxyConfirm: Op = () => ok(fetch(`${urls.proxy}/v1/payments/${pending.id}/confirm`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ token: pending.token }) }));
const directConfirm: Op = async () => {
  await fetch(upstreamQuery({ method: 'confirm', id_pay: pending.id, ip: '127.0.0.1' })).then((r) => r.text());
  await ok(fetch(upstreamQuery({ method: 'detail_pay', id_pay: pending.id })));
};

const fmt = (r: Awaited<ReturnType<typeof load>>) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`;
const FIXED = 8;
for (const [name, viaProxy, direct] of [
  ['create (create_pay + detail_pay with QR)', proxyCreate, directCreate],
  ['confirm of a pending bill (confirm + detail_pay)', proxyConfirm, directConfirm],
] as const) {
  await load(direct, FIXED, 500); // warm up both paths
  await load(viaProxy, FIXED, 500);
  const d = await load(direct, FIXED, 3000);
  const p = await load(viaProxy, FIXED, 3000);
  row(`${name}, ${FIXED} connections: simulator called directly`, fmt(d));
  row(`${name}, ${FIXED} connections: through the Node proxy`, fmt(p), `proxy/direct: ${(p.rps / d.rps).toFixed(2)}× throughput, +${(p.p50 - d.p50).toFixed(1)} ms p50`);
  for (const concurrency of [1, 4, 16, 64]) {
    const dd = await load(direct, concurrency, 1500);
    const pp = await load(viaProxy, concurrency, 1500);
    row(`${name}, ${concurrency} connection${concurrency > 1 ? 's' : ''}: direct → proxy`, `${dd.rps.toFixed(0)} → ${pp.rps.toFixed(0)} req/s`, `p99 ${dd.p99.toFixed(1)} → ${pp.p99.toFixed(1)} ms`);
  }
}
stopServers();

// --- the browser ------------------------------------------------------------------------------------------------
const simulator = new Simulator();
const counted: string[] = [];
const host = createSimulatorHost(simulator);
const upstream = await listen((request) => {
  counted.push(new URL(request.url).searchParams.get('method') ?? '');
  return host.app.fetch(request);
});
const proxyRequests: string[] = [];
const bundle = cdn.toString();
let proxyUrl = '';
const site = await listen((request) =>
  new URL(request.url).pathname === '/maemanee-pay.js'
    ? new Response(bundle, { headers: { 'content-type': 'text/javascript' } })
    : new Response(`<!doctype html><html lang="en"><script type="module" src="/maemanee-pay.js"></script><body></body></html>`, { headers: { 'content-type': 'text/html' } }),
);
const proxy = await startNodeProxy(
  simulatorProxyEnv([`${upstream.url}/api_mn.php`], { MAEMANEE_ALLOWED_ORIGINS: site.url }),
  0,
  { log: (e) => e.msg === 'request' && proxyRequests.push(`${e.method} ${e.path}`) },
);
proxyUrl = proxy.url;
const browser = await launchChromium();
const page = await newPage(browser);
await page.goto(site.url);

const clickToQr: number[] = [];
let requestsBeforeQr = 0;
for (let i = 0; i < 10; i++) {
  proxyRequests.length = 0;
  clickToQr.push(
    await page.evaluate(async (endpoint, ref1) => {
      document.body.innerHTML = `<maemanee-pay endpoint="${endpoint}" amount="50" ref1="${ref1}" poll="0"></maemanee-pay>`;
      const el = document.querySelector('maemanee-pay') as HTMLElement & { updateComplete: Promise<unknown> };
      await el.updateComplete;
      const started = performance.now();
      (el.shadowRoot!.querySelector('[part="start"]') as HTMLElement).click();
      while (!el.shadowRoot!.querySelector('[part="qr"]')) await new Promise((r) => setTimeout(r, 0));
      await (el.shadowRoot!.querySelector('[part="qr"]') as HTMLImageElement).decode();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - started;
    }, proxyUrl, `bench-ui-${i}`),
  );
  requestsBeforeQr = Math.max(requestsBeforeQr, proxyRequests.length);
}
row('browser, cross-origin: click → QR painted (median of 10)', `${median(clickToQr).toFixed(0)} ms`, `${requestsBeforeQr} request(s), ${proxyRequests.filter((r) => r.startsWith('OPTIONS')).length} preflight (bar: one, none)`);

/** Hides the page, pays upstream, waits, shows the page: how long until the paid view. */
async function returnToPaid(hiddenMs: number, ref1: string) {
  await page.evaluate(async (endpoint, ref) => {
    sessionStorage.clear();
    document.body.innerHTML = `<maemanee-pay endpoint="${endpoint}" amount="50" ref1="${ref}" autostart></maemanee-pay>`;
    const el = document.querySelector('maemanee-pay')!;
    await new Promise<void>((resolve) => el.addEventListener('maemanee-created', () => resolve(), { once: true }));
  }, proxyUrl, ref1);
  const id = JSON.parse(await page.evaluate(() => Object.values(sessionStorage)[0] as string)).id;
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const before = counted.length;
  simulator.pay(id);
  await new Promise((r) => setTimeout(r, hiddenMs));
  const whileHidden = counted.length - before;
  const ms = await page.evaluate(async () => {
    const el = document.querySelector('maemanee-pay')!;
    const started = performance.now();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
    while (el.getAttribute('state') !== 'paid') await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - started;
  });
  return { ms, whileHidden };
}
const returns: number[] = [];
let hiddenCalls = 0;
for (let i = 0; i < 5; i++) {
  const r = await returnToPaid(i === 0 ? 20_000 : 1000, `bench-return-${i}`);
  returns.push(r.ms);
  hiddenCalls += r.whileHidden;
}
row('browser: paid upstream while away → paid view on return (median of 5)', `${median(returns).toFixed(0)} ms`);
row('upstream calls while the page is hidden (24 s over 5 payments, default polling)', `${hiddenCalls}`, 'bar: none');

// A payment with default polling (every 8 s), paid 20 s after the QR shows.
await page.evaluate(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  sessionStorage.clear();
});
const startCount = counted.length;
await page.evaluate(async (endpoint) => {
  document.body.innerHTML = `<maemanee-pay endpoint="${endpoint}" amount="50" ref1="bench-poll" autostart></maemanee-pay>`;
  await new Promise<void>((resolve) => document.querySelector('maemanee-pay')!.addEventListener('maemanee-created', () => resolve(), { once: true }));
}, proxyUrl);
const pollId = JSON.parse(await page.evaluate(() => Object.values(sessionStorage)[0] as string)).id;
await new Promise((r) => setTimeout(r, 20_000));
simulator.pay(pollId);
await page.waitForFunction(() => document.querySelector('maemanee-pay')?.getAttribute('state') === 'paid', { timeout: 15_000 });
const perPayment = counted.slice(startCount);
row(
  'upstream calls for one payment paid after 20 s, default polling (8 s)',
  `${perPayment.length}`,
  Object.entries(perPayment.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {})).map(([k, v]) => `${k} ${v}`).join(', '),
);

const chromium = await browser.version();
await browser.close();
await proxy.close();
await site.close();
await upstream.close();

const machine = `${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${chromium}`;
const table = ['| what | measured | against |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
await writeFile(
  'docs/performance.md',
  `# Performance\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on: ${machine}.\n\n` +
    'Loopback only: the "direct" rows call the standalone simulator itself, the proxy rows go through the Node proxy in front of it, in the same run; the difference is what the proxy costs (validation, token signing, CORS and security headers, JSON, and its own HTTP hop).\n\n' +
    `${table}\n`,
);
console.log(`\n${machine}\nwritten to docs/performance.md`);

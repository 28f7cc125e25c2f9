/**
 * The pages a person opens on a phone as Lighthouse 12 sees them: the hosted pay pages (a pay link's open page and a
 * shop link's form) and the seller's console (its signed-out start, and Today signed in with a day's payments), on
 * the Node proxy (live mode in front of the simulator, each in a process of its own, as a merchant runs them), audited
 * with Lighthouse's mobile defaults (a Moto G Power's screen, simulated slow 4G and a 4× slower CPU) in the bench's
 * Chromium. Figures move from run to run, with what else the machine is doing: each is the median of several first
 * visits, with their range, but the layout shift, which only some visits see, is the worst visit's.
 */
import lighthouse, { type Flags, type Result } from 'lighthouse';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../chromium.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { freePort } from '../../test/helpers/servers.ts';
import { createLink } from '../../server-kit/index.ts';
import { PAGES } from './page-weight.ts';
import { benchProxyEnv } from './env.ts';
import { startBenchServers } from './servers-process.ts';
import { median, row } from './table.ts';

const RUNS = 7;
const SECRET = benchProxyEnv('').MAEMANEE_SECRET;

const FLAGS: Flags = {
  formFactor: 'mobile',
  throttlingMethod: 'simulate',
  onlyCategories: ['performance', 'accessibility', 'best-practices'],
  logLevel: 'error',
  output: 'json',
};

/** The accessibility and best-practice audits a run did not pass (they decide those two scores). */
const failed = (lhr: Result) =>
  (['accessibility', 'best-practices'] as const).flatMap((category) =>
    lhr.categories[category].auditRefs.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id].score ?? 1) < 1).map((ref) => ref.id),
  );

const range = (xs: number[], show: (x: number) => string) => `${show(median(xs))} (${show(Math.min(...xs))}–${show(Math.max(...xs))})`;

export async function payPageLighthouse(): Promise<void> {
  // The link's URL is the proxy's public one, which must be known before it starts.
  const port = await freePort();
  const servers = await startBenchServers({ PORT: String(port), MAEMANEE_PUBLIC_URL: `http://127.0.0.1:${port}`, MAEMANEE_SHOP_NAME: 'ร้านผ้าไหมแม่มณี' });
  try {
    for (const [page, request] of PAGES) await audit(`${page}'s page`, (await createLink(servers.proxy, SECRET, request)).url);
  } finally {
    servers.stop();
  }
}

/** Bills paid today before the console's Today is audited, so that it lists a day (and polls for more). */
const PAID_TODAY = 12;

export async function consoleLighthouse(): Promise<void> {
  // Plain http on 127.0.0.1, as on a seller's laptop: the console takes it for its own (loopback), and its cookie too.
  const port = await freePort();
  const servers = await startBenchServers({ PORT: String(port), MAEMANEE_PUBLIC_URL: `http://127.0.0.1:${port}`, MAEMANEE_SHOP_NAME: 'ร้านข้าวมันไก่ป้าแดง' });
  try {
    const post = async (path: string, body: object, headers: Record<string, string> = {}) =>
      fetch(`${servers.proxy}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    for (let i = 0; i < PAID_TODAY; i++) {
      const bill = (await (await post('/v1/payments', { amount: 45 + 5 * i, ref1: `order-${1001 + i}` })).json()) as { id: string; token: string };
      await servers.pay(bill.id);
      await post(`/v1/payments/${bill.id}/confirm`, { token: bill.token });
    }
    /** Before each visit, the browser signs in as the owner's phone did: its session's cookie, from a one-time link. */
    const signIn = async (chrome: Browser) => {
      const invite = (await (await post('/v1/console/invites', { role: 'owner' }, { authorization: `Bearer ${await signMerchantToken(SECRET)}` })).json()) as { url: string };
      const answer = await post('/console/api/session', { invite: invite.url.split('#/signin/')[1] }, { origin: new URL(invite.url).origin });
      const [name, value] = answer.headers.get('set-cookie')!.split(';')[0].split('=');
      await chrome.setCookie({ name, value, domain: '127.0.0.1', path: '/console', httpOnly: true, sameSite: 'Strict' });
    };
    const none = { lcp: '', cls: '' };
    await audit("the console's signed-out start", `${servers.proxy}/console/`, { loads: '/console/api/me', targets: none });
    await audit(`the console's Today, signed in, ${PAID_TODAY} payments`, `${servers.proxy}/console/`, { before: signIn, loads: '/console/api/today', targets: none });
  } finally {
    servers.stop();
  }
}

/** Whether a visit asked for `path` and had it answered 200: that it audited the page meant (Today, not the sign-in). */
function loaded(lhr: Result, path: string): boolean {
  const items = (lhr.audits['network-requests'].details as { items?: { url: string; statusCode: number }[] } | undefined)?.items ?? [];
  return items.some((item) => new URL(item.url).pathname === path && item.statusCode === 200);
}

/** The pay pages' own targets (a payer waits on them); the console has the bar on its scores alone. */
const PAY_PAGE_TARGETS = { lcp: 'target: at most 1.0 s', cls: 'target: at most 0.01' };

/**
 * Audits `url` on RUNS first visits; `before` readies each fresh browser (a cookie set) before its visit, and every
 * visit must have loaded `loads`. `targets`: what its paint and layout shift are held to, if anything.
 */
async function audit(
  page: string,
  url: string,
  { before, loads, targets = PAY_PAGE_TARGETS }: { before?: (chrome: Browser) => Promise<void>; loads?: string; targets?: { lcp: string; cls: string } } = {},
): Promise<void> {
  const runs: Result[] = [];
  let retried = 0;
  while (runs.length < RUNS) {
    // A fresh browser each run, as a first visit: nothing cached, not even a favicon's 404.
    const chrome = await launchChromium();
    try {
      await before?.(chrome);
      // Lighthouse drives it through its DevTools port.
      const result = await lighthouse(url, { ...FLAGS, port: Number(new URL(chrome.wsEndpoint()).port) });
      const error = result ? result.lhr.runtimeError : { message: 'no result' };
      if (!error && loads && !loaded(result!.lhr, loads)) throw new Error(`${page}: the visit to ${url} did not load ${loads}`);
      if (!error) runs.push(result!.lhr);
      // A trace that failed to record (NO_NAVSTART and the like) is Lighthouse's, not the page's: it asks to be run
      // again, which a few times is fine; more would be a page that cannot be audited.
      else if (++retried > 3) throw new Error(`Lighthouse could not audit ${url}: ${error.message}`);
    } finally {
      await chrome.close();
    }
  }
  const scores = (id: string) => runs.map((r) => Math.round(r.categories[id].score! * 100));
  const metric = (id: string) => runs.map((r) => r.audits[id].numericValue!);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const blocking = runs.map((r) => r.audits['render-blocking-insight'].metricSavings?.FCP ?? 0);
  const misses = [...new Set(runs.flatMap(failed))];
  const what = `${page} on a phone (Lighthouse ${runs[0].lighthouseVersion}, mobile, slow 4G), median (min–max) of ${RUNS} first visits${retried ? ` (${retried} visit(s) run again: Lighthouse's trace failed)` : ''}:`;
  row(`${what} performance`, range(scores('performance'), String), 'bar: at least 95');
  row(`${what} accessibility`, range(scores('accessibility'), String), 'bar: at least 95');
  row(`${what} best practices`, range(scores('best-practices'), String), `bar: at least 95${misses.length ? `; not passed: ${misses.join(', ')}` : ''}`);
  row(`${what} largest contentful paint`, range(metric('largest-contentful-paint'), seconds), targets.lcp);
  // A shift happens in some visits and not others (when a script's file arrives after the first paint): the worst.
  row(`${what} cumulative layout shift, the worst visit's`, Math.max(...metric('cumulative-layout-shift')).toFixed(3), targets.cls);
  row(`${what} first contentful paint`, range(metric('first-contentful-paint'), seconds), Math.max(...blocking) ? `render-blocking requests cost it ${range(blocking, (ms) => `${ms} ms`)}` : 'no render-blocking request');
}

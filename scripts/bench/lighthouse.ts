/**
 * The hosted pay pages on a phone as Lighthouse 12 sees them: a pay link's open page and a shop link's form on the Node proxy (live mode in
 * front of the simulator, each in a process of its own, as a merchant runs them), audited with Lighthouse's mobile
 * defaults (a Moto G Power's screen, simulated slow 4G and a 4× slower CPU) in the bench's Chromium. Figures move from
 * run to run, with what else the machine is doing: each is the median of several first visits, with their range,
 * but the layout shift, which only some visits see, is the worst visit's.
 */
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { launchChromium } from '../chromium.ts';
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
    for (const [page, request] of PAGES) await audit(page, await createLink(servers.proxy, SECRET, request));
  } finally {
    servers.stop();
  }
}

async function audit(page: string, link: { url: string }): Promise<void> {
  const runs: Result[] = [];
  let retried = 0;
  while (runs.length < RUNS) {
    // A fresh browser each run, as a payer's first visit: nothing cached, not even a favicon's 404.
    const chrome = await launchChromium();
    try {
      // Lighthouse drives it through its DevTools port.
      const result = await lighthouse(link.url, { ...FLAGS, port: Number(new URL(chrome.wsEndpoint()).port) });
      const error = result ? result.lhr.runtimeError : { message: 'no result' };
      if (!error) runs.push(result!.lhr);
      // A trace that failed to record (NO_NAVSTART and the like) is Lighthouse's, not the page's: it asks to be run
      // again, which a few times is fine; more would be a page that cannot be audited.
      else if (++retried > 3) throw new Error(`Lighthouse could not audit ${link.url}: ${error.message}`);
    } finally {
      await chrome.close();
    }
  }
  const scores = (id: string) => runs.map((r) => Math.round(r.categories[id].score! * 100));
  const metric = (id: string) => runs.map((r) => r.audits[id].numericValue!);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const blocking = runs.map((r) => r.audits['render-blocking-insight'].metricSavings?.FCP ?? 0);
  const misses = [...new Set(runs.flatMap(failed))];
  const what = `${page}'s page on a phone (Lighthouse ${runs[0].lighthouseVersion}, mobile, slow 4G), median (min–max) of ${RUNS} first visits${retried ? ` (${retried} visit(s) run again: Lighthouse's trace failed)` : ''}:`;
  row(`${what} performance`, range(scores('performance'), String), 'bar: at least 95');
  row(`${what} accessibility`, range(scores('accessibility'), String), 'bar: at least 95');
  row(`${what} best practices`, range(scores('best-practices'), String), `bar: at least 95${misses.length ? `; not passed: ${misses.join(', ')}` : ''}`);
  row(`${what} largest contentful paint`, range(metric('largest-contentful-paint'), seconds), 'target: at most 1.0 s');
  // A shift happens in some visits and not others (when the element's file arrives after the first paint): the worst.
  row(`${what} cumulative layout shift, the worst visit's`, Math.max(...metric('cumulative-layout-shift')).toFixed(3), 'target: at most 0.01');
  row(`${what} first contentful paint`, range(metric('first-contentful-paint'), seconds), Math.max(...blocking) ? `render-blocking requests cost it ${range(blocking, (ms) => `${ms} ms`)}` : 'no render-blocking request');
}

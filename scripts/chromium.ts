/**
 * Where Chrome or Chromium is, and how to start it headless, for everything that drives a browser: the widget
 * runner, the end-to-end tests, the screenshots and the bench. CHROME_PATH wins; then the usual Linux and macOS
 * install paths. With none, `requireChromium` throws one line that says how to install it.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Headless, without the sandbox (tests may run as root) and without background network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROME_PATH) return env.CHROME_PATH;
  return CANDIDATES.find((path) => existsSync(path));
}

export class ChromiumMissing extends Error {
  name = 'ChromiumMissing';
}

export function requireChromium(): string {
  const path = findChromium();
  if (!path) {
    throw new ChromiumMissing(
      'No Chrome or Chromium found: install one (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: brew install --cask chromium) or set CHROME_PATH to its executable',
    );
  }
  return path;
}

/** Chromium through puppeteer-core, for the end-to-end tests and the bench. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page in which functions handed to `page.evaluate` run even when tsx compiled them: esbuild's keep-names helper
 * (`__name`) is referenced inside them but exists only in Node.
 */
export async function newPage(browser: Browser) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
  return page;
}

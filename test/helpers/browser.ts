/** Debian's Chromium through puppeteer-core, started the way this machine allows (no sandbox, no network chatter). */
import puppeteer, { type Browser } from 'puppeteer-core';

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
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

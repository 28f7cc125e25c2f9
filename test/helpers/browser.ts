/** Chromium through puppeteer-core, found and started as scripts/chromium.ts says. */
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS, requireChromium } from '../../scripts/chromium.ts';

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

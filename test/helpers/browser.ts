/** Debian's Chromium through puppeteer-core, started the way this machine allows (no sandbox, no network chatter). */
import puppeteer, { type Browser } from 'puppeteer-core';

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

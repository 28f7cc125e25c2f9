/**
 * `npx tsx scripts/console-icons.ts`: draws the console's home-screen icons in Chromium (the favicon's white baht sign
 * on the pay card's blue) and writes them to console/public/, which the console's build copies beside its page:
 * 192 and 512 px for the web app manifest, a 512 px maskable one (the sign inside the central 80% circle that every
 * launcher's mask keeps), and Apple's 180 px touch icon, which iOS reads instead of the manifest's.
 */
import { writeFile } from 'node:fs/promises';
import { BAHT_SIGN, BLUE_HEX } from './baht-sign.ts';
import { launchChromium } from './chromium.ts';
import { palettePng } from './palette-png.ts';

/** `scale`: how much of the square the 32-unit drawing fills; a maskable icon keeps it inside the safe zone. */
const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.7 },
  { file: 'apple-touch-icon.png', size: 180, scale: 0.85 },
];

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const { file, size, scale } of ICONS) {
    const inset = (32 / scale - 32) / 2;
    await page.setViewport({ width: size, height: size });
    await page.setContent(`<!doctype html><html><body style="margin:0">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="${-inset} ${-inset} ${32 + 2 * inset} ${32 + 2 * inset}" width="${size}" height="${size}">
        <rect x="${-inset}" y="${-inset}" width="${32 + 2 * inset}" height="${32 + 2 * inset}" fill="${BLUE_HEX}"/>
        ${BAHT_SIGN}
      </svg></body></html>`);
    const png = palettePng(await page.screenshot({ type: 'png' }));
    await writeFile(`console/public/${file}`, png);
    console.log(`console/public/${file}: ${png.length} bytes`);
  }
} finally {
  await browser.close();
}

/**
 * `npx tsx scripts/favicon.ts`: draws the icon browsers ask every page for (`/favicon.ico`), a white baht sign on
 * the pay card's blue, 32×32, in Chromium, and writes it to proxy/http/favicon-ico.ts as an ICO holding one PNG
 * (what every browser reads at that path), where the proxy serves it from (a Worker has no files). Drawn with
 * paths, so no font is needed.
 */
import { writeFile } from 'node:fs/promises';
import { launchChromium } from './chromium.ts';
import { BAHT_SIGN, BLUE_HEX } from './baht-sign.ts';
import { palettePng } from './palette-png.ts';

const SIZE = 32;

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">
  <rect width="32" height="32" fill="${BLUE_HEX}"/>
  ${BAHT_SIGN}
</svg>`;

/** An ICO file of one PNG image: a six-byte header, one sixteen-byte directory entry, the PNG. */
function ico(png: Buffer, size: number): Buffer {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0); // reserved
  head.writeUInt16LE(1, 2); // an icon
  head.writeUInt16LE(1, 4); // one image
  head.writeUInt8(size % 256, 6); // width (0 means 256)
  head.writeUInt8(size % 256, 7); // height
  head.writeUInt8(0, 8); // no colour count: a PNG says its own
  head.writeUInt16LE(1, 10); // colour planes
  head.writeUInt16LE(32, 12); // bits a pixel, as browsers expect of a PNG entry
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18); // where the PNG starts
  return Buffer.concat([head, png]);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: SIZE, height: SIZE });
  await page.setContent(`<!doctype html><html><body style="margin:0">${ICON_SVG}</body></html>`);
  const file = ico(palettePng(await page.screenshot({ type: 'png' })), SIZE);
  await writeFile(
    'proxy/http/favicon-ico.ts',
    `/** The icon browsers ask every page for, /favicon.ico: an ICO holding one 32×32 PNG, base64. Written by scripts/favicon.ts. */\nexport const FAVICON_ICO =\n  '${file.toString('base64')}';\n`,
  );
  console.log(`proxy/http/favicon-ico.ts: ${file.length} bytes of ICO`);
} finally {
  await browser.close();
}

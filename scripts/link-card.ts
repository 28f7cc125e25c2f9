/**
 * `npx tsx scripts/link-card.ts`: draws the pay links' default chat-preview image (1200×630, Open Graph's size) in
 * Chromium and writes it to proxy/links/card-png.ts, where the proxy serves it from (a Worker has no files). Needs a
 * Thai font (Debian: fonts-thai-tlwg). No QR and no status on it: previews are cached far longer than a QR lives.
 */
import { writeFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import { decodePng } from '../proxy/doctor/qr-image.ts';
import { launchChromium } from './chromium.ts';

const BLUE = [0x11, 0x3f, 0x8c];
const WHITE = [0xff, 0xff, 0xff];
const STEPS = 16;

const CARD = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; width: 1200px; height: 630px; display: flex; align-items: center; gap: 64px; padding: 0 96px;
         box-sizing: border-box; background: #113f8c; color: #fff; font-family: 'Garuda', 'Loma', system-ui, sans-serif; }
  .coin { flex: none; width: 260px; height: 260px; border-radius: 50%; background: #fff; color: #113f8c;
          display: grid; place-items: center; font-size: 190px; font-weight: 700; line-height: 1; }
  h1 { margin: 0 0 16px; font-size: 84px; line-height: 1.1; white-space: nowrap; }
  p { margin: 0; font-size: 38px; line-height: 1.4; opacity: .92; }
</style></head><body>
  <div class="coin">฿</div>
  <div><h1>ชำระเงินด้วย<br>พร้อมเพย์</h1><p>Pay with PromptPay</p><p>ทุกธนาคาร · TrueMoney · เป๋าตัง · บัตร</p></div>
</body></html>`;

/**
 * Every pixel of the card is its blue, its white, or a blend of the two (text edges, the 92 % lines), so sixteen steps
 * from one to the other in a 4-bit palette PNG look the same as Chromium's RGB screenshot and weigh a third of it;
 * the Worker carries this image in its code.
 */
function paletteCard(screenshot: Uint8Array): Buffer {
  const image = decodePng(screenshot);
  const dark = (BLUE[0] + BLUE[1] + BLUE[2]) / 3;
  const stride = Math.ceil(image.width / 2) + 1;
  const rows = Buffer.alloc(stride * image.height); // each row: filter 0, then two pixels a byte
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const step = Math.round(Math.min(1, Math.max(0, (image.light(x, y) - dark) / (255 - dark))) * (STEPS - 1));
      rows[y * stride + 1 + (x >> 1)] |= x & 1 ? step : step << 4;
    }
  }
  const palette = Buffer.from(Array.from({ length: STEPS * 3 }, (_, i) => Math.round(BLUE[i % 3] + ((WHITE[i % 3] - BLUE[i % 3]) * Math.floor(i / 3)) / (STEPS - 1))));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([4, 3], 8); // 4 bits a pixel, a palette; the three zeros after: deflate, the standard filters, not interlaced
  const chunk = (type: string, body: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const framed = Buffer.alloc(typed.length + 8);
    framed.writeUInt32BE(body.length, 0);
    typed.copy(framed, 4);
    framed.writeUInt32BE(crc32(typed), typed.length + 4);
    return framed;
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 630 });
  await page.setContent(CARD);
  const png = paletteCard(await page.screenshot({ type: 'png' }));
  await writeFile(
    'proxy/links/card-png.ts',
    `/** The pay links' default chat-preview image, 1200×630 PNG, base64. Written by scripts/link-card.ts. */\nexport const LINK_CARD_PNG =\n  '${png.toString('base64')}';\n`,
  );
  console.log(`proxy/links/card-png.ts: ${png.length} bytes of PNG`);
} finally {
  await browser.close();
}

/**
 * `npx tsx scripts/link-card.ts`: draws the pay links' default chat-preview image (1200×630, Open Graph's size) in
 * Chromium and writes it to proxy/links/card-png.ts, where the proxy serves it from (a Worker has no files). Needs a
 * Thai font (Debian: fonts-thai-tlwg). No QR and no status on it: previews are cached far longer than a QR lives.
 */
import { writeFile } from 'node:fs/promises';
import { launchChromium } from './chromium.ts';
import { palettePng } from './palette-png.ts';

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

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 630 });
  await page.setContent(CARD);
  const png = palettePng(await page.screenshot({ type: 'png' }));
  await writeFile(
    'proxy/links/card-png.ts',
    `/** The pay links' default chat-preview image, 1200×630 PNG, base64. Written by scripts/link-card.ts. */\nexport const LINK_CARD_PNG =\n  '${png.toString('base64')}';\n`,
  );
  console.log(`proxy/links/card-png.ts: ${png.length} bytes of PNG`);
} finally {
  await browser.close();
}

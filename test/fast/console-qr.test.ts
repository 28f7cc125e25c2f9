/**
 * The console's QR of a pay link or an invite, read back by jsQR, an independent decoder: the path the app draws is the
 * URL, Thai and long ones included. (The console's other tests run in Chromium: test/console/.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsQR from 'jsqr';
import { qrPath } from '../../console/qr.ts';

/** Paints the path's runs (`M x y h run v1 h-run z`) at 4 px a module, white around, and decodes the image. */
function decode({ path, size }: { path: string; size: number }): string | undefined {
  const scale = 4;
  const width = size * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let py = +y * scale; py < (+y + 1) * scale; py++) {
      for (let px = +x * scale; px < (+x + +run) * scale; px++) rgba.set([0, 0, 0, 255], (py * width + px) * 4);
    }
  }
  return jsQR(rgba, width, width)?.data;
}

test('the QR the console draws reads back as the URL it was drawn for', () => {
  for (const url of [
    'https://pay.example.com/pay/3q2-7Xb_kLm9PqRs',
    'https://shop.example/console/#/signin/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjK',
  ]) {
    assert.equal(decode(qrPath(url)), url);
  }
});

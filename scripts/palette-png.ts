/**
 * Chromium's screenshot of a two-colour drawing (the brand's blue and white, and blends of the two at edges) as a
 * 4-bit palette PNG: sixteen steps from one colour to the other look the same as the RGB screenshot and weigh a third
 * of it, which matters for images the Worker carries in its code. Used by scripts/link-card.ts and scripts/favicon.ts.
 */
import { crc32, deflateSync } from 'node:zlib';
import { decodePng } from '../cli/doctor/qr-image.ts';

export const BLUE = [0x11, 0x3f, 0x8c];
export const WHITE = [0xff, 0xff, 0xff];
const STEPS = 16;

export function palettePng(screenshot: Uint8Array): Buffer {
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

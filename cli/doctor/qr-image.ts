/**
 * Reads the modules of a QR code from a PNG, such as the upstream's `qr_base64_image`, so `doctor --pay` can show the
 * very QR a customer gets in the terminal. Handles the PNGs QR libraries write: greyscale, palette, RGB(A), 1 to 8
 * bits (16-bit by the high byte), not interlaced.
 */
import { inflateSync } from 'node:zlib';

interface Image {
  width: number;
  height: number;
  /** Luminance 0..255 of a pixel, transparent as white. */
  light(x: number, y: number): number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(png: Uint8Array): Image {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 33 || view.getUint32(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  const data: Uint8Array[] = [];
  while (offset + 8 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), depth: body[8], type: body[9], interlace: body[12] };
    else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header || !(header.type in CHANNELS)) throw new Error('unsupported PNG');
  if (header.interlace) throw new Error('interlaced PNG');
  const { width, height, depth, type } = header;
  const channels = CHANNELS[type];
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const step = Math.max(1, bitsPerPixel >> 3);
  const raw = inflateSync(Buffer.concat(data));
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= step ? pixels[y * stride + i - step] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= step ? pixels[(y - 1) * stride + i - step] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error('corrupt PNG');
      pixels[y * stride + i] = (line[i] + predictor) & 0xff;
    }
  }
  const sample = (x: number, y: number, channel: number): number => {
    if (depth >= 8) return pixels[y * stride + (x * channels + channel) * (depth >> 3)];
    const bit = x * depth;
    const value = (pixels[y * stride + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return type === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  return {
    width,
    height,
    light(x, y) {
      if (type === 3) {
        const i = sample(x, y, 0) * 3;
        return palette ? (palette[i] + palette[i + 1] + palette[i + 2]) / 3 : 0;
      }
      const grey = type === 2 || type === 6 ? (sample(x, y, 0) + sample(x, y, 1) + sample(x, y, 2)) / 3 : sample(x, y, 0);
      const alpha = type === 4 ? sample(x, y, 1) : type === 6 ? sample(x, y, 3) : 255;
      return (grey * alpha + 255 * (255 - alpha)) / 255;
    },
  };
}

/**
 * The QR's modules: the dark pixels' bounding box is the symbol (its finder patterns sit in three corners), the top
 * left finder's first row is 7 modules wide, and each module is read at its centre.
 */
export function qrModules(png: Uint8Array): boolean[][] {
  const image = decodePng(png);
  const dark = (x: number, y: number) => image.light(x, y) < 128;
  let [left, top, right, bottom] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!dark(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) throw new Error('no QR code in the image');
  let run = 0;
  while (left + run <= right && dark(left + run, top)) run++;
  const module = run / 7;
  const size = Math.round((right - left + 1) / module);
  if (size < 21 || (size - 21) % 4 !== 0 || Math.abs((bottom - top + 1) / module - size) > 1) throw new Error('no QR code in the image');
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => dark(Math.floor(left + (col + 0.5) * module), Math.floor(top + (row + 0.5) * module))),
  );
}

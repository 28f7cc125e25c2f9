/** Reads a QR data URL the way a bank app's scanner would: decode the PNG, find the code, return its text. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrDataUrl(dataUrl: string): string {
  const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error('not a PNG data URL');
  const image = PNG.sync.read(Buffer.from(match[1], 'base64'));
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}

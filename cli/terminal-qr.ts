/**
 * A QR code in the terminal, for a phone to scan: a URL to open, a bill to pay. Drawn with half blocks, light
 * modules as full blocks, which reads right on the dark background most terminals have, with a quiet zone.
 */
import { encode } from 'uqr';

const QUIET = 2;

/** Dark modules by row, as a QR is drawn: a QR made here, or one read from the upstream's image. */
export function terminalMatrix(dark: readonly (readonly boolean[])[]): string {
  const size = dark.length;
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && dark[y][x];
  const lines: string[] = [];
  for (let y = -QUIET; y < size + QUIET; y += 2) {
    let line = '';
    for (let x = -QUIET; x < size + QUIET; x++) {
      const top = at(x, y);
      const bottom = at(x, y + 1);
      line += top ? (bottom ? ' ' : '▄') : bottom ? '▀' : '█';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export const terminalQr = (text: string) => terminalMatrix(encode(text, { border: 0 }).data);

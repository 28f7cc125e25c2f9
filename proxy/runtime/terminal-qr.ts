/**
 * A QR code in the terminal, for a phone to scan: a URL to open, a bill to pay. Drawn with half blocks, light
 * modules as full blocks, which reads right on the dark background most terminals have, with a quiet zone.
 */
import { renderUnicodeCompact } from 'uqr';

export const terminalQr = (text: string) => renderUnicodeCompact(text, { border: 2 });

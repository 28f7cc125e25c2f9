/**
 * Normalises what api_mn.php answers. The upstream writes numbers as JSON numbers or as strings depending on the
 * day, so every field is read leniently here, once, and the rest of the proxy sees one shape.
 */

import { secureOrLoopback } from '../loopback.ts';
export class UpstreamFault extends Error {
  constructor(
    /** What went wrong, in words safe to log: never a URL, a query or a credential. */
    readonly kind: 'unreachable' | 'timeout' | 'http_status' | 'empty' | 'not_json' | 'bad_response',
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'UpstreamFault';
  }
}

/** A `status` 0 answer: the upstream understood and said no. */
export interface Refusal {
  ok: false;
  msg: string;
}

type Raw = Record<string, unknown>;

/** A JSON number, or a decimal string, with or without thousands separators ("1,000.00"). */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?\s*$/.test(value)) return Number(value.replace(/,/g, ''));
  return undefined;
}

/** 1 or "1" is success and 0 or "0" a refusal; anything else (missing, "ok", null) is a fault, never success. */
export function readStatus(raw: Raw): 1 | 0 {
  const status = readNumber(raw.status);
  if (status === 1 || status === 0) return status;
  throw new UpstreamFault('bad_response', 'upstream answered without a valid status');
}

export function readId(value: unknown): string {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id === 'string' && /^\d{1,20}$/.test(id.trim())) return id.trim();
  throw new UpstreamFault('bad_response', 'upstream answered without a valid id_pay');
}

/** Baht, rounded to satang. */
export function readAmount(value: unknown): number {
  const amount = readNumber(value);
  if (amount === undefined || amount <= 0) throw new UpstreamFault('bad_response', 'upstream answered without a valid amount');
  return Math.round(amount * 100) / 100;
}

export function readTimeOut(value: unknown): number {
  const seconds = readNumber(value);
  if (seconds === undefined) throw new UpstreamFault('bad_response', 'upstream answered without a valid time_out');
  return Math.trunc(seconds);
}

/** `qr_base64_image` arrives as bare base64 or as a data URL; both become a PNG data URL. */
export function readQr(value: unknown): string {
  if (typeof value !== 'string') throw new UpstreamFault('bad_response', 'upstream answered without a QR image');
  const base64 = value.replace(/^data:image\/\w+;base64,/, '').replace(/\s+/g, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new UpstreamFault('bad_response', 'upstream QR image is not base64');
  }
  return `data:image/png;base64,${base64}`;
}

export function readMessage(raw: Raw): string {
  return typeof raw.msg === 'string' ? raw.msg.slice(0, 200) : '';
}

/**
 * Only an https URL is passed on as the hosted bill page, or http to this machine (the standalone simulator's page, as
 * an upstream over http is allowed only there); the element opens nothing but https.
 */
export function readPayUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return secureOrLoopback(url.href) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A real answer is a few kilobytes (the QR image included); anything far larger is not one. */
export const MAX_BODY_BYTES = 1 << 20;

async function readText(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new UpstreamFault('bad_response', 'upstream answer is too large');
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** Turns a response into the upstream's JSON object, or a fault. */
export async function readBody(response: Response, limit = MAX_BODY_BYTES): Promise<Raw> {
  if (response.status >= 300) {
    await response.body?.cancel();
    throw new UpstreamFault('http_status', `upstream answered HTTP ${response.status}`, response.status);
  }
  const text = await readText(response, limit);
  if (!text.trim()) throw new UpstreamFault('empty', 'upstream answered with an empty body');
  let raw: unknown;
  try {
    // Some PHP hosts prepend a byte-order mark or whitespace.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UpstreamFault('not_json', 'upstream answered with something other than JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UpstreamFault('bad_response', 'upstream answered with a non-object');
  return raw as Raw;
}

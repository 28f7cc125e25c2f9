/** Checks what the browser sends, before anything reaches the upstream. */
import { ApiError } from '../errors.ts';

/** A merchant's own id for the payer or order: short, printable, nothing that could be markup or a control code. */
export const REF1_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,39}$/;
export const ID_PATTERN = /^\d{1,20}$/;

export function parseAmount(value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApiError(400, 'invalid_amount', 'amount must be a whole number of baht');
  }
  if (value < min || value > max) throw new ApiError(400, 'invalid_amount', `amount must be between ${min} and ${max} baht`);
  return value;
}

export function parseRef1(value: unknown): string {
  if (typeof value !== 'string' || !REF1_PATTERN.test(value)) {
    throw new ApiError(400, 'invalid_ref1', 'ref1 must be 1 to 40 letters, digits or . _ : - and start with a letter or digit');
  }
  return value;
}

export function parseId(value: string): string {
  if (!ID_PATTERN.test(value)) throw new ApiError(400, 'invalid_id', 'The payment id must be digits');
  return value;
}

/**
 * Reads a JSON object body. `text/plain` is accepted as well as `application/json` so that a cross-origin create is a
 * CORS simple request, with no preflight. Unknown fields are refused rather than ignored: nothing the proxy decides
 * (the customer's IP, say) can be slipped in beside what it reads.
 */
export async function readJsonBody(
  req: { text(): Promise<string>; header(name: string): string | undefined },
  allowed: readonly string[],
): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (text === '') return {};
  const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json or text/plain JSON');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_json', 'The body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new ApiError(400, 'unknown_field', `Unknown field: ${unknown[0].slice(0, 40)}`);
  return body as Record<string, unknown>;
}

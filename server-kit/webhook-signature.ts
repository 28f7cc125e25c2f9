/**
 * Webhook signatures by the Standard Webhooks specification (standardwebhooks.com), so any server verifies them with
 * a maintained library (`standardwebhooks` on npm and PyPI, `standard-webhooks/standard-webhooks` on Packagist) or a
 * few lines of HMAC:
 *   webhook-id:        the event's id, the same on every attempt
 *   webhook-timestamp: Unix seconds of this attempt
 *   webhook-signature: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one per secret, space-separated
 * A secret is `whsec_` and the base64 of 24 to 64 random bytes; the HMAC key is those bytes. Several secrets sign each
 * delivery once each, so a merchant rotates a secret without missing a delivery.
 */
import { PAYMENT_EVENT_TYPES, type WebhookEvent } from '../contract/http.ts';
import type { VerifyOptions } from './tokens.ts';

export const ID_HEADER = 'webhook-id';
export const TIMESTAMP_HEADER = 'webhook-timestamp';
export const SIGNATURE_HEADER = 'webhook-signature';

export class WebhookError extends Error {
  name = 'WebhookError';
  constructor(
    /** `signature`: no signature matches under the secrets given; the others say what else is wrong. */
    readonly code: 'secret' | 'headers' | 'timestamp' | 'signature' | 'not_event' | 'sandbox',
    message: string,
  ) {
    super(message);
  }
}

const PREFIX = 'whsec_';

/** The key bytes of a `whsec_` secret; throws if it is not one. */
export function secretKey(secret: string): Uint8Array {
  const base64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    bytes = new Uint8Array();
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || bytes.length < 24 || bytes.length > 64) {
    throw new WebhookError('secret', 'a webhook secret is whsec_ and the base64 of 24 to 64 random bytes (`maemanee-pay secret --webhook` makes one)');
  }
  return bytes;
}

/** A new webhook secret: `whsec_` and 32 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}

const keys = new Map<string, Promise<CryptoKey>>();
function hmac(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', secretKey(secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    if (keys.size > 32) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

const signed = (id: string, timestamp: number, body: string) => new TextEncoder().encode(`${id}.${timestamp}.${body}`);

/** The `webhook-signature` header for one delivery: `v1,<base64>` for each secret, space-separated. */
export async function signWebhook(secrets: readonly string[], id: string, timestamp: number, body: string): Promise<string> {
  const parts = await Promise.all(
    secrets.map(async (secret) => `v1,${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign('HMAC', await hmac(secret), signed(id, timestamp, body)))))}`),
  );
  return parts.join(' ');
}

/** A request's headers, as a Fetch `Headers`, a Node `IncomingHttpHeaders` or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/**
 * For the merchant's server: checks a delivery by the standard (any `v1` signature under any of the secrets, with
 * WebCrypto's constant-time verify; a timestamp within `toleranceSeconds` of now; the id, the timestamp and the raw
 * body signed), then returns the event. Sandbox events, and the `webhook.test` that `maemanee-pay doctor` sends, are
 * refused unless `allowSandbox`: no money moved.
 */
export async function verifyWebhook(
  secrets: string | readonly string[],
  rawBody: string,
  headers: WebhookHeaders,
  options: VerifyOptions & { toleranceSeconds?: number; now?: number } = {},
): Promise<WebhookEvent> {
  const id = header(headers, ID_HEADER);
  const timestamp = Number(header(headers, TIMESTAMP_HEADER));
  const signatures = (header(headers, SIGNATURE_HEADER) ?? '').split(' ').filter((s) => s.startsWith('v1,'));
  if (!id || !Number.isInteger(timestamp) || signatures.length === 0) throw new WebhookError('headers', 'missing or malformed webhook-id, webhook-timestamp or webhook-signature header');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) throw new WebhookError('timestamp', 'webhook-timestamp is too far from now');
  const message = signed(id, timestamp, rawBody);
  let ok = false;
  for (const secret of typeof secrets === 'string' ? secrets.split(' ').filter(Boolean) : secrets) {
    const key = await hmac(secret);
    for (const signature of signatures) {
      let mac: Uint8Array;
      try {
        mac = Uint8Array.from(atob(signature.slice(3)), (c) => c.charCodeAt(0));
      } catch {
        continue;
      }
      if (await crypto.subtle.verify('HMAC', key, mac as BufferSource, message)) ok = true;
    }
  }
  if (!ok) throw new WebhookError('signature', 'no webhook-signature matches');
  let event: WebhookEvent;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new WebhookError('not_event', 'the body is not JSON: not a maemanee-pay event');
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    !(event.type === 'webhook.test' || PAYMENT_EVENT_TYPES.includes(event.type)) ||
    event.id !== id ||
    typeof event.data?.id !== 'string'
  ) {
    throw new WebhookError('not_event', 'not a maemanee-pay event');
  }
  if (event.data.sandbox !== false && !options.allowSandbox) throw new WebhookError('sandbox', 'event is from the sandbox: no money moved');
  return event;
}

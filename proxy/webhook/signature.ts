/**
 * Webhook signatures: `Maemanee-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, the scheme Stripe
 * made familiar, so a replayed body with an old timestamp is refused and the raw body is what is signed.
 */
import type { PaymentEvent } from '../../contract/http.ts';
import { assertMerchantSecret, hmacKey, type VerifyOptions } from '../tokens/tokens.ts';

export const SIGNATURE_HEADER = 'maemanee-signature';

const EVENT_TYPES: readonly PaymentEvent['type'][] = ['payment.paid', 'payment.expired', 'payment.needs_review'];

export async function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(`${timestamp}.${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `t=${timestamp},v1=${hex}`;
}

export class WebhookError extends Error {
  name = 'WebhookError';
}

/**
 * For the merchant's server: checks the signature over the raw body (with WebCrypto's HMAC verify, which compares in
 * constant time) and the timestamp's age, then returns the event.
 */
export async function verifyWebhook(
  secret: string,
  rawBody: string,
  signatureHeader: string | null | undefined,
  options: VerifyOptions & { toleranceSeconds?: number; now?: number } = {},
): Promise<PaymentEvent> {
  assertMerchantSecret(secret);
  const parts = new Map((signatureHeader ?? '').split(',').map((p) => p.trim().split('=') as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) throw new WebhookError('missing or malformed signature header');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) throw new WebhookError('signature timestamp is too old');
  const mac = new Uint8Array(v1.match(/../g)!.map((h) => parseInt(h, 16)));
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), mac, new TextEncoder().encode(`${t}.${rawBody}`));
  if (!ok) throw new WebhookError('signature does not match');
  const event = JSON.parse(rawBody) as PaymentEvent;
  if (!EVENT_TYPES.includes(event.type) || typeof event.id !== 'string' || typeof event.data?.id !== 'string') {
    throw new WebhookError('not a maemanee-pay payment event');
  }
  if (event.data?.sandbox !== false && !options.allowSandbox) throw new WebhookError('event is from the sandbox: no money moved');
  return event;
}

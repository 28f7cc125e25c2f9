/**
 * What only the proxy does with the tokens of `server-kit/tokens.ts`: it binds a browser to a bill with a payment
 * token, reads the orders merchants sign and the merchant tokens they mint, and signs receipts.
 */
import type { ReceiptFacts } from '../contract/http.ts';
import { ISSUER, isAmount, isText, MERCHANT_TOKEN_MAX_SECONDS, signKind, TokenError, verifyKind, type Order, type Wording } from '../server-kit/tokens.ts';
import { RecentMap } from './recent-map.ts';

export interface PaymentClaims {
  id: string;
  ref1: string;
  amount: number;
  /** When the bill stops being payable, in epoch seconds, as the upstream said at creation. */
  billExpires: number;
  sandbox: boolean;
}

/** A payment token outlives its bill by `graceSeconds`, to confirm a last-second payment and cancel after expiry. */
export function signPaymentToken(secret: string, claims: PaymentClaims, graceSeconds = 3600): Promise<string> {
  return signKind(secret, 'payment', {
    iss: ISSUER,
    sub: claims.id,
    ref1: claims.ref1,
    amount: claims.amount,
    bexp: claims.billExpires,
    sandbox: claims.sandbox,
    exp: claims.billExpires + graceSeconds,
  });
}

/**
 * Payment tokens verified under each secret, with their expiry: a browser polls with the same token every few
 * seconds, and WebCrypto's HMAC verify goes through Node's thread pool, which made it most of a poll's cost. A hit is
 * the exact token text already verified under the same secret, so it proves as much as verifying again; its expiry
 * is checked on every use.
 */
const verified = new Map<string, RecentMap<string, { claims: PaymentClaims; exp: number }>>();

export async function verifyPaymentToken(secret: string, token: unknown): Promise<PaymentClaims> {
  let bySecret = verified.get(secret);
  const hit = typeof token === 'string' ? bySecret?.get(token) : undefined;
  if (hit) {
    if (hit.exp <= Date.now() / 1000) throw new TokenError('token_expired', 'The payment token has expired');
    return hit.claims;
  }
  const p = await verifyKind(secret, 'payment', token, { label: 'payment token' });
  if (!isText(p.sub) || !isText(p.ref1) || !isAmount(p.amount) || typeof p.bexp !== 'number' || typeof p.exp !== 'number') {
    throw new TokenError('invalid_token', 'The payment token is not valid');
  }
  const claims: PaymentClaims = { id: p.sub, ref1: p.ref1, amount: p.amount, billExpires: p.bexp, sandbox: p.sandbox === true };
  if (!bySecret) {
    if (verified.size > 16) verified.clear();
    verified.set(secret, (bySecret = new RecentMap(10_000)));
  }
  bySecret.set(token as string, { claims, exp: p.exp });
  return claims;
}

export async function verifyOrder(secret: string, token: unknown): Promise<Order & { sandbox: boolean }> {
  const p = await verifyKind(secret, 'order', token, { label: 'order' });
  if (typeof p.exp !== 'number') throw new TokenError('invalid_token', 'The order has no expiry');
  if (!isText(p.ref1) || !Number.isInteger(p.amount) || !isAmount(p.amount)) {
    throw new TokenError('invalid_token', 'The order is not valid');
  }
  return {
    ref1: p.ref1,
    amount: p.amount,
    sandbox: p.sandbox === true,
    ...(isText(p.link) ? { link: p.link } : {}),
    ...(isText(p.link) && isText(p.linkOrder) ? { linkOrder: p.linkOrder } : {}),
  };
}

export function signReceipt(secret: string, facts: ReceiptFacts): Promise<string> {
  return signKind(secret, 'receipt', { iss: ISSUER, sub: facts.id, ...facts });
}

const MERCHANT_WORDING: Wording = {
  label: 'merchant token',
  advice: `Check that it was signed (HS256) with this proxy's MAEMANEE_SECRET, that its kind is "merchant", and that it expires within ${MERCHANT_TOKEN_MAX_SECONDS / 60} minutes`,
  expired: `The merchant token has expired: mint a new one for each call (it lives ${MERCHANT_TOKEN_MAX_SECONDS / 60} minutes at most), and check that the clock of the machine that signs it is right`,
};

/** A merchant token: kind `merchant`, unexpired, and expiring within five minutes (a longer-lived one is refused). */
export async function verifyMerchantToken(secret: string, token: unknown): Promise<void> {
  const p = await verifyKind(secret, 'merchant', token, MERCHANT_WORDING);
  if (typeof p.exp !== 'number' || p.exp - Date.now() / 1000 > MERCHANT_TOKEN_MAX_SECONDS + 5) {
    throw new TokenError('invalid_token', 'A merchant token must expire within 5 minutes');
  }
}

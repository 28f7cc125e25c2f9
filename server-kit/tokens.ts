/**
 * The proxy's signed tokens, all standard HS256 JWTs under MAEMANEE_SECRET, told apart by their `kind` claim so that
 * one can never be replayed as another:
 * - `payment`: binds a browser to one bill (id_pay, ref1, amount); verified only by the proxy.
 * - `order`: a merchant's fixed price, signed on the merchant's server; verified by the proxy.
 * - `receipt`: what the upstream confirmed as paid; verified on the merchant's server.
 * Any JWT library can read them, so a PHP or Python backend needs nothing of ours.
 */
import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired, JwtTokenSignatureMismatched } from 'hono/utils/jwt/types';
import type { ReceiptFacts } from '../contract/http.ts';
import { RecentMap } from '../proxy/recent-map.ts';

export type { ReceiptFacts };

export const ISSUER = 'maemanee-pay';

export class TokenError extends Error {
  constructor(
    readonly code: 'invalid_token' | 'token_expired',
    message: string,
    /** Why an `invalid_token` is invalid, where it is known: `signature` is a token signed under another secret. */
    readonly reason?: 'form' | 'signature' | 'kind',
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

type Kind = 'payment' | 'order' | 'receipt' | 'merchant';

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The secret as an HMAC-SHA256 key, imported once per secret rather than on every token (the proxy verifies one
 * per poll) or webhook.
 * Handing hono/jwt a key, not a string, also stops it reading a secret that contains "PRIVATE" or "PUBLIC" as PEM.
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

async function signKind(secret: string, kind: Kind, claims: Record<string, unknown>): Promise<string> {
  return sign({ ...claims, kind, iat: Math.floor(Date.now() / 1000) }, await hmacKey(secret), 'HS256');
}

/**
 * Whether a base64url segment is the one spelling of its bytes. The last character of a segment whose length is not
 * a multiple of 4 has unused low bits, so several spellings decode alike; a key built from a token's text (or a
 * cache) must not see one token as several.
 */
function canonical(segment: string): boolean {
  const unusedBits = [0, 0, 4, 2][segment.length % 4];
  if (segment.length % 4 === 1) return false;
  const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(segment.at(-1)!);
  return (last & ((1 << unusedBits) - 1)) === 0;
}

/**
 * How a refusal is worded. A token a browser carries is refused in a few words; one its holder mints (a merchant
 * token) says what went wrong and what to check, never anything of the secret.
 */
interface Wording {
  label: string;
  advice?: string;
  expired?: string;
}

async function verifyKind(secret: string, kind: Kind, token: unknown, { label, advice, expired }: Wording): Promise<Record<string, unknown>> {
  const invalid = (reason: 'form' | 'signature' | 'kind', what: string) =>
    new TokenError('invalid_token', advice ? `The ${label} is not valid: ${what}. ${advice}` : `The ${label} is not valid`, reason);
  if (typeof token !== 'string' || token.length > 2048 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new TokenError('invalid_token', advice ? `The ${label} is not a token: an HS256 JWT, sent as Authorization: Bearer <token>. ${advice}` : `The ${label} is not a token`, 'form');
  }
  if (!token.split('.').every(canonical)) throw invalid('form', 'it is not a JWT as any JWT library writes one');
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await hmacKey(secret), { alg: 'HS256', iat: false });
  } catch (error) {
    if (error instanceof JwtTokenExpired) throw new TokenError('token_expired', expired ?? `The ${label} has expired`);
    if (error instanceof JwtTokenSignatureMismatched) throw invalid('signature', 'its signature does not match');
    throw invalid('form', 'it is not an HS256 JWT');
  }
  if (payload.kind !== kind) throw invalid('kind', `its kind is ${typeof payload.kind === 'string' ? `"${payload.kind.slice(0, 20)}"` : 'missing'}, not "${kind}"`);
  return payload;
}

/**
 * Which kind a token says it is, unverified: only to pick the verification it must then pass (a merchant token and a
 * payment token reach the same route).
 */
export function tokenKind(token: string): string | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload?.kind === 'string' ? payload.kind : undefined;
  } catch {
    return undefined;
  }
}

const isAmount = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

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

export interface Order {
  ref1: string;
  /** Whole baht. */
  amount: number;
  /** The pay link it pays for: the proxy's own pay pages sign their link's order. */
  link?: string;
}

/** The merchant-facing helpers refuse a secret too short to be one: it signs what pays out money. */
export function assertMerchantSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 32) throw new RangeError('the secret must be at least 32 characters (MAEMANEE_SECRET)');
}

/**
 * For the merchant's server: a fixed-price order the browser can carry but not change. `sandbox: true` marks one for
 * a sandbox proxy only; a live proxy refuses it.
 */
export async function signOrder(secret: string, order: Order & { expiresInSeconds?: number; sandbox?: boolean }): Promise<string> {
  assertMerchantSecret(secret);
  if (!Number.isInteger(order.amount) || order.amount <= 0) throw new RangeError('amount must be a whole number of baht');
  return signKind(secret, 'order', {
    iss: ISSUER,
    ref1: order.ref1,
    amount: order.amount,
    ...(order.link ? { link: order.link } : {}),
    ...(order.sandbox ? { sandbox: true } : {}),
    exp: Math.floor(Date.now() / 1000) + (order.expiresInSeconds ?? 3600),
  });
}

export async function verifyOrder(secret: string, token: unknown): Promise<Order & { sandbox: boolean }> {
  const p = await verifyKind(secret, 'order', token, { label: 'order' });
  if (typeof p.exp !== 'number') throw new TokenError('invalid_token', 'The order has no expiry');
  if (!isText(p.ref1) || !Number.isInteger(p.amount) || !isAmount(p.amount)) {
    throw new TokenError('invalid_token', 'The order is not valid');
  }
  return { ref1: p.ref1, amount: p.amount, sandbox: p.sandbox === true, ...(isText(p.link) ? { link: p.link } : {}) };
}

export function signReceipt(secret: string, facts: ReceiptFacts): Promise<string> {
  return signKind(secret, 'receipt', { iss: ISSUER, sub: facts.id, ...facts });
}

export interface VerifyOptions {
  /** Accept receipts and webhooks from the sandbox (for development only). */
  allowSandbox?: boolean;
}

/** For the merchant's server: the facts of a receipt, or an error if it is forged or from the sandbox. */
export async function verifyReceipt(secret: string, token: string, options: VerifyOptions = {}): Promise<ReceiptFacts> {
  assertMerchantSecret(secret);
  const p = await verifyKind(secret, 'receipt', token, { label: 'receipt' });
  if (!isText(p.id) || p.id !== p.sub || !isText(p.ref1) || !isAmount(p.amount) || !isText(p.paidAt)) {
    throw new TokenError('invalid_token', 'The receipt is not valid');
  }
  const facts: ReceiptFacts = {
    id: p.id,
    ref1: p.ref1,
    amount: p.amount,
    paidAt: p.paidAt,
    late: p.late === true,
    sandbox: p.sandbox !== false,
    ...(isText(p.link) ? { link: p.link } : {}),
  };
  if (facts.sandbox && !options.allowSandbox) throw new TokenError('invalid_token', 'The receipt is from the sandbox: no money moved');
  return facts;
}

/** The longest a merchant token may live: it is minted per call by the merchant's own server. */
export const MERCHANT_TOKEN_MAX_SECONDS = 300;

/** For the merchant's server: a short-lived token for the events API. */
export async function signMerchantToken(secret: string, expiresInSeconds = MERCHANT_TOKEN_MAX_SECONDS): Promise<string> {
  assertMerchantSecret(secret);
  return signKind(secret, 'merchant', { iss: ISSUER, exp: Math.floor(Date.now() / 1000) + Math.min(expiresInSeconds, MERCHANT_TOKEN_MAX_SECONDS) });
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

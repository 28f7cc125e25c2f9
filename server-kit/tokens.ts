/**
 * The signed tokens, all standard HS256 JWTs under MAEMANEE_SECRET, told apart by their `kind` claim so that one can
 * never be replayed as another:
 * - `payment`: binds a browser to one bill (id_pay, ref1, amount); signed and verified only by the proxy.
 * - `order`: a merchant's fixed price, signed on the merchant's server; verified by the proxy.
 * - `receipt`: what the upstream confirmed as paid; signed by the proxy, verified on the merchant's server.
 * - `merchant`: a short-lived token the merchant's server mints for the proxy's merchant API.
 * Any JWT library can read them, so a PHP or Python backend needs nothing of ours. This module is what both sides
 * share, on WebCrypto alone (through jose, which runs in Node, Workers, Deno and Bun); what only the proxy does with
 * them is in `proxy/tokens.ts`.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import type { OrderDetails, ReceiptFacts } from '../contract/http.ts';

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

export type TokenKind = 'payment' | 'order' | 'receipt' | 'merchant';

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The secret as an HMAC-SHA256 key, imported once per secret rather than on every token (the proxy verifies one
 * per poll) or webhook.
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

/** A token of a kind; `iat` is now unless the claims give one (the same claims at the same `iat` sign to the same token). */
export async function signKind(secret: string, kind: TokenKind, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ iat: Math.floor(Date.now() / 1000), ...claims, kind }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await hmacKey(secret));
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
export interface Wording {
  label: string;
  advice?: string;
  expired?: string;
}

/** `maxLength`: the longest token read at all (a receipt carries a shop link's order, so is longer than the rest). */
export async function verifyKind(secret: string, kind: TokenKind, token: unknown, { label, advice, expired }: Wording, maxLength = 2048): Promise<Record<string, unknown>> {
  const invalid = (reason: 'form' | 'signature' | 'kind', what: string) =>
    new TokenError('invalid_token', advice ? `The ${label} is not valid: ${what}. ${advice}` : `The ${label} is not valid`, reason);
  if (typeof token !== 'string' || token.length > maxLength || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new TokenError('invalid_token', advice ? `The ${label} is not a token: an HS256 JWT, sent as Authorization: Bearer <token>. ${advice}` : `The ${label} is not a token`, 'form');
  }
  if (!token.split('.').every(canonical)) throw invalid('form', 'it is not a JWT as any JWT library writes one');
  let payload: Record<string, unknown>;
  try {
    payload = (await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'] })).payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenError('token_expired', expired ?? `The ${label} has expired`);
    if (error instanceof errors.JWSSignatureVerificationFailed) throw invalid('signature', 'its signature does not match');
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

export const isAmount = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);
export const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export interface Order {
  ref1: string;
  /** Whole baht. */
  amount: number;
  /** The pay link it pays for: the proxy's own pay pages sign their link's order. */
  link?: string;
  /** A buyer's order of that link (a shop link's), whose bill it makes. */
  linkOrder?: string;
}

/** The merchant-facing helpers refuse a secret too short to be one: it signs what pays out money. */
export function assertMerchantSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 32) throw new RangeError('the secret must be at least 32 characters (MAEMANEE_SECRET)');
}

/**
 * For the merchant's server: a fixed-price order the browser can carry but not change. `sandbox: true` marks one for
 * a sandbox proxy only; a live proxy refuses it.
 */
export async function signOrder(
  secret: string,
  order: Order & {
    expiresInSeconds?: number;
    sandbox?: boolean;
    /** Epoch seconds it is issued at, default now: the same order issued at the same time is the same token. */
    issuedAt?: number;
  },
): Promise<string> {
  assertMerchantSecret(secret);
  if (!Number.isInteger(order.amount) || order.amount <= 0) throw new RangeError('amount must be a whole number of baht');
  const iat = order.issuedAt ?? Math.floor(Date.now() / 1000);
  return signKind(secret, 'order', {
    iat,
    iss: ISSUER,
    ref1: order.ref1,
    amount: order.amount,
    ...(order.link ? { link: order.link } : {}),
    ...(order.link && order.linkOrder ? { linkOrder: order.linkOrder } : {}),
    ...(order.sandbox ? { sandbox: true } : {}),
    exp: iat + (order.expiresInSeconds ?? 3600),
  });
}

export interface VerifyOptions {
  /** Accept receipts and webhooks from the sandbox (for development only). */
  allowSandbox?: boolean;
}

/** For the merchant's server: the facts of a receipt, or an error if it is forged or from the sandbox. */
/** A receipt's order as signed: items and fields of the shapes the proxy writes, or undefined for anything else. */
function orderOf(value: unknown): OrderDetails | undefined {
  const o = value as OrderDetails | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.items) || !o.fields || typeof o.fields !== 'object') return undefined;
  const item = (i: unknown) => isText((i as { name: unknown })?.name) && isAmount((i as { price: unknown }).price) && isAmount((i as { quantity: unknown }).quantity);
  return o.items.every(item) && Object.values(o.fields).every(isText) ? o : undefined;
}

/** The longest receipt read: one that carries a shop link's order (20 items, the buyer's details) fits. */
const RECEIPT_MAX_LENGTH = 16_384;

export async function verifyReceipt(secret: string, token: string, options: VerifyOptions = {}): Promise<ReceiptFacts> {
  assertMerchantSecret(secret);
  const p = await verifyKind(secret, 'receipt', token, { label: 'receipt' }, RECEIPT_MAX_LENGTH);
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
    ...(orderOf(p.order) ? { order: orderOf(p.order) } : {}),
    // No upstream confirmed it: the shop's owner recorded it paid in the console.
    ...(p.resolvedBy === 'merchant' ? { resolvedBy: 'merchant' as const } : {}),
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

/**
 * Passkeys through @simplewebauthn/server: the options a browser's WebAuthn call takes, and its answer verified
 * against the one challenge kept for it, the console's origin and its RP ID (that origin's host). Registration asks
 * for no attestation (a passkey is the seller's own device, not a make to check) and a discoverable credential with
 * user verification (Face ID, a fingerprint, the phone's screen lock), so that signing in needs no name.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { MemberRecord, PasskeyRecord } from '../ledger/ledger.ts';

/** How long the browser may take, and so how long a challenge is kept. */
export const PASSKEY_TIMEOUT_MS = 5 * 60_000;

/** The RP ID of an origin: its host name. */
export const rpIdOf = (origin: string) => new URL(origin).hostname;

/** The challenge a browser's answer signed, from its clientDataJSON; undefined for what is no such answer. */
export function challengeOf(response: unknown): string | undefined {
  const data = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  if (typeof data !== 'string' || !isoBase64URL.isBase64URL(data)) return undefined;
  try {
    const challenge = (JSON.parse(isoBase64URL.toUTF8String(data)) as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** The credential id an answer names. */
export function credentialOf(response: unknown): string | undefined {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 1024 ? id : undefined;
}

export function registrationOptions(shopName: string, origin: string, member: MemberRecord, existing: PasskeyRecord[]) {
  return generateRegistrationOptions({
    rpName: shopName,
    rpID: rpIdOf(origin),
    userName: member.name ?? member.role,
    userID: new TextEncoder().encode(member.id),
    timeout: PASSKEY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

/** The new passkey's facts, or why it cannot be added. */
export async function verifyRegistration(
  response: unknown,
  expected: { challenge: string; origin: string },
): Promise<{ ok: true; id: string; publicKey: string; counter: number; transports: string[] } | { ok: false; why: string }> {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: rpIdOf(expected.origin),
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, why: 'not verified' };
    const { id, publicKey, counter, transports } = result.registrationInfo.credential;
    return { ok: true, id, publicKey: isoBase64URL.fromBuffer(publicKey), counter, transports: transports ?? [] };
  } catch (error) {
    return { ok: false, why: (error as Error)?.message ?? 'not verified' };
  }
}

export function signInOptions(origin: string) {
  // No allowCredentials: the browser offers the passkeys it holds for this RP ID (discoverable credentials).
  return generateAuthenticationOptions({ rpID: rpIdOf(origin), timeout: PASSKEY_TIMEOUT_MS, userVerification: 'required' });
}

/** The passkey's new counter once the answer verifies, or why it does not. */
export async function verifySignIn(
  response: unknown,
  expected: { challenge: string; origin: string; passkey: PasskeyRecord },
): Promise<{ ok: true; counter: number } | { ok: false; why: string }> {
  const { passkey } = expected;
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: rpIdOf(expected.origin),
      credential: { id: passkey.id, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransportFuture[] },
      requireUserVerification: true,
    });
    return result.verified ? { ok: true, counter: result.authenticationInfo.newCounter } : { ok: false, why: 'not verified' };
  } catch (error) {
    return { ok: false, why: (error as Error)?.message ?? 'not verified' };
  }
}

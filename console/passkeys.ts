/**
 * Passkeys, through @simplewebauthn/browser (the proxy uses its server half): loaded only when a passkey is offered,
 * so Today's first load does not carry it.
 */
import type { Me } from '../contract/console.ts';
import type { ConsoleApi } from './api.ts';

export const passkeysSupported = () => typeof window.PublicKeyCredential === 'function';

const library = () => import('@simplewebauthn/browser');

/** Starts loading the library while the seller reads the offer, so the tap finds it ready. */
export const preloadPasskeys = () => void library().catch(() => {});

/** The seller closed the browser's prompt, or it timed out: nothing went wrong. */
export const cancelled = (error: unknown) => error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');

export async function addPasskey(api: ConsoleApi): Promise<void> {
  const [{ startRegistration }, options] = await Promise.all([library(), api.passkeyOptions()]);
  await api.addPasskey(await startRegistration({ optionsJSON: options as never }));
}

export async function signInWithPasskey(api: ConsoleApi): Promise<Me> {
  const [{ startAuthentication }, options] = await Promise.all([library(), api.passkeySignInOptions()]);
  return api.passkeySignIn(await startAuthentication({ optionsJSON: options as never }));
}

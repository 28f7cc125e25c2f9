/**
 * The seller's console as its page drives it, through `app.request()` or over HTTP: invites made with a merchant
 * token (as `maemanee-pay console` does), a sign-in that keeps the session cookie, and calls that carry it from the
 * console's own origin.
 */
import assert from 'node:assert/strict';
import type { Invite, Role } from '../../contract/console.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call, type Target } from './flow.ts';
import { LIVE_ENV } from './sandbox-app.ts';

export const CONSOLE_URL = 'https://pay.example.com';
export const CONSOLE_ENV = { ...LIVE_ENV, MAEMANEE_PUBLIC_URL: CONSOLE_URL };

/** The token of a sign-in link (`…/console/#/signin/<token>`). */
export const tokenOf = (invite: Invite) => invite.url.slice(invite.url.indexOf('#/signin/') + '#/signin/'.length);

/** The cookie a response set, as a browser sends it back (`name=value`), and its attributes. */
export function cookieOf(headers: Headers): { cookie: string; attributes: string[] } {
  const set = headers.get('set-cookie');
  assert.ok(set, 'a Set-Cookie header');
  const [cookie, ...attributes] = set.split(';').map((part) => part.trim());
  return { cookie, attributes };
}

export function consoleClient(target: Target, { origin = CONSOLE_URL, secret = LIVE_ENV.MAEMANEE_SECRET } = {}) {
  /** A call of the console's page: its cookie, from its own origin (for a call that changes something), JSON as JSON. */
  const api = (cookie: string | undefined, path: string, init: Parameters<typeof call>[2] = {}) =>
    call(target, path, {
      ...init,
      headers: { origin, ...(cookie ? { cookie } : {}), ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    });

  return {
    api,
    async invite(role: Role = 'owner', name?: string): Promise<Invite> {
      const res = await call(target, '/v1/console/invites', { method: 'POST', json: { role, ...(name ? { name } : {}) }, token: await signMerchantToken(secret) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    /** Signs in with an invite as the page at its URL would; the session's cookie. */
    async signIn(invite: Invite, headers: Record<string, string> = {}) {
      const res = await api(undefined, '/console/api/session', { method: 'POST', json: { invite: tokenOf(invite) }, headers });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { ...cookieOf(res.headers), me: res.body };
    },
  };
}

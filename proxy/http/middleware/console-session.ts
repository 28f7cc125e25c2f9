/**
 * The console's gate, in the order it runs: a state-changing call from another origin is refused before anything
 * else; the session cookie names the member, whom it puts on the context (as hono/jwt puts a token's claims); then a
 * route that needs a session refuses a call without one, and a staff session anything but `STAFF_ROUTES`. The cookie
 * is the only key: a merchant token opens nothing here.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { STAFF_ROUTES } from '../../../contract/console.ts';
import { loopback } from '../../loopback.ts';
import type { ProxyConfig } from '../../config.ts';
import type { AccessService, ConsoleSession, SignedIn } from '../../console/access.ts';
import { ApiError } from '../../errors.ts';
import type { ConsoleEnv } from '../context.ts';

export const SESSION_COOKIE = 'maemanee_console';
/** The browser keeps the cookie this long; the session itself ends 30 days after its last use, or when revoked. */
const COOKIE_MAX_AGE_S = 400 * 86_400;

/**
 * Where the cookie lives: the console's path on its public base (MAEMANEE_PUBLIC_URL, else the base the session's
 * invite was made through), `Secure` unless that base is plain http on this machine.
 */
function cookieScope(config: ProxyConfig, base: string) {
  const url = new URL(config.publicUrl ?? base);
  return { path: `${url.pathname.replace(/\/+$/, '')}/console`, secure: !(url.protocol === 'http:' && loopback(url.hostname)) };
}

export function setSessionCookie(c: Context, config: ProxyConfig, signed: SignedIn): void {
  setCookie(c, SESSION_COOKIE, signed.secret, { httpOnly: true, sameSite: 'Strict', maxAge: COOKIE_MAX_AGE_S, ...cookieScope(config, signed.session.base) });
}

/**
 * Clears the cookie: that of `session`, or, with none (a cookie whose session is over), the one this request carried,
 * on the console's path it came through.
 */
export function clearSessionCookie(c: Context, config: ProxyConfig, session?: ConsoleSession): void {
  const base = session?.session.base ?? new URL(c.req.url).origin + c.req.path.slice(0, c.req.path.indexOf('/console/api/'));
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', ...cookieScope(config, base) });
}

/** Whether the request carries a session cookie at all (live or not). */
export const hasSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE) !== undefined;

/**
 * Refuses a call other than GET and HEAD unless its Origin is the console's own (or, with no Origin, the browser says
 * `Sec-Fetch-Site: same-origin`): a page elsewhere cannot make a signed-in browser act. The console's origins are
 * its public base's, never the request's Host.
 */
export const consoleOrigin = (access: AccessService) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const origin = c.req.header('origin');
    const own = origin !== undefined ? await access.isConsoleOrigin(origin) : c.req.header('sec-fetch-site') === 'same-origin';
    if (!own) throw new ApiError(403, 'origin_not_allowed', "The console's changes are made from the console's own page only");
    // Its page sends JSON as JSON: a body of a type a form or a plain cross-site request may send is not one of its
    // calls (a layer beside the origin and SameSite=Strict, which hold on their own).
    // (A body with no type at all is refused where it is read.)
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== '' && type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', "The console's calls send application/json", { Connection: 'close' });
    }
    return next();
  });

/** The live session the cookie names, if any, on the context as `console`. */
export const consoleSession = (access: AccessService) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const session = secret === undefined ? undefined : await access.session(secret);
    if (session) c.set('console', session);
    return next();
  });

/** The path of a console API call as `STAFF_ROUTES` names it, wherever the proxy is mounted. */
const apiPath = (c: Context) => c.req.path.slice(c.req.path.indexOf('/console/api/'));

/** A session, and a role that may make this call: staff only `STAFF_ROUTES`, the owner all. */
export const consoleMember = () =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const session = c.get('console');
    if (!session) throw new ApiError(401, 'session_required', 'Sign in to the console first: open a sign-in link, or use your passkey');
    if (session.member.role !== 'owner' && !(STAFF_ROUTES as readonly string[]).includes(`${c.req.method} ${apiPath(c)}`)) {
      throw new ApiError(403, 'forbidden', "Staff see today's payments only; the owner can do this");
    }
    return next();
  });

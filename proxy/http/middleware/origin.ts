/**
 * Which browser origins may use the proxy. A disallowed origin is refused with 403 before anything else runs: CORS
 * alone would let a simple request through to the upstream and only hide the answer from the page.
 */
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { ProxyConfig } from '../../config.ts';
import { errorBody } from '../../errors.ts';
import type { AppEnv } from '../context.ts';

export function originPolicy(config: ProxyConfig) {
  // Only configured origins: the request's own Host is the client's to forge (DNS rebinding), so a same-origin
  // deployment names its own origin in MAEMANEE_ALLOWED_ORIGINS.
  const allowed = (origin: string) => config.allowedOrigins === '*' || config.allowedOrigins.includes(origin);
  const headers = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 7200,
  });
  // A call without an Origin header (a server, curl, a same-origin GET) has nothing to allow or refuse, and no CORS
  // headers to receive; skipping both is a measurable part of a poll's cost.
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    if (!allowed(origin)) return c.json(errorBody('origin_not_allowed', 'This origin may not use this payment proxy'), 403);
    return headers(c, next);
  });
}

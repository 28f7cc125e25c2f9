/**
 * Which browser origins may use the proxy. A disallowed origin is refused with 403 before anything else runs: CORS
 * alone would let a simple request through to the upstream and only hide the answer from the page.
 */
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { ProxyConfig } from '../../config.ts';
import { errorBody } from '../../errors.ts';
import type { Log } from '../../log.ts';
import type { AppEnv } from '../context.ts';

const EXPOSE = 'Retry-After, X-Request-Id';

export function originPolicy(config: ProxyConfig, log: Log) {
  // Only configured origins: the request's own Host is the client's to forge (DNS rebinding), so a same-origin
  // deployment names its own origin in MAEMANEE_ALLOWED_ORIGINS.
  const allowed = (origin: string) => config.allowedOrigins === '*' || config.allowedOrigins.includes(origin);
  const preflight = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: EXPOSE.split(', '),
    maxAge: 7200,
  });
  // A call without an Origin header (a server, curl, a same-origin GET) has nothing to allow or refuse, and no CORS
  // headers to receive; skipping both is a measurable part of a poll's cost.
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    if (!allowed(origin)) {
      // The page may read this refusal (and nothing else): a shop whose own origin is missing from the list sees why,
      // not a network error.
      log({ level: 'warn', msg: 'origin_refused', origin: origin.slice(0, 200), path: c.req.path });
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      return c.json(errorBody('origin_not_allowed', `This origin may not use this payment proxy: add ${origin.slice(0, 200)} to MAEMANEE_ALLOWED_ORIGINS`), 403);
    }
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    // Set before the route answers, not after as Hono's cors does: a header added to a finished response makes Node's
    // adapter build the response again and read its body back through a stream, a third of a browser's poll.
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSE);
    c.header('Vary', 'Origin');
    return next();
  });
}

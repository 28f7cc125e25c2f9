/**
 * The Cloudflare Workers entry. The app is built on the first request an isolate serves and kept, with its
 * in-memory state (paid bills, confirms in flight, orders), for the isolate's life: bindings only change with a new
 * deployment, which starts new isolates. A configuration error answers 500 with the reason logged, rather than
 * running in a mode nobody chose.
 */
import type { ExecutionContext } from 'hono';
import { ConfigError, describeMode, loadConfig } from '../config.ts';
import { createProxy, type Proxy } from '../create-proxy.ts';
import { errorBody } from '../errors.ts';
import { jsonLog } from '../http/context.ts';
import { cloudflareRateLimiter, type CloudflareRateLimitBinding } from '../http/rate-limit.ts';

interface Bindings extends Record<string, unknown> {
  RATE_LIMITER?: CloudflareRateLimitBinding;
}

let built: Promise<Proxy> | undefined;

function appFor(env: Bindings): Promise<Proxy> {
  if (built) return built;
  const config = loadConfig(env, 'workers');
  jsonLog({ level: 'info', msg: describeMode(config) });
  built = createProxy(config, {
    connectionIp: (c) => c.req.header('cf-connecting-ip'),
    rateLimiter: env.RATE_LIMITER ? cloudflareRateLimiter(env.RATE_LIMITER, config.rateLimit.windowSeconds) : undefined,
  });
  return built;
}

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    try {
      return (await appFor(env)).fetch(request, env, ctx);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`maemanee-pay proxy: misconfigured: ${error.message}`);
      return Response.json(errorBody('misconfigured', 'The payment proxy is not configured; see its logs'), { status: 500 });
    }
  },
};


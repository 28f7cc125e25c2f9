/**
 * The Cloudflare Workers entry. The app is built on the first request an isolate serves and kept for the isolate's
 * life: bindings only change with a new deployment, which starts new isolates. Money facts live in the LEDGER
 * Durable Objects (one per bill, per order, and a feed), never in the isolate. A configuration error answers 500 with the reason logged, rather than
 * running in a mode nobody chose.
 */
import type { ExecutionContext } from 'hono';
import { ConfigError, describeMode, loadConfig } from '../config.ts';
import { createProxy, type Proxy } from '../create-proxy.ts';
import { errorBody } from '../errors.ts';
import { jsonLog } from '../log.ts';
import { cloudflareRateLimiter, type CloudflareRateLimitBinding } from '../http/rate-limit.ts';
import { durableLedger, LedgerObject, type LedgerNamespace, type LedgerStub } from '../ledger/durable-object.ts';
import type { Ledger } from '../ledger/ledger.ts';
// The element's CDN build and the pay pages' script, bundled: `npm run build` makes them before the Worker.
import element from '../../dist/maemanee-pay.js?raw';
import pageScript from '../../dist/pay-page.js?raw';

interface Bindings extends Record<string, unknown> {
  RATE_LIMITER?: CloudflareRateLimitBinding;
  LEDGER?: LedgerNamespace;
}

function build(env: Bindings, ledger: Ledger): Promise<Proxy> {
  const config = loadConfig(env, 'workers');
  return createProxy(config, {
    ledger,
    shareSandbox: true,
    element: async () => element,
    pageScript: async () => pageScript,
    // The console's files, bundled in a chunk of their own, read when the console is first asked for: an isolate that
    // only takes payments never parses them.
    consoleApp: async () => (await import('../../dist/console.json?raw')).default,
    connectionIp: (c) => c.req.header('cf-connecting-ip'),
    rateLimiter: env.RATE_LIMITER ? cloudflareRateLimiter(env.RATE_LIMITER, config.rateLimit.windowSeconds) : undefined,
  });
}

let built: Promise<Proxy> | undefined;

function appFor(env: Bindings): Promise<Proxy> {
  if (built) return built;
  if (!env.LEDGER) throw new ConfigError('the LEDGER Durable Object binding is missing: see wrangler.toml');
  jsonLog({ level: 'info', msg: describeMode(loadConfig(env, 'workers')) });
  built = build(env, durableLedger(env.LEDGER));
  return built;
}

/** The ledger's Durable Objects; a bill's alarm runs the proxy's own check and webhook delivery for that bill. */
export class LedgerDurableObject extends LedgerObject<Bindings> {
  private proxy?: Promise<Proxy>;

  protected objectNamed(name: string): LedgerStub {
    return this.env.LEDGER!.get(this.env.LEDGER!.idFromName(name));
  }

  protected async runDue(): Promise<void> {
    this.proxy ??= build(this.env, this.ledger);
    await (await this.proxy).payments.runDue();
  }
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

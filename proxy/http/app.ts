/**
 * The proxy's HTTP API as one runtime-agnostic Hono app: the middleware in the order it must run, and the routes.
 * Entries (Workers, Node) build it with `createApp` and hand it what only they know: the connection's IP, where logs
 * go, a rate limiter.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ProxyConfig } from '../config.ts';
import { errorBody } from '../errors.ts';
import type { LinksService } from '../links/links.ts';
import type { PaymentsService } from '../payments/payments.ts';
import type { AppEnv } from './context.ts';
import { jsonLog, type Log } from '../log.ts';
import { bodySize } from './middleware/body-size.ts';
import { clientIp, type ConnectionIp } from './middleware/client-ip.ts';
import { originPolicy } from './middleware/origin.ts';
import { requestLog } from './middleware/request-log.ts';
import { onError } from './on-error.ts';
import { memoryRateLimiter, type RateLimiter } from './rate-limit.ts';
import { consoleAppRoutes, type ConsoleAppSource } from './routes/console-app.ts';
import { elementRoutes, type ElementSource } from './routes/element.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { iconRoutes } from './routes/icon.ts';
import { linkRoutes } from './routes/links.ts';
import { payPageRoutes } from './routes/pay-page.ts';
import { paymentRoutes } from './routes/payments.ts';
import { consoleRoutes } from './routes/console.ts';
import { consoleInviteRoutes } from './routes/console-invites.ts';
import type { AccessService } from '../console/access.ts';
import { createConsoleService } from '../console/console-service.ts';

export interface AppOptions {
  config: ProxyConfig;
  payments: PaymentsService;
  links: LinksService;
  /** The console's access: its members, sessions, passkeys and audit list. */
  access: AccessService;
  /** The element's CDN build, which the proxy serves at `/maemanee-pay.js`; none: those routes answer 404. */
  element?: ElementSource;
  /** The pay pages' script (`pay-page/`), which the proxy serves at `/pay/page@<version>.js`; none: 404. */
  pageScript?: ElementSource;
  /** The seller's console's build, which the proxy serves at `/console/`; none: those routes answer 404. */
  consoleApp?: ConsoleAppSource;
  /** Sandbox mode only: the simulator's control routes, mounted at `/sandbox`. */
  sandboxRoutes?: Hono;
  /** The peer address of the connection, as the runtime reports it. */
  connectionIp?: ConnectionIp;
  rateLimiter?: RateLimiter;
  log?: Log;
  now?: () => number;
}

const BODY_LIMIT_BYTES = 4096;
/** A link's 20 items with names of 100 Thai characters (3 bytes each in UTF-8) need more. */
const LINK_BODY_LIMIT_BYTES = 16_384;

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? jsonLog;
  const { payments, links, access } = options;
  /** A per-client limiter of the configured size: the shared binding on Workers, else this instance's memory. */
  const limiter = () => options.rateLimiter ?? memoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowSeconds, now);

  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(requestLog(log, now));
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  // Who may call the API from a browser; the element's file and the pay pages are public (not a shop link's checkout).
  app.use('/v1/*', originPolicy(config, log));
  app.use('/sandbox/*', originPolicy(config, log));
  // A shop link's checkout holds a place: only the link's own page (its origin is allowed) may post one from a browser.
  app.use('/pay/:id/checkout', originPolicy(config, log));
  app.use(bodySize((path) => (path.endsWith('/v1/links') || path.endsWith('/console/api/links') ? LINK_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES)));
  app.use(clientIp(config, options.connectionIp));
  app.onError(onError(log));
  app.notFound((c) => c.json(errorBody('not_found', 'No such route'), 404));

  // Bills, and a shop link's orders (each holds a place), counted together per client.
  const createLimiter = limiter();
  app.route('/health', healthRoutes(config, payments, log));
  app.route('/v1/payments', paymentRoutes({
    config,
    payments,
    links,
    createLimiter,
    // In each instance's memory: the ledger already holds the upstream to one confirm per bill per 2 s everywhere.
    checkLimiter: {
      perPayment: memoryRateLimiter(config.checkLimit.perPayment, 60, now),
      perClient: memoryRateLimiter(config.checkLimit.perClient, 60, now),
    },
  }));
  app.route('/v1/events', eventRoutes({ config, payments }));
  app.route('/v1/links', linkRoutes({ config, links }));
  app.route('/pay', payPageRoutes({ config, links, script: options.pageScript, createLimiter }));
  app.route('/v1/console/invites', consoleInviteRoutes({ config, access }));
  app.route(
    '/console/api',
    consoleRoutes({
      config,
      access,
      console: createConsoleService({ config, payments, links, access, log, now }),
      payments,
      links,
      signInLimiter: limiter(),
    }),
  );
  app.route('/', elementRoutes(options.element ?? (async () => undefined)));
  app.route('/', consoleAppRoutes(options.consoleApp ?? (async () => undefined)));
  app.route('/', iconRoutes());
  if (options.sandboxRoutes) app.route('/sandbox', options.sandboxRoutes);
  return app;
}

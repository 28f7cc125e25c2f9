/**
 * Wires a configuration to an upstream (the real hosts, or the in-process simulator), the ledger the runtime opened,
 * and the payments service, and returns the app. The simulator is imported only in sandbox mode, so a live
 * deployment does not load it.
 */
import type { Hono } from 'hono';
import type { InProcessSandbox } from '../sandbox/in-process.ts';
import type { ProxyConfig } from './config.ts';
import { createApp, type AppOptions } from './http/app.ts';
import type { AppEnv } from './http/context.ts';
import { jsonLog } from './log.ts';
import type { Ledger } from './ledger/ledger.ts';
import { createAccessService } from './console/access-service.ts';
import { createLinksService } from './links/service.ts';
import type { PaymentsService } from './payments/payments.ts';
import { createPaymentsService } from './payments/service.ts';
import { createUpstream, type Upstream } from './upstream/client.ts';

export interface ProxyOptions extends Omit<AppOptions, 'config' | 'payments' | 'links' | 'access' | 'sandboxRoutes'> {
  ledger: Ledger;
  /** For webhook deliveries. */
  fetch?: typeof fetch;
  /** Told when work became due now (a webhook to send): the runtime's scheduler runs it. */
  wake?: () => void;
  /**
   * Sandbox mode: one simulator for every proxy built in this isolate. On Workers the app and the ledger's objects
   * (whose alarms check bills) are built apart, and must see the same simulated bills.
   */
  shareSandbox?: boolean;
}

/** The app, with the payments service that the runtime's scheduler (the reconciler, a bill's alarm) runs. */
export type Proxy = Hono<AppEnv> & { payments: PaymentsService };

export async function createProxy(config: ProxyConfig, options: ProxyOptions): Promise<Proxy> {
  const log = options.log ?? jsonLog;
  const onFault = (event: Record<string, unknown>) => log({ level: 'warn', msg: 'upstream_attempt_failed', ...event });
  let upstream: Upstream;
  let sandbox: InProcessSandbox | undefined;
  if (config.mode === 'sandbox') {
    const { inProcessSandbox } = await import('../sandbox/in-process.ts');
    sandbox = inProcessSandbox({ windowSeconds: config.sandboxWindowSeconds, timeoutMs: config.upstreamTimeoutMs, onFault, shared: options.shareSandbox });
    upstream = sandbox.upstream;
  } else {
    upstream = createUpstream({ urls: config.upstreamUrls, ...config.credentials!, timeoutMs: config.upstreamTimeoutMs, onFault });
  }
  const payments = createPaymentsService({ config, upstream, ledger: options.ledger, log, now: options.now, fetch: options.fetch, wake: options.wake });
  const links = createLinksService({ config, ledger: options.ledger, now: options.now });
  const access = createAccessService({ config, ledger: options.ledger, now: options.now });
  const sandboxRoutes = sandbox?.routes((id) => payments.expireNow(id));
  return Object.assign(createApp({ ...options, log, config, payments, links, access, sandboxRoutes }), { payments });
}

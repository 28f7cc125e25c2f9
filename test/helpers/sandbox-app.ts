/**
 * The proxy app over an in-process simulator, with every upstream call recorded, for tests that must show that bad
 * input never reached the upstream, and what the upstream was told.
 */
import { loadConfig } from '../../proxy/config.ts';
import { createApp, type AppOptions } from '../../proxy/http/app.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { startReconciler } from '../../proxy/payments/reconciler.ts';
import type { Schedule } from '../../proxy/payments/schedule.ts';
import { createLinksService } from '../../proxy/links/service.ts';
import { createAccessService } from '../../proxy/console/access-service.ts';
import { createPaymentsService } from '../../proxy/payments/service.ts';
import { createSimulatorHost, Simulator } from '../../sandbox/index.ts';
import { sandboxControlRoutes } from '../../sandbox/control-routes.ts';
import { createUpstream } from '../../proxy/upstream/client.ts';
import type { TestClock } from './clock.ts';
import { inProcess } from './flow.ts';

export const LIVE_ENV = {
  TMWEASY_USER: 'merchant-7',
  TMWEASY_PASSWORD: 'pw-CANARY-51f0c2',
  TMWEASY_CON_ID: '7305190042',
  MAEMANEE_SECRET: 'secret-CANARY-8d41e7a9c3b2f6e0d5a4-c1b8',
  MAEMANEE_UPSTREAM: 'https://upstream.test/api_mn.php',
  MAEMANEE_WEBHOOK_SECRET: 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm',
};

export interface RecordedOptions extends Partial<Omit<AppOptions, 'config' | 'payments' | 'links'>> {
  /** Shorter webhook retries or checks than the configuration allows, for tests. */
  schedule?: Partial<Schedule>;
  fetch?: typeof fetch;
  /** How often the proxy's own checks and deliveries run. */
  reconcileIntervalMs?: number;
  /** The proxy's and the simulator's time, for a test that moves it on instead of waiting (test/helpers/clock.ts). */
  clock?: TestClock;
}

/**
 * The proxy over an in-process simulator, with a ledger in an in-memory SQLite database and the reconciler running,
 * as the Node entry wires them. `stop()` ends the reconciler.
 */
export async function recordedApp(env: Record<string, string> = LIVE_ENV, { clock, ...options }: RecordedOptions = {}) {
  const config = loadConfig(env, 'node');
  // The flows pay a bill right after checking it; tests of the upstream economy set the gap back.
  config.schedule = { ...config.schedule, checkGapMs: 0, ...options.schedule };
  const simulator = new Simulator(
    config.credentials ? { ...config.credentials } : undefined,
    { windowSeconds: config.sandboxWindowSeconds },
    clock?.now,
  );
  const host = createSimulatorHost(simulator);
  const calls: URLSearchParams[] = [];
  const logs: string[] = [];
  const log = (e: Record<string, unknown>) => logs.push(JSON.stringify(e));
  const upstream = createUpstream({
    urls: ['http://upstream.test/api_mn.php'],
    ...(config.credentials ?? simulator.credentials),
    timeoutMs: config.upstreamTimeoutMs,
    fetch: async (input) => {
      const url = new URL(String(input));
      calls.push(url.searchParams);
      return host.app.request(url.pathname + url.search);
    },
    onFault: (e) => logs.push(JSON.stringify(e)),
  });
  const ledger = await openSqliteLedger(':memory:');
  let wake = () => {};
  const payments = createPaymentsService({ config, upstream, ledger, log, now: clock?.now, fetch: options.fetch, wake: () => wake() });
  const reconciler = startReconciler(payments, log, options.reconcileIntervalMs ?? 20);
  wake = reconciler.wake;
  const app = createApp({
    config,
    payments,
    links: createLinksService({ config, ledger, now: clock?.now }),
    access: createAccessService({ config, ledger, now: clock?.now }),
    sandboxRoutes: sandboxControlRoutes(simulator, host.setFault, (id) => payments.expireNow(id)),
    connectionIp: () => '198.51.100.7',
    log,
    now: clock?.now,
    ...options,
  });
  return {
    app,
    target: inProcess(app),
    simulator,
    host,
    calls,
    logs,
    config,
    ledger,
    upstream,
    payments,
    stop: () => reconciler.stop(),
    methods: () => calls.map((c) => c.get('method')),
  };
}

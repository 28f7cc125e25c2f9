/**
 * The proxy app over an in-process simulator, with every upstream call recorded, for tests that must show that bad
 * input never reached the upstream, and what the upstream was told.
 */
import { createApp, type AppOptions } from '../../proxy/http/app.ts';
import { loadConfig } from '../../proxy/config.ts';
import { createSimulatorHost, Simulator } from '../../proxy/sandbox/index.ts';
import { sandboxControlRoutes } from '../../proxy/sandbox/control-routes.ts';
import { createUpstream } from '../../proxy/upstream/client.ts';
import { inProcess } from './flow.ts';

export const LIVE_ENV = {
  TMWEASY_USER: 'merchant-7',
  TMWEASY_PASSWORD: 'pw-CANARY-51f0c2',
  TMWEASY_CON_ID: '7305190042',
  MAEMANEE_SECRET: 'secret-CANARY-8d41e7a9c3b2f6e0d5a4-c1b8',
  MAEMANEE_UPSTREAM: 'http://upstream.test/api_mn.php',
};

export function recordedApp(env: Record<string, string> = LIVE_ENV, options: Partial<AppOptions> = {}) {
  const config = loadConfig(env, 'node');
  const simulator = new Simulator(
    config.credentials ? { ...config.credentials } : undefined,
    { windowSeconds: config.sandboxWindowSeconds },
  );
  const host = createSimulatorHost(simulator);
  const calls: URLSearchParams[] = [];
  const logs: string[] = [];
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
  const app = createApp({
    config,
    upstream,
    sandboxRoutes: sandboxControlRoutes(simulator, host.setFault),
    connectionIp: () => '198.51.100.7',
    log: (e) => logs.push(JSON.stringify(e)),
    ...options,
  });
  return { app, target: inProcess(app), simulator, host, calls, logs, config, methods: () => calls.map((c) => c.get('method')) };
}

/** Wires a configuration to an upstream (the real hosts, or the in-process simulator) and returns the app. */
import { createApp, jsonLog, type AppOptions } from './app.ts';
import type { ProxyConfig } from './config.ts';
import { createSimulatorHost, SANDBOX_CREDENTIALS, Simulator } from './simulator.ts';
import { createUpstream } from './upstream.ts';

export type ProxyOptions = Omit<AppOptions, 'config' | 'upstream' | 'sandbox'>;

/** Where the in-process simulator is "reached": the request never leaves the process. */
const SANDBOX_URL = 'http://sandbox.invalid/api_mn.php';

export function createProxy(config: ProxyConfig, options: ProxyOptions = {}) {
  const log = options.log ?? jsonLog;
  const onFault = (event: Record<string, unknown>) => log({ level: 'warn', msg: 'upstream_attempt_failed', ...event });
  if (config.mode === 'sandbox') {
    const simulator = new Simulator(SANDBOX_CREDENTIALS, { windowSeconds: config.sandboxWindowSeconds });
    const host = createSimulatorHost(simulator);
    const upstream = createUpstream({
      urls: [SANDBOX_URL],
      ...SANDBOX_CREDENTIALS,
      timeoutMs: config.upstreamTimeoutMs,
      fetch: async (input, init) => host.app.fetch(new Request(input, init)),
      onFault,
    });
    return createApp({ ...options, log, config, upstream, sandbox: { simulator, host } });
  }
  const upstream = createUpstream({ urls: config.upstreamUrls, ...config.credentials!, timeoutMs: config.upstreamTimeoutMs, onFault });
  return createApp({ ...options, log, config, upstream });
}

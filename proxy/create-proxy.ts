/**
 * Wires a configuration to an upstream (the real hosts, or the in-process simulator) and returns the app. The
 * simulator is imported only in sandbox mode, so a live deployment does not load it.
 */
import type { ProxyConfig } from './config.ts';
import { createApp, type AppOptions } from './http/app.ts';
import { jsonLog } from './http/context.ts';
import { createUpstream } from './upstream/client.ts';

export type ProxyOptions = Omit<AppOptions, 'config' | 'upstream' | 'sandboxRoutes'>;
export type Proxy = ReturnType<typeof createApp>;

export async function createProxy(config: ProxyConfig, options: ProxyOptions = {}): Promise<Proxy> {
  const log = options.log ?? jsonLog;
  const onFault = (event: Record<string, unknown>) => log({ level: 'warn', msg: 'upstream_attempt_failed', ...event });
  if (config.mode === 'sandbox') {
    const { inProcessSandbox } = await import('./sandbox/in-process.ts');
    const sandbox = inProcessSandbox({ windowSeconds: config.sandboxWindowSeconds, timeoutMs: config.upstreamTimeoutMs, onFault });
    return createApp({ ...options, log, config, upstream: sandbox.upstream, sandboxRoutes: sandbox.routes });
  }
  const upstream = createUpstream({ urls: config.upstreamUrls, ...config.credentials!, timeoutMs: config.upstreamTimeoutMs, onFault });
  return createApp({ ...options, log, config, upstream });
}

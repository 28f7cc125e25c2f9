/** Starts the proxy on Node: configuration from an environment, the client IP from the socket. */
import { getConnInfo } from '@hono/node-server/conninfo';
import { jsonLog } from './app.ts';
import { loadConfig, describeMode, type Env } from './config.ts';
import { listen, type Listening } from './node-listen.ts';
import { createProxy, type ProxyOptions } from './proxy.ts';

export async function startNodeProxy(
  env: Env,
  port: number,
  options: ProxyOptions & { hostname?: string } = {},
): Promise<Listening & { app: ReturnType<typeof createProxy> }> {
  const config = loadConfig(env, 'node');
  const log = options.log ?? jsonLog;
  log({ level: 'info', msg: describeMode(config) });
  const app = createProxy(config, { connectionIp: (c) => getConnInfo(c).remote.address, ...options, log });
  return { ...(await listen(app.fetch, port, options.hostname)), app };
}

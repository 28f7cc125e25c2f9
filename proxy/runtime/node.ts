/** Starts the proxy on Node: configuration from an environment, the client IP from the socket. */
import { getConnInfo } from '@hono/node-server/conninfo';
import { loadConfig, describeMode, type Env } from '../config.ts';
import { createProxy, type Proxy, type ProxyOptions } from '../create-proxy.ts';
import { jsonLog } from '../http/context.ts';
import { listen, type Listening } from './node-listen.ts';

export async function startNodeProxy(
  env: Env,
  port: number,
  options: ProxyOptions & { hostname?: string } = {},
): Promise<Listening & { app: Proxy }> {
  const config = loadConfig(env, 'node');
  const log = options.log ?? jsonLog;
  log({ level: 'info', msg: describeMode(config) });
  const app = await createProxy(config, { connectionIp: (c) => getConnInfo(c).remote.address, ...options, log });
  return { ...(await listen(app.fetch, port, options.hostname)), app };
}

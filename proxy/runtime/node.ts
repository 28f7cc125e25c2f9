/**
 * Starts the proxy on Node: configuration from an environment, the ledger in an SQLite file or a PostgreSQL database
 * (MAEMANEE_DB), the
 * reconciler that checks pending bills and sends webhooks on its own, the client IP from the socket, and text answers
 * compressed for clients that accept it.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { loadConfig, describeMode, type Env } from '../config.ts';
import { createProxy, type Proxy, type ProxyOptions } from '../create-proxy.ts';
import { openNodeLedger } from './node-ledger.ts';
import { startReconciler } from '../payments/reconciler.ts';
import { readConsoleBuild, readElementBuild, readPageScriptBuild } from './build-files.ts';
import { compressed } from './node-compress.ts';
import { listen, type Listening, type SlowClientLimits } from './node-listen.ts';
import { stdoutLog } from './node-log.ts';

export async function startNodeProxy(
  env: Env,
  port: number,
  options: Partial<ProxyOptions> &
    SlowClientLimits & {
      hostname?: string;
      reconcileIntervalMs?: number;
      /** How long the start waits while another process holds the ledger file, or for its database (default 30 s). */
      ledgerStartWaitMs?: number;
    } = {},
): Promise<Listening & { app: Proxy }> {
  const config = loadConfig(env, 'node');
  const log = options.log ?? stdoutLog();
  log({ level: 'info', msg: describeMode(config) });
  // The port first, so that a proxy that cannot listen (a port in use) makes no ledger; what arrives before the
  // ledger is open waits for it, so nothing is served without it.
  let serve: (app: Proxy) => void = () => {};
  const ready = new Promise<Proxy>((resolve) => (serve = resolve));
  // Workers compress at Cloudflare's edge; on Node the entry does.
  const server = await listen(compressed(async (request, bindings) => (await ready).fetch(request, bindings)), port, options.hostname, options);
  let opened: Awaited<ReturnType<typeof openNodeLedger>> | undefined;
  let wake = () => {};
  let app: Proxy;
  try {
    opened = options.ledger ? undefined : await openNodeLedger(config.db, { log, startWaitMs: options.ledgerStartWaitMs });
    app = await createProxy(config, {
      connectionIp: (c) => getConnInfo(c).remote.address,
      element: readElementBuild,
      pageScript: readPageScriptBuild,
      consoleApp: readConsoleBuild,
      ...options,
      ledger: options.ledger ?? opened!,
      log,
      wake: () => wake(),
    });
  } catch (error) {
    await server.close();
    opened?.close();
    throw error;
  }
  serve(app);
  const reconciler = startReconciler(app.payments, log, options.reconcileIntervalMs);
  wake = reconciler.wake;
  reconciler.wake(); // whatever came due while the proxy was down
  return {
    ...server,
    app,
    close: async () => {
      reconciler.stop();
      await server.close();
      await opened?.close();
    },
  };
}

/**
 * For mounting the proxy in an existing Node app: `createProxy(config, { ledger: await openSqliteLedger(path) })` (or
 * `openPostgresLedger(url)`), then `startReconciler(app.payments, log)` so that the proxy checks bills and sends
 * webhooks on its own.
 */
export { openSqliteLedger } from '../ledger/libsql.ts';
export { openPostgresLedger } from '../ledger/postgres.ts';
export { startReconciler } from '../payments/reconciler.ts';

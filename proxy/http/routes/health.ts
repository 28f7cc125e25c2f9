/** `GET /health`: that the proxy serves, in which mode, and whether the upstream and the ledger work (503 if not). */
import { Hono } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import { healthOf } from '../../health.ts';
import type { Log } from '../../log.ts';
import type { PaymentsService } from '../../payments/payments.ts';
import type { AppEnv } from '../context.ts';

export const healthRoutes = (config: ProxyConfig, payments: PaymentsService, log: Log) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const body = await healthOf(config, payments, log);
    return c.json(body, body.ok ? 200 : 503);
  });

/** `GET /health`: that the proxy serves, and in which mode. */
import { Hono } from 'hono';
import type { Health } from '../../../contract/http.ts';
import type { ProxyConfig } from '../../config.ts';
import type { PaymentsService } from '../../payments/service.ts';
import type { AppEnv } from '../context.ts';

/** The proxy serves; `upstream` says `refusing` when the upstream keeps refusing what it should accept (credentials). */
export const healthRoutes = (config: ProxyConfig, payments: PaymentsService) =>
  new Hono<AppEnv>().get('/', (c) => c.json({ ok: true, mode: config.mode, upstream: payments.upstreamState() } satisfies Health));

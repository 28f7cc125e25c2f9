/** `GET /health`: that the proxy serves, and in which mode. */
import { Hono } from 'hono';
import type { Health } from '../../../contract/http.ts';
import type { ProxyConfig } from '../../config.ts';
import type { AppEnv } from '../context.ts';

export const healthRoutes = (config: ProxyConfig) =>
  new Hono<AppEnv>().get('/', (c) => c.json({ ok: true, mode: config.mode } satisfies Health));

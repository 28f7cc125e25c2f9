/**
 * The customer's IP, for the rate limit and for the upstream's confirm: from a trusted reverse proxy's header when
 * one is configured, else from the connection as the runtime reports it. Never from the request body.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ProxyConfig } from '../../config.ts';
import type { AppEnv } from '../context.ts';

export type ConnectionIp = (c: Context) => string | undefined;

export const clientIp = (config: ProxyConfig, connectionIp?: ConnectionIp) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const forwarded = config.trustedIpHeader ? c.req.header(config.trustedIpHeader)?.split(',').pop()?.trim() : undefined;
    c.set('clientIp', forwarded || connectionIp?.(c) || '0.0.0.0');
    await next();
  });

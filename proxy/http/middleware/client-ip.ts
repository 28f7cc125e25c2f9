/**
 * The customer's IP, for the rate limits and for the upstream's confirm: from a trusted reverse proxy's header when
 * one is configured and its value parses as an IP, else from the connection as the runtime reports it. Never from
 * the request body. `clientKey` is what the rate limits count by (an IPv6 /64 is one client).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ProxyConfig } from '../../config.ts';
import { clientKey, parseIp } from '../client-key.ts';
import type { AppEnv } from '../context.ts';

export type ConnectionIp = (c: Context) => string | undefined;

export const clientIp = (config: ProxyConfig, connectionIp?: ConnectionIp) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = config.trustedIpHeader ? c.req.header(config.trustedIpHeader)?.split(',').pop() : undefined;
    const forwarded = header === undefined ? undefined : parseIp(header);
    const connection = connectionIp?.(c);
    const ip = forwarded ?? (connection !== undefined ? parseIp(connection) : undefined) ?? '0.0.0.0';
    c.set('clientIp', ip);
    c.set('clientKey', clientKey(ip));
    await next();
  });

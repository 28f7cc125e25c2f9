/**
 * The merchant's calls (events, links, lookups) are authorised by a merchant token: an HS256 JWT of kind `merchant`
 * under MAEMANEE_SECRET that expires within five minutes. Never for browsers: the token is minted on the merchant's
 * server (or by the `maemanee-pay` command).
 */
import type { Context } from 'hono';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import { verifyMerchantToken } from '../tokens.ts';

export function merchantOnly(config: ProxyConfig) {
  return async (c: Context) => {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) throw new ApiError(401, 'token_required', 'This call needs a merchant token');
    await verifyMerchantToken(config.secret, header.slice(7).trim());
  };
}

/** Where the proxy is, as this request reached it: its URL up to the route's own path (it may be mounted under one). */
export const baseOf = (c: Context, routePath: string) => c.req.url.slice(0, c.req.url.indexOf(routePath));

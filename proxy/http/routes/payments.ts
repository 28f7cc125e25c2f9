/**
 * `/v1/payments`: create, read, confirm and cancel a payment with its payment token (the browser), and look up a
 * bill with a merchant token (the shop's server). The logic is the payments service's.
 */
import { Hono, type Context } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { linkOrderKey, type LinksService } from '../../links/links.ts';
import type { Caller, PaymentsService } from '../../payments/payments.ts';
import { tokenKind } from '../../../server-kit/tokens.ts';
import { verifyMerchantToken, verifyOrder, verifyPaymentToken, type PaymentClaims } from '../../tokens.ts';
import { baseOf, merchantOnly } from '../merchant.ts';
import type { AppEnv } from '../context.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { parseAmount, parseBrowserRef1, parseId, parseRef1, parseRefresh, parseStatus, readJsonBody, wholeQuery } from '../validate.ts';

export interface PaymentRoutesOptions {
  config: ProxyConfig;
  payments: PaymentsService;
  links: LinksService;
  createLimiter: RateLimiter;
  /** Counts reads, confirms and cancels by `pay:<id>` and by `client:<key>`. */
  checkLimiter: { perPayment: RateLimiter; perClient: RateLimiter };
}

export function paymentRoutes({ config, payments, links, createLimiter, checkLimiter }: PaymentRoutesOptions) {
  // The request's own base only in sandbox mode (for a bill's stand-in bill page): live mode never reads it here.
  const caller = (c: Context<AppEnv>): Caller => ({
    ip: c.get('clientIp'),
    rid: c.get('requestId'),
    base: config.mode === 'sandbox' ? (config.publicUrl ?? baseOf(c, '/v1/payments')) : undefined,
  });

  /** The payment token from `Authorization: Bearer`, or from the body (which keeps a cross-origin POST simple). */
  async function authorise(c: Context<AppEnv>, body: Record<string, unknown> = {}): Promise<PaymentClaims> {
    const id = parseId(c.req.param('id') ?? '');
    await limited(checkLimiter.perClient, `client:${c.get('clientKey')}`, 'Too many checks from this address; wait a moment');
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : body.token;
    if (token === undefined) throw new ApiError(401, 'token_required', 'This call needs the payment token');
    const claims = await verifyPaymentToken(config.secret, token);
    // Sandbox and live never mix, even under one secret.
    if (claims.sandbox !== config.sandboxClaims) throw new ApiError(401, 'invalid_token', `This token is from ${claims.sandbox ? 'the sandbox' : 'a live proxy'}`);
    if (claims.id !== id) throw new ApiError(403, 'token_mismatch', 'This token belongs to another payment');
    await limited(checkLimiter.perPayment, `pay:${id}`, 'Too many checks of this payment; wait a moment');
    return claims;
  }

  async function limited(limiter: RateLimiter, key: string, message: string) {
    const limit = await limiter.limit(key);
    if (!limit.allowed) throw new ApiError(429, 'rate_limited', message, { 'Retry-After': String(limit.retryAfterSeconds) });
  }

  const rateLimit = (c: Context<AppEnv>) => limited(createLimiter, c.get('clientKey'), 'Too many payments from this address; wait a moment');
  const merchant = merchantOnly(config);

  return new Hono<AppEnv>()
    // The shop's own bills, newest first (merchant token).
    .get('/', async (c) => {
      await merchant(c);
      const status = parseStatus(c.req.query('status'));
      const ref1 = c.req.query('ref1') || undefined;
      if (ref1 !== undefined) parseRef1(ref1);
      const after = wholeQuery(c.req.query('after'), 'after', 0, Number.MAX_SAFE_INTEGER);
      return c.json(await payments.list({ ref1, status, before: after || undefined, limit: wholeQuery(c.req.query('limit'), 'limit', 50, 500) || 1 }));
    })
    .post('/', async (c) => {
      const body = await readJsonBody(c.req, ['amount', 'ref1', 'order']);
      if (body.order !== undefined) {
        if (body.amount !== undefined || body.ref1 !== undefined) {
          throw new ApiError(400, 'ambiguous_order', 'Send either an order or an amount and ref1, not both');
        }
        const order = await verifyOrder(config.secret, body.order);
        if (order.sandbox && !config.sandboxClaims) throw new ApiError(401, 'invalid_token', 'This order is for the sandbox');
        await rateLimit(c);
        // A pay link's order (the proxy signed it for its own page) is keyed by the link, or by a shop link's buyer's
        // order, and billed only while the link is open and the order holds its place.
        const details = order.link ? await links.payable(order.link, order.linkOrder) : null;
        const { payment, created } = await payments.createForOrder(
          order,
          caller(c),
          order.link ? { orderKey: linkOrderKey(order.link, order.linkOrder), linkId: order.link, order: details } : { linkId: null },
        );
        return c.json(payment, created ? 201 : 200);
      }
      if (config.requireOrder) throw new ApiError(403, 'order_required', 'This shop accepts only orders signed by the merchant');
      const amount = parseAmount(body.amount, config.amountMin, config.amountMax);
      const ref1 = parseBrowserRef1(body.ref1);
      await rateLimit(c);
      return c.json(await payments.create(amount, ref1, caller(c)), 201);
    })
    .get('/:id', async (c) => {
      const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)/)?.[1];
      if (bearer && tokenKind(bearer) === 'merchant') {
        await verifyMerchantToken(config.secret, bearer);
        const id = parseId(c.req.param('id'));
        const refresh = parseRefresh(c.req.query('refresh'));
        // A refresh may ask the upstream: it counts against the bill's check limit, as a payer's confirm does.
        if (refresh) await limited(checkLimiter.perPayment, `pay:${id}`, 'Too many checks of this payment; wait a moment');
        return c.json(await payments.lookup(id, refresh));
      }
      return c.json(await payments.read(await authorise(c), caller(c)));
    })
    .post('/:id/confirm', async (c) => {
      const claims = await authorise(c, await readJsonBody(c.req, ['token']));
      return c.json(await payments.confirm(claims, caller(c)));
    })
    .post('/:id/cancel', async (c) => {
      const claims = await authorise(c, await readJsonBody(c.req, ['token']));
      return c.json(await payments.cancel(claims, caller(c)));
    });
}

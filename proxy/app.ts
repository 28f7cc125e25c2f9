/**
 * The proxy's HTTP API as one runtime-agnostic Hono app. Entries (Workers, Node) build it with `createApp` and hand
 * it what only they know: the connection's IP, where logs go, a rate limiter.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ProxyConfig } from './config.ts';
import { ApiError, errorBody } from './errors.ts';
import { memoryRateLimiter, type RateLimiter } from './rate-limit.ts';
import { RecentMap } from './recent-map.ts';
import { parseFault, type SimulatorHost, type Simulator } from './simulator.ts';
import {
  signPaymentToken,
  signReceipt,
  TokenError,
  verifyOrder,
  verifyPaymentToken,
  type PaymentClaims,
  type ReceiptFacts,
} from './tokens.ts';
import { UpstreamFault, type Upstream } from './upstream.ts';
import { parseAmount, parseId, parseRef1, readJsonBody } from './validate.ts';
import { createWebhookSender } from './webhook.ts';

export type LogEntry = Record<string, unknown>;

/** The default log: one JSON object per line on stdout, which Workers Logs and most log shippers parse. */
export const jsonLog = (entry: LogEntry) => console.log(JSON.stringify(entry));

export interface AppOptions {
  config: ProxyConfig;
  upstream: Upstream;
  /** Present in sandbox mode: the in-process simulator and its host, for the `/sandbox` controls. */
  sandbox?: { simulator: Simulator; host: SimulatorHost };
  /** The peer address of the connection, as the runtime reports it. */
  connectionIp?: (c: Context) => string | undefined;
  rateLimiter?: RateLimiter;
  log?: (entry: LogEntry) => void;
  /** For webhook deliveries. */
  fetch?: typeof fetch;
  webhookBaseDelayMs?: number;
  now?: () => number;
}

type Env = { Variables: RequestIdVariables };

interface PaidRecord {
  facts: ReceiptFacts;
  receipt: string;
}

const BODY_LIMIT_BYTES = 4096;

export function createApp(options: AppOptions): Hono<Env> {
  const { config, upstream } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? jsonLog;
  const limiter = options.rateLimiter ?? memoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowSeconds, now);
  const sandboxClaims = config.sandboxClaims;
  const sendWebhook = config.webhookUrl
    ? createWebhookSender({
        url: config.webhookUrl,
        secret: config.secret,
        fetch: options.fetch,
        baseDelayMs: options.webhookBaseDelayMs,
        log,
      })
    : undefined;

  // Per instance: bills seen paid (so a second confirm gives the same facts and one webhook), confirms in flight
  // (so two tabs polling at once cause one upstream confirm), and bills created for each signed order.
  const paid = new RecentMap<string, PaidRecord>(10_000);
  const confirming = new Map<string, Promise<PaidRecord | undefined>>();
  const orders = new RecentMap<string, string>(10_000);
  const creatingOrder = new Map<string, Promise<{ bill: Awaited<ReturnType<typeof withToken>>; status: 200 | 201 }>>();

  const app = new Hono<Env>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = now();
    await next();
    log({ msg: 'request', rid: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: now() - started });
  });
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));

  const allowed = (origin: string, c: Context) =>
    config.allowedOrigins === '*' || config.allowedOrigins.includes(origin) || origin === new URL(c.req.url).origin;

  // Refuses a disallowed origin before anything else runs: CORS alone would let a simple request through to the
  // upstream and only hide the answer from the page.
  app.use(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed(origin, c)) {
      return c.json(errorBody('origin_not_allowed', 'This origin may not use this payment proxy'), 403);
    }
    await next();
  });
  app.use(
    cors({
      origin: (origin, c) => (allowed(origin, c) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 7200,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: (c) => c.json(errorBody('payload_too_large', `The body must be at most ${BODY_LIMIT_BYTES} bytes`), 413),
    }),
  );

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof TokenError) {
      return c.json(errorBody(error.code, error.message), 401);
    }
    if (error instanceof UpstreamFault) {
      log({ level: 'warn', msg: 'upstream_fault', rid: c.get('requestId'), kind: error.kind });
      return error.kind === 'timeout'
        ? c.json(errorBody('upstream_timeout', 'The payment service did not answer in time; try again'), 504)
        : c.json(errorBody('upstream_error', 'The payment service is not answering properly; try again'), 502);
    }
    log({ level: 'error', msg: 'internal_error', rid: c.get('requestId'), name: (error as Error)?.name });
    return c.json(errorBody('internal', 'Something went wrong in the payment proxy'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', 'No such route'), 404));

  function clientIp(c: Context): string {
    if (config.trustedIpHeader) {
      const forwarded = c.req.header(config.trustedIpHeader)?.split(',').pop()?.trim();
      if (forwarded) return forwarded;
    }
    return options.connectionIp?.(c) ?? '0.0.0.0';
  }

  /** The payment token from `Authorization: Bearer`, or from the body (which keeps a cross-origin POST simple). */
  async function authorise(c: Context, body: Record<string, unknown> = {}): Promise<PaymentClaims> {
    const id = parseId(c.req.param('id') ?? '');
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : body.token;
    if (token === undefined) throw new ApiError(401, 'token_required', 'This call needs the payment token');
    const claims = await verifyPaymentToken(config.secret, token);
    if (claims.id !== id) throw new ApiError(403, 'token_mismatch', 'This token belongs to another payment');
    return claims;
  }

  const refused = (what: string) => new ApiError(502, 'upstream_refused', `The payment service refused to ${what}`);

  function expiresAt(timeOut: number): string {
    return new Date(now() + timeOut * 1000).toISOString();
  }

  /** What the browser may see of a bill, from detail_pay with its QR; undefined if the upstream no longer has it. */
  async function readBill(id: string, ref1: string) {
    const bill = await upstream.detailPay(id, true);
    if (!bill.ok) return undefined;
    return {
      id,
      ref1: bill.ref1 || ref1,
      amount: bill.amount,
      qr: bill.qr!,
      payUrl: bill.payUrl ?? null,
      expiresAt: expiresAt(bill.timeOut),
      serverTime: new Date(now()).toISOString(),
      status: bill.timeOut < 0 ? 'expired' : 'pending',
      sandbox: sandboxClaims,
    };
  }

  type Bill = NonNullable<Awaited<ReturnType<typeof readBill>>>;

  /** The bill with the token that binds this browser to it. */
  async function withToken(bill: Bill) {
    const billExpires = Math.floor(Math.max(Date.parse(bill.expiresAt), now()) / 1000);
    const token = await signPaymentToken(config.secret, { id: bill.id, ref1: bill.ref1, amount: bill.amount, billExpires, sandbox: sandboxClaims });
    return { ...bill, token };
  }

  async function createBill(c: Context, amount: number, ref1: string) {
    const created = await upstream.createPay(amount, ref1);
    if (!created.ok) {
      log({ level: 'warn', msg: 'create_refused', rid: c.get('requestId'), upstreamMsg: created.msg });
      throw refused('create the bill');
    }
    const bill = await readBill(created.id, ref1);
    if (!bill) throw refused('show the bill');
    return withToken(bill);
  }

  function defer(c: Context, work: Promise<unknown>) {
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      // No execution context outside Workers: the process outlives the response anyway.
    }
  }

  /**
   * Confirms a bill, one upstream call at a time per bill (two tabs polling at once share it). The first time this
   * instance sees the bill paid, it signs the receipt, remembers it, and sends the webhook.
   */
  function confirmBill(c: Context, claims: Pick<PaymentClaims, 'id' | 'ref1' | 'amount'>): Promise<PaidRecord | undefined> {
    const known = paid.get(claims.id);
    if (known) return Promise.resolve(known);
    let running = confirming.get(claims.id);
    if (!running) {
      running = (async () => {
        const result = await upstream.confirm(claims.id, clientIp(c));
        if (!result.paid) return undefined;
        const facts: ReceiptFacts = {
          id: claims.id,
          ref1: result.ref1 || claims.ref1,
          // The upstream's figure when it gives one; otherwise the bill's own amount, which also came from the upstream.
          amount: result.amount ?? claims.amount,
          paidAt: new Date(now()).toISOString(),
          sandbox: sandboxClaims,
        };
        const record = { facts, receipt: await signReceipt(config.secret, facts) };
        paid.set(claims.id, record);
        if (sendWebhook) defer(c, sendWebhook(facts));
        return record;
      })().finally(() => confirming.delete(claims.id));
      confirming.set(claims.id, running);
    }
    return running;
  }

  app.get('/health', (c) => c.json({ ok: true, mode: config.mode }));

  app.post('/v1/payments', async (c) => {
    const body = await readJsonBody(c.req, ['amount', 'ref1', 'order']);
    let amount: number;
    let ref1: string;
    let orderKey: string | undefined;
    if (body.order !== undefined) {
      if (body.amount !== undefined || body.ref1 !== undefined) {
        throw new ApiError(400, 'ambiguous_order', 'Send either an order or an amount and ref1, not both');
      }
      ({ amount, ref1 } = await verifyOrder(config.secret, body.order));
      orderKey = String(body.order).split('.')[2];
    } else {
      if (config.requireOrder) throw new ApiError(403, 'order_required', 'This shop accepts only orders signed by the merchant');
      amount = parseAmount(body.amount, config.amountMin, config.amountMax);
      ref1 = parseRef1(body.ref1);
    }
    const limit = await limiter.limit(clientIp(c));
    if (!limit.allowed) {
      throw new ApiError(429, 'rate_limited', 'Too many payments from this address; wait a moment', {
        'Retry-After': String(limit.retryAfterSeconds),
      });
    }
    if (!orderKey) return c.json(await createBill(c, amount, ref1), 201);

    // One bill per signed order: a reload or a second tab gets the pending bill back, and a paid order is not paid
    // twice. An expired, unpaid bill is replaced.
    const key = orderKey;
    let work = creatingOrder.get(key);
    if (!work) {
      work = (async () => {
        const existing = orders.get(key);
        if (existing) {
          if (await confirmBill(c, { id: existing, ref1, amount })) {
            throw new ApiError(409, 'order_paid', 'This order is already paid');
          }
          const bill = await readBill(existing, ref1);
          if (bill?.status === 'pending') return { bill: await withToken(bill), status: 200 as const };
        }
        const bill = await createBill(c, amount, ref1);
        orders.set(key, bill.id);
        return { bill, status: 201 as const };
      })().finally(() => creatingOrder.delete(key));
      creatingOrder.set(key, work);
    }
    const { bill, status } = await work;
    return c.json(bill, status);
  });

  app.get('/v1/payments/:id', async (c) => {
    const claims = await authorise(c);
    const known = paid.get(claims.id);
    if (known) {
      // A paid bill may be gone upstream, or the upstream down; its receipt still stands.
      const bill = await readBill(claims.id, claims.ref1).catch(() => undefined);
      return c.json({ ...bill, ...known.facts, status: 'paid', receipt: known.receipt });
    }
    const bill = await readBill(claims.id, claims.ref1);
    if (!bill) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
    return c.json(bill);
  });

  app.post('/v1/payments/:id/confirm', async (c) => {
    const claims = await authorise(c, await readJsonBody(c.req, ['token']));
    const record = await confirmBill(c, claims);
    if (record) return c.json({ status: 'paid', ...record.facts, receipt: record.receipt });
    // Not paid: ask whether the bill is still open, so the page can tell waiting from expired.
    const bill = await upstream.detailPay(claims.id, false);
    if (!bill.ok) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
    return bill.timeOut < 0
      ? c.json({ status: 'expired', id: claims.id })
      : c.json({ status: 'pending', id: claims.id, expiresAt: expiresAt(bill.timeOut), serverTime: new Date(now()).toISOString() });
  });

  app.post('/v1/payments/:id/cancel', async (c) => {
    const claims = await authorise(c, await readJsonBody(c.req, ['token']));
    if (paid.has(claims.id)) throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
    const result = await upstream.cancel(claims.id);
    if (result.ok) return c.json({ status: 'cancelled', id: claims.id });
    const bill = await upstream.detailPay(claims.id, false);
    if (!bill.ok) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
    if (bill.timeOut >= 0) throw new ApiError(409, 'not_expired', 'A bill can be cancelled only after it expires');
    throw new ApiError(409, 'cannot_cancel', 'The payment service would not cancel this bill; check whether it was paid');
  });

  if (options.sandbox) {
    const { simulator, host } = options.sandbox;
    app.post('/sandbox/payments/:id/:action{pay|expire}', (c) => {
      const id = parseId(c.req.param('id'));
      const done = c.req.param('action') === 'pay' ? simulator.pay(id) : simulator.expire(id);
      if (!done) throw new ApiError(404, 'payment_not_found', 'No such sandbox bill');
      return c.json({ ok: true });
    });
    app.put('/sandbox/fault', async (c) => {
      const body = await readJsonBody(c.req, ['kind', 'delayMs', 'methods', 'count']);
      try {
        host.setFault(parseFault(body));
      } catch (error) {
        throw new ApiError(400, 'invalid_fault', (error as Error).message);
      }
      return c.json({ ok: true });
    });
  }

  return app;
}

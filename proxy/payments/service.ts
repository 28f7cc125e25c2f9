/**
 * The payments service: every step of a payment, with no HTTP in it. Routes call it; so do the reconciler on Node
 * and the ledger's alarm on Workers. It calls the upstream, signs tokens and receipts, and keeps every money fact in
 * the ledger, so that all instances tell one story.
 */
import type { CancelResult, ConfirmResult, CreatedPayment, EventsPage, PaidPayment, Payment, PaymentEvent, PaymentView, ReceiptFacts } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, Ledger } from '../ledger/ledger.ts';
import type { Log } from '../log.ts';
import { signPaymentToken, signReceipt, type Order, type PaymentClaims } from '../tokens/tokens.ts';
import type { Upstream } from '../upstream/client.ts';
import { UpstreamFault } from '../upstream/parse.ts';
import { deliverWebhook } from '../webhook/sender.ts';
import { RecentMap } from '../recent-map.ts';
import { nextCheckAt, nextDeliveryAt, type Schedule } from './schedule.ts';
import { singleFlight } from './single-flight.ts';

export interface PaymentsOptions {
  config: ProxyConfig;
  upstream: Upstream;
  ledger: Ledger;
  log: Log;
  now?: () => number;
  /** For webhook deliveries. */
  fetch?: typeof fetch;
  /** Told when something became due now (a webhook to send), so that the runtime's scheduler wakes. */
  wake?: () => void;
}

/** Who is asking, as the HTTP layer knows it. */
export interface Caller {
  /** The customer's IP, passed to the upstream's confirm. */
  ip: string;
  /** For logs. */
  rid?: string;
}

/** What a payment token names. */
export type BillRef = Pick<PaymentClaims, 'id' | 'ref1' | 'amount' | 'billExpires'>;

export type PaymentsService = ReturnType<typeof createPayments>;

/** How often a request looks for the bill that another instance is creating for its order. */
const ORDER_LOOK_MS = 250;

/** Orders are keyed by what the merchant signed, not by the token's text, which has several spellings. */
export const orderKey = (order: Order) => JSON.stringify([order.ref1, order.amount]);

export function createPayments(options: PaymentsOptions) {
  const { config, upstream, ledger, log } = options;
  const now = options.now ?? Date.now;
  const schedule: Schedule = config.schedule;
  const sandbox = config.sandboxClaims;
  const wake = options.wake ?? (() => {});
  // Longer than the slowest creation the timeouts allow (create_pay and detail_pay, each trying every host), so that
  // a claim lapses only when its holder is gone.
  const orderLeaseMs = 2 * Math.max(1, config.upstreamUrls.length) * config.upstreamTimeoutMs + 10_000;

  // Paid facts never change once recorded, so this instance may keep them: a paid bill's checks cost no I/O.
  const paidCache = new RecentMap<string, PaidPayment>(10_000);
  const checkOnce = singleFlight<string, ConfirmResult>();
  const createOnce = singleFlight<string, { payment: CreatedPayment; created: boolean }>();

  const iso = (ms: number) => new Date(ms).toISOString();

  /**
   * Refusals of calls that should succeed (creating a bill, reading one we created) are account-level trouble: a
   * changed password or con_id, a suspended account. Each is logged with the upstream's words (credentials scrubbed),
   * answered 502, and a run of them shows in /health.
   */
  let refusalsInARow = 0;
  function refused(what: string, method: string, upstreamMsg: string, caller?: Caller): ApiError {
    refusalsInARow++;
    log({ level: 'warn', msg: 'upstream_refused', method, rid: caller?.rid, upstreamMsg });
    return new ApiError(502, 'upstream_refused', `The payment service refused to ${what}`);
  }

  /** What the browser may see of a bill, from detail_pay with its QR. */
  async function readBill(id: string, ref1: string, caller?: Caller): Promise<Payment> {
    const bill = await upstream.detailPay(id, true);
    if (!bill.ok) throw refused('show the bill', 'detail_pay', bill.msg, caller);
    refusalsInARow = 0;
    const t = now();
    return {
      id,
      ref1: bill.ref1 || ref1,
      amount: bill.amount,
      qr: bill.qr ?? '',
      payUrl: bill.payUrl ?? null,
      expiresAt: iso(t + bill.timeOut * 1000),
      serverTime: iso(t),
      status: bill.timeOut < 0 ? 'expired' : 'pending',
      sandbox,
    };
  }

  /** The bill with the token that binds this browser to it. */
  async function withToken(bill: Payment): Promise<CreatedPayment> {
    const billExpires = Math.floor(Math.max(Date.parse(bill.expiresAt), now()) / 1000);
    const token = await signPaymentToken(config.secret, { id: bill.id, ref1: bill.ref1, amount: bill.amount, billExpires, sandbox });
    return { ...bill, token };
  }

  async function create(amount: number, ref1: string, caller: Caller, key: string | null = null): Promise<CreatedPayment> {
    const created = await upstream.createPay(amount, ref1);
    if (!created.ok) throw refused('create the bill', 'create_pay', created.msg, caller);
    const bill = await readBill(created.id, ref1, caller);
    const t = now();
    await ledger.recordBill({
      id: bill.id,
      ref1: bill.ref1,
      amount: bill.amount,
      expiresAt: Date.parse(bill.expiresAt),
      orderKey: key,
      sandbox,
      clientIp: caller.ip,
      createdAt: t,
      nextCheckAt: t + schedule.reconcileMs,
    });
    return withToken(bill);
  }

  /** The ledger's record of a bill; one the ledger has never seen (made before it existed) is recorded from its token. */
  async function record(bill: BillRef, caller: Caller): Promise<BillRecord> {
    const known = await ledger.bill(bill.id);
    if (known) return known;
    const t = now();
    await ledger.recordBill({
      ...bill,
      expiresAt: bill.billExpires * 1000,
      orderKey: null,
      sandbox,
      clientIp: caller.ip,
      createdAt: t,
      nextCheckAt: t + schedule.reconcileMs,
    });
    return (await ledger.bill(bill.id))!;
  }

  /** Records a payment the upstream confirmed, with its receipt and event, once for every instance. */
  async function settle(row: BillRecord, result: { ref1?: string; amount?: number }): Promise<PaidPayment> {
    const facts: ReceiptFacts = {
      id: row.id,
      ref1: result.ref1 || row.ref1,
      // The upstream's figure when it gives one; otherwise the bill's own amount, which also came from the upstream.
      amount: result.amount ?? row.amount,
      paidAt: iso(now()),
      sandbox: row.sandbox,
    };
    const paid: PaidPayment = { status: 'paid', ...facts, receipt: await signReceipt(config.secret, facts) };
    const event: PaymentEvent = { id: row.id, type: 'payment.paid', created: facts.paidAt, data: facts };
    const winner = await ledger.recordPaid(row.id, paid, event, config.webhookUrl ? now() : null);
    log({ level: 'info', msg: 'payment_paid', id: row.id });
    wake();
    return winner;
  }

  /** Asks the upstream once, and records what it said. */
  async function askUpstream(row: BillRecord, ip: string): Promise<ConfirmResult> {
    let result;
    try {
      result = await upstream.confirm(row.id, ip);
    } catch (error) {
      if (error instanceof UpstreamFault) await ledger.recordCheck(row.id, `fault: ${error.kind}`, nextCheckAt(row.expiresAt, now(), schedule));
      throw error;
    }
    if (result.paid) return settle(row, result);
    const t = now();
    const over = t >= row.expiresAt + schedule.graceMs;
    await ledger.recordCheck(row.id, 'not paid', nextCheckAt(row.expiresAt, t, schedule), over ? 'expired' : undefined);
    return lastKnown(row, t);
  }

  const lastKnown = (row: BillRecord, t: number): ConfirmResult =>
    t >= row.expiresAt ? { status: 'expired', id: row.id } : { status: 'pending', id: row.id, expiresAt: iso(row.expiresAt), serverTime: iso(t) };

  /**
   * Whether a bill is paid. A paid bill answers from the ledger forever. Otherwise the upstream is asked at most once
   * per `checkGapMs` per bill across every instance; callers in between get the last known state, and the expiry the
   * ledger knows tells pending from expired with no second call.
   */
  async function check(bill: BillRef, caller: Caller): Promise<ConfirmResult> {
    const cached = paidCache.get(bill.id);
    if (cached) return cached;
    const row = await record(bill, caller);
    if (row.paid) {
      paidCache.set(row.id, row.paid);
      return row.paid;
    }
    if (row.status !== 'pending') return { status: 'expired', id: row.id };
    // Two tabs on this instance share one upstream call; a caller on another instance gets the last known state.
    const inFlight = checkOnce.running(row.id);
    if (inFlight) return inFlight;
    const t = now();
    // Checked within the gap (as the row read says): no need to try the claim, which is a write.
    if (row.checkedAt !== null && t - row.checkedAt < schedule.checkGapMs) return lastKnown(row, t);
    if (!(await ledger.claimCheck(row.id, t, schedule.checkGapMs))) return lastKnown(row, t);
    const result = await checkOnce(row.id, () => askUpstream(row, caller.ip));
    if (result.status === 'paid') paidCache.set(row.id, result);
    return result;
  }

  /** One webhook attempt for an event that is due, if this instance wins the claim to make it. */
  async function deliver(id: string): Promise<void> {
    if (!config.webhookUrl) return;
    const claim = await ledger.claimDelivery(id, now(), 60_000);
    if (!claim) return;
    const outcome = await deliverWebhook({ url: config.webhookUrl, secret: config.secret, fetch: options.fetch }, claim.event, claim.attempt);
    if (outcome.ok) {
      log({ msg: 'webhook_delivered', id, attempt: claim.attempt });
      await ledger.recordDelivery(id, { deliveredAt: now() });
      return;
    }
    const next = nextDeliveryAt(claim.attempt, claim.firstAttemptAt, now(), schedule);
    log({ level: next ? 'warn' : 'error', msg: next ? 'webhook_failed' : 'webhook_gave_up', id, attempt: claim.attempt, error: outcome.error });
    await ledger.recordDelivery(id, { nextAttemptAt: next, error: outcome.error });
  }

  /** The order's bill that is still payable, if any; a paid order is refused. */
  async function orderBill(key: string, order: Order, caller: Caller): Promise<CreatedPayment | undefined> {
    const existing = await ledger.billForOrder(key);
    if (!existing) return undefined;
    const state = existing.paid ?? (await check({ ...existing, billExpires: existing.expiresAt / 1000 }, caller));
    if (state.status === 'paid') throw new ApiError(409, 'order_paid', 'This order is already paid');
    if (state.status !== 'pending') return undefined;
    const bill = await readBill(existing.id, order.ref1, caller);
    return bill.status === 'pending' ? withToken(bill) : undefined;
  }

  return {
    /** A bill for an amount the browser chose (within bounds the route checked). */
    create: (amount: number, ref1: string, caller: Caller) => create(amount, ref1, caller),

    /**
     * One bill per signed order (its ref1 and amount), on every instance: a reload or a second tab gets the pending
     * bill back, a paid order is refused however often it is signed, and an expired, unpaid bill is replaced. Only
     * the holder of the order's claim creates a bill, so two instances asked at once still make one; the other
     * waits for it.
     */
    createForOrder(order: Order, caller: Caller) {
      const key = orderKey(order);
      return createOnce(key, async () => {
        for (let look = 0; ; look++) {
          const pending = await orderBill(key, order, caller);
          if (pending) return { payment: pending, created: false };
          if (await ledger.claimOrder(key, now(), orderLeaseMs)) {
            try {
              // A bill recorded between the look above and the claim ended the claim before this one.
              const recorded = await orderBill(key, order, caller);
              if (!recorded) return { payment: await create(order.amount, order.ref1, caller, key), created: true };
              await ledger.releaseOrder(key);
              return { payment: recorded, created: false };
            } catch (error) {
              await ledger.releaseOrder(key).catch(() => {});
              throw error;
            }
          }
          if (look * ORDER_LOOK_MS >= schedule.orderWaitMs) {
            throw new ApiError(503, 'order_busy', "This order's bill is being created; try again in a moment", { 'Retry-After': '2' });
          }
          await new Promise((r) => setTimeout(r, ORDER_LOOK_MS));
        }
      });
    },

    async read(bill: BillRef, caller: Caller): Promise<PaymentView> {
      const row = await record(bill, caller);
      if (row.paid) {
        // A paid bill may be gone upstream, or the upstream down; its receipt still stands.
        const shown = await readBill(bill.id, bill.ref1, caller).catch(() => undefined);
        return { ...shown, ...row.paid };
      }
      if (row.status === 'cancelled') throw new ApiError(404, 'payment_not_found', 'This payment was cancelled');
      return readBill(bill.id, bill.ref1, caller);
    },

    confirm: check,

    async cancel(bill: BillRef, caller: Caller): Promise<CancelResult> {
      const row = await record(bill, caller);
      if (row.paid) throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      const result = await upstream.cancel(bill.id);
      if (result.ok) {
        await ledger.recordCheck(bill.id, 'cancelled', now(), 'cancelled');
        return { status: 'cancelled', id: bill.id };
      }
      const detail = await upstream.detailPay(bill.id, false);
      if (!detail.ok) throw refused('show the bill', 'detail_pay', detail.msg, caller);
      if (detail.timeOut >= 0) throw new ApiError(409, 'not_expired', 'A bill can be cancelled only after it expires');
      throw new ApiError(409, 'cannot_cancel', 'The payment service would not cancel this bill; check whether it was paid');
    },

    /** The ledger's events after a cursor, oldest first, for the merchant's reconciliation. */
    async events(after: number, limit: number): Promise<EventsPage> {
      const rows = await ledger.events(after, limit);
      return { events: rows.map((r) => r.event), next: String(rows.at(-1)?.seq ?? after) };
    },

    /** Queues an event's webhook again, as if it were new. */
    async redeliver(id: string): Promise<boolean> {
      const queued = config.webhookUrl !== undefined && (await ledger.redeliver(id, now()));
      if (queued) wake();
      return queued;
    },

    /** `refusing` once the upstream has refused several calls in a row that should have succeeded. */
    upstreamState: (): 'ok' | 'refusing' => (refusalsInARow >= 2 ? 'refusing' : 'ok'),

    /** Sandbox only: the simulator expired a bill early, so the ledger's expiry moves too. */
    expireNow: (id: string) => ledger.expireNow(id, now()),

    /**
     * What the proxy does on its own, run by the runtime's scheduler: checks every pending bill that is due (so a
     * customer who paid and closed the tab still gets a receipt and the shop its webhook), and every due webhook.
     */
    async runDue(limit = 50): Promise<void> {
      const t = now();
      const [checks, deliveries] = await Promise.all([ledger.dueChecks(t, limit), ledger.dueDeliveries(t, limit)]);
      await Promise.all([
        ...checks.map(async (id) => {
          const row = await ledger.bill(id);
          if (!row || row.status !== 'pending') return;
          if (!(await ledger.claimCheck(id, now(), schedule.checkGapMs))) return;
          await checkOnce(id, () => askUpstream(row, row.clientIp)).catch((error) =>
            log({ level: 'warn', msg: 'reconcile_failed', id, kind: (error as UpstreamFault).kind ?? 'internal' }),
          );
        }),
        ...deliveries.map((id) => deliver(id)),
      ]);
    },
  };
}

/**
 * Making bills: one for an amount the browser chose, or one per signed order on every instance. An order's bill is
 * replaced only once the upstream, asked after its expiry, says it is unpaid and it has been cancelled upstream: no
 * order is billed twice around its expiry.
 */
import type { CreatedPayment, CreateResult, Payment } from '../../contract/http.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord } from '../ledger/ledger.ts';
import { type Order } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../tokens.ts';
import type { Checking } from './check.ts';
import { iso, ORDER_BUSY, paymentOf, sleep, type Caller, type Deps } from './deps.ts';
import type { Settling } from './settle.ts';
import { singleFlight } from './single-flight.ts';

/** How often a request looks for the bill that another instance is creating for its order. */
const ORDER_LOOK_MS = 250;

/** Orders are keyed by what the merchant signed, not by the token's text, which has several spellings. */
export const orderKey = (order: Order) => JSON.stringify([order.ref1, order.amount]);

/** Where a bill comes from, besides its amount and ref1. */
export interface BillOrigin {
  orderKey: string | null;
  linkId: string | null;
}

/** What the upstream shows of a bill: detail_pay with its QR. */
export async function readBill(d: Deps, id: string, ref1: string, caller?: Caller): Promise<Payment> {
  const bill = await d.upstream.detailPay(id, true);
  if (!bill.ok) throw d.refused('show the bill', 'detail_pay', bill.msg, caller);
  d.accepted();
  const t = d.now();
  return {
    id,
    ref1: bill.ref1 || ref1,
    amount: bill.amount,
    qr: bill.qr ?? '',
    payUrl: bill.payUrl ?? null,
    expiresAt: iso(t + bill.timeOut * 1000),
    serverTime: iso(t),
    status: bill.timeOut < 0 ? 'expired' : 'pending',
    sandbox: d.sandbox,
  };
}

/** The bill with the token that binds this browser to it. */
export async function withToken(d: Deps, bill: Payment): Promise<CreatedPayment> {
  const billExpires = Math.floor(Math.max(Date.parse(bill.expiresAt), d.now()) / 1000);
  const token = await signPaymentToken(d.config.secret, { id: bill.id, ref1: bill.ref1, amount: bill.amount, billExpires, sandbox: d.sandbox });
  return { ...bill, token };
}

export function creating(d: Deps, checks: Checking, settle: Settling) {
  const { ledger, schedule } = d;
  const createOnce = singleFlight<string, { payment: CreateResult; created: boolean }>();
  // Longer than the slowest work a holder does (closing the previous bill: a confirm after the gap, a cancel and a
  // detail_pay; then create_pay and detail_pay), so that a claim lapses only when its holder is gone.
  const orderLeaseMs = 4 * d.maxCallMs + schedule.checkGapMs + schedule.orderWaitMs + 10_000;

  async function create(amount: number, ref1: string, caller: Caller, origin: BillOrigin): Promise<CreatedPayment> {
    const created = await d.upstream.createPay(amount, ref1);
    if (!created.ok) throw d.refused('create the bill', 'create_pay', created.msg, caller);
    const bill = await readBill(d, created.id, ref1, caller);
    const t = d.now();
    await ledger.recordBill({
      id: bill.id,
      ref1: bill.ref1,
      amount: bill.amount,
      expiresAt: Date.parse(bill.expiresAt),
      ...origin,
      sandbox: d.sandbox,
      clientIp: caller.ip,
      createdAt: t,
      nextCheckAt: t + schedule.reconcileMs,
      qr: bill.qr,
      payUrl: bill.payUrl,
    });
    return withToken(d, bill);
  }

  const refOf = (row: BillRecord) => ({ ...row, billExpires: row.expiresAt / 1000 });

  /**
   * Where an order stands: paid (its payment), a bill still payable (the same bill, for a reload or a second tab),
   * an earlier bill to close before another is made, or nothing yet.
   */
  async function standing(key: string, caller: Caller): Promise<{ payment?: CreateResult; previous?: BillRecord }> {
    const row = await ledger.billForOrder(key);
    if (!row || row.status === 'cancelled') return {};
    if (row.paid) return { payment: row.paid };
    if (row.status === 'pending' && d.now() < row.expiresAt) {
      const state = await checks.check(refOf(row), caller);
      if (state.status === 'paid') return { payment: state };
      if (state.status === 'pending') return { payment: await withToken(d, paymentOf(row, d.now())) };
    }
    return { previous: row };
  }

  /**
   * Closes an order's expired bill before another is made: the upstream, asked after the expiry, must say it is
   * unpaid, and must cancel it (which it allows only once the bill's time is out). Answers the payment instead when
   * it turns out paid; refuses to bill again when it cannot be closed.
   */
  async function closePrevious(row: BillRecord, caller: Caller, deadline: number): Promise<CreateResult | undefined> {
    const state = await checks.afterExpiry(row, caller.ip, deadline);
    if (state.status === 'paid') return state;
    const cancelled = await d.upstream.cancel(row.id);
    if (cancelled.ok) {
      await settle.unpaid(row, 'cancelled');
      return undefined;
    }
    const detail = await d.upstream.detailPay(row.id, false);
    if (detail.ok && detail.timeOut >= 0) {
      // The upstream's clock gives it a few more seconds: the QR still stands until then.
      throw new ApiError(503, 'order_busy', "This order's QR is still payable for a moment; try again then", { 'Retry-After': String(detail.timeOut + 1) });
    }
    d.log({ level: 'warn', msg: 'order_unsettled', id: row.id, upstreamMsg: cancelled.msg });
    throw new ApiError(409, 'order_unsettled', "This order's previous bill could not be closed and may be paid: the shop must check it before billing again");
  }

  return {
    /** A bill for an amount the browser chose (within bounds the route checked). */
    create: (amount: number, ref1: string, caller: Caller) => create(amount, ref1, caller, { orderKey: null, linkId: null }),

    /**
     * One bill per signed order (its ref1 and amount), on every instance: a reload or a second tab gets the pending
     * bill back, a paid order answers its payment however often it is signed, and an expired bill is replaced only
     * once closed. Only the holder of the order's claim creates or closes a bill, so two instances asked at once
     * still make one; the other waits for it.
     */
    forOrder(order: Order, caller: Caller, origin: Omit<BillOrigin, 'orderKey'> & { orderKey?: string } = { linkId: null }) {
      const key = origin.orderKey ?? orderKey(order);
      return createOnce(key, async () => {
        const deadline = d.now() + schedule.orderWaitMs;
        for (;;) {
          const found = await standing(key, caller);
          if (found.payment) return { payment: found.payment, created: false };
          if (await ledger.claimOrder(key, d.now(), orderLeaseMs)) {
            try {
              // A bill recorded between the look above and the claim ended the claim before this one.
              const now = await standing(key, caller);
              const settled = now.payment ?? (now.previous && (await closePrevious(now.previous, caller, deadline)));
              if (!settled) return { payment: await create(order.amount, order.ref1, caller, { ...origin, orderKey: key }), created: true };
              await ledger.releaseOrder(key);
              return { payment: settled, created: false };
            } catch (error) {
              await ledger.releaseOrder(key).catch(() => {});
              throw error;
            }
          }
          if (d.now() >= deadline) throw ORDER_BUSY();
          await sleep(ORDER_LOOK_MS);
        }
      });
    },
  };
}

export type Creating = ReturnType<typeof creating>;

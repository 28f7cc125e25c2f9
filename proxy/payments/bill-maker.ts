/**
 * Making bills: one for an amount the browser chose, or one per signed order on every instance. An order's bill is
 * replaced only once the upstream, asked after its expiry, says it is unpaid and it has been cancelled upstream: no
 * order is billed twice around its expiry.
 */
import type { CreatedPayment, CreateResult, Payment } from '../../contract/http.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, NewBill } from '../ledger/ledger.ts';
import type { Order } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../tokens.ts';
import type { BillChecker } from './bill-checker.ts';
import { ORDER_BUSY, paymentOf, sleep, type PaymentsContext } from './context.ts';
import type { BillOrigin, Caller, OrderBill, PaymentsService } from './payments.ts';
import type { Settlement } from './settlement.ts';
import { singleFlight } from './single-flight.ts';
import { iso } from '../time.ts';

/** How often a request looks for the bill that another instance is creating for its order. */
const ORDER_LOOK_MS = 250;

/** Orders are keyed by what the merchant signed, not by the token's text, which has several spellings. */
export const orderKey = (order: Order) => JSON.stringify([order.ref1, order.amount]);

/** What the upstream shows of a bill: detail_pay with its QR. */
export async function readBill(context: PaymentsContext, id: string, ref1: string, caller?: Caller): Promise<Payment> {
  const bill = await context.upstream.detailPay(id, true);
  if (!bill.ok) throw context.refused('show the bill', 'detail_pay', bill.msg, caller);
  context.accepted();
  const t = context.now();
  return {
    id,
    ref1: bill.ref1 || ref1,
    amount: bill.amount,
    qr: bill.qr ?? '',
    payUrl: context.config.mode === 'sandbox' ? sandboxPage(bill.payUrl, caller?.base) : (bill.payUrl ?? null),
    expiresAt: iso(t + bill.timeOut * 1000),
    serverTime: iso(t),
    status: bill.timeOut < 0 ? 'expired' : 'pending',
    sandbox: context.sandbox,
  };
}

/**
 * In sandbox mode the simulator runs inside this process and is reached at no address a payer can open: its bill page
 * is this proxy's own (`/sandbox/payments/<id>`), on the base the caller came through. Nothing in the sandbox is real
 * money; live mode keeps the upstream's own `urlpay`.
 */
function sandboxPage(payUrl: string | undefined, base: string | undefined): string | null {
  return payUrl && base ? base.replace(/\/+$/, '') + new URL(payUrl).pathname : null;
}

/**
 * Enters a bill in the ledger, pending: how every bill begins, whether this proxy made it or meets it first by its
 * token (a bill already recorded is left as it is). The proxy's own first check of it is one reconcile interval away.
 */
export async function recordPending(
  context: PaymentsContext,
  bill: Pick<NewBill, 'id' | 'ref1' | 'amount' | 'expiresAt' | 'qr' | 'payUrl'>,
  origin: BillOrigin,
  caller: Caller,
): Promise<void> {
  const t = context.now();
  await context.ledger.recordBill({
    ...bill,
    ...origin,
    sandbox: context.sandbox,
    clientIp: caller.ip,
    createdAt: t,
    nextCheckAt: t + context.schedule.reconcileMs,
  });
}

/** The bill with the token that binds this browser to it. */
export async function withToken(context: PaymentsContext, bill: Payment): Promise<CreatedPayment> {
  const billExpires = Math.floor(Math.max(Date.parse(bill.expiresAt), context.now()) / 1000);
  const token = await signPaymentToken(context.config.secret, { id: bill.id, ref1: bill.ref1, amount: bill.amount, billExpires, sandbox: context.sandbox });
  return { ...bill, token };
}

/** The service's two ways to make a bill, as `PaymentsService` documents them. */
export type BillMaker = Pick<PaymentsService, 'create' | 'createForOrder'>;

export function createBillMaker(context: PaymentsContext, checker: BillChecker, settlement: Settlement): BillMaker {
  const { ledger, schedule } = context;
  const createOnce = singleFlight<string, OrderBill>();
  // Longer than the slowest work a holder does (closing the previous bill: a confirm after the gap, a cancel and a
  // detail_pay; then create_pay and detail_pay), so that a claim lapses only when its holder is gone.
  const orderLeaseMs = 4 * context.maxCallMs + schedule.checkGapMs + schedule.orderWaitMs + 10_000;

  async function create(amount: number, ref1: string, caller: Caller, origin: BillOrigin): Promise<CreatedPayment> {
    const created = await context.upstream.createPay(amount, ref1);
    if (!created.ok) throw context.refused('create the bill', 'create_pay', created.msg, caller);
    const bill = await readBill(context, created.id, ref1, caller);
    // The bill as the upstream shows it, which is what the payer pays, rather than as it was asked for.
    const shown = { id: bill.id, ref1: bill.ref1, amount: bill.amount, expiresAt: Date.parse(bill.expiresAt), qr: bill.qr, payUrl: bill.payUrl };
    await recordPending(context, shown, origin, caller);
    return withToken(context, bill);
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
    if (row.status === 'pending' && context.now() < row.expiresAt) {
      const state = await checker.check(refOf(row), caller);
      if (state.status === 'paid') return { payment: state };
      if (state.status === 'pending') return { payment: await withToken(context, paymentOf(row, context.now())) };
    }
    return { previous: row };
  }

  /**
   * Closes an order's expired bill before another is made: the upstream, asked after the expiry, must say it is
   * unpaid, and must cancel it (which it allows only once the bill's time is out). Answers the payment instead when
   * it turns out paid; refuses to bill again when it cannot be closed.
   */
  async function closePrevious(row: BillRecord, caller: Caller, deadline: number): Promise<CreateResult | undefined> {
    const state = await checker.afterExpiry(row, caller.ip, deadline);
    if (state.status === 'paid') return state;
    const cancelled = await context.upstream.cancel(row.id);
    if (cancelled.ok) {
      await settlement.unpaid(row, 'cancelled');
      return undefined;
    }
    // The upstream may refuse because the bill was paid after the "not paid" above (which stands for a check gap, so
    // may be the proxy's own last check): ask again, once the gap allows.
    const since = await checker.afterExpiry(row, caller.ip, deadline, context.now());
    if (since.status === 'paid') return since;
    const detail = await context.upstream.detailPay(row.id, false);
    if (detail.ok && detail.timeOut >= 0) {
      // The upstream's clock gives it a few more seconds: the QR still stands until then.
      throw new ApiError(503, 'order_busy', "This order's QR is still payable for a moment; try again then", { 'Retry-After': String(detail.timeOut + 1) });
    }
    context.log({ level: 'warn', msg: 'order_unsettled', id: row.id, upstreamMsg: cancelled.msg });
    throw new ApiError(409, 'order_unsettled', "This order's previous bill could not be closed and may be paid: the shop must check it before billing again");
  }

  return {
    create: (amount, ref1, caller) => create(amount, ref1, caller, { orderKey: null, linkId: null, order: null }),

    // Only the holder of the order's claim creates or closes a bill, so two instances asked at once still make one.
    createForOrder(order, caller, origin = { linkId: null }) {
      const key = origin.orderKey ?? orderKey(order);
      // A request that joins another's on this instance gets its bill, which it did not create.
      const joined = createOnce.running(key);
      if (joined) return joined.then((bill) => ({ ...bill, created: false }));
      return createOnce(key, async () => {
        const deadline = context.now() + schedule.orderWaitMs;
        for (;;) {
          const found = await standing(key, caller);
          if (found.payment) return { payment: found.payment, created: false };
          if (await ledger.claimOrder(key, context.now(), orderLeaseMs)) {
            try {
              // A bill recorded between the look above and the claim ended the claim before this one.
              const now = await standing(key, caller);
              const settled = now.payment ?? (now.previous && (await closePrevious(now.previous, caller, deadline)));
              if (!settled) return { payment: await create(order.amount, order.ref1, caller, { linkId: origin.linkId, order: origin.order ?? null, orderKey: key }), created: true };
              await ledger.releaseOrder(key);
              return { payment: settled, created: false };
            } catch (error) {
              await ledger.releaseOrder(key).catch(() => {});
              throw error;
            }
          }
          if (context.now() >= deadline) throw ORDER_BUSY();
          await sleep(ORDER_LOOK_MS);
        }
      });
    },
  };
}

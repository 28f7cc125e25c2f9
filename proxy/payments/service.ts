/**
 * The payments service: every step of a payment, with no HTTP in it. Routes call it; it calls the upstream, signs
 * tokens and receipts, and remembers what this instance has seen.
 */
import type { CancelResult, ConfirmResult, CreatedPayment, PaidPayment, Payment, PaymentView, ReceiptFacts } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import { RecentMap } from './recent-map.ts';
import { singleFlight } from './single-flight.ts';
import { signPaymentToken, signReceipt, type Order, type PaymentClaims } from '../tokens/tokens.ts';
import type { Upstream } from '../upstream/client.ts';

export type Log = (entry: Record<string, unknown>) => void;

export interface PaymentsOptions {
  config: ProxyConfig;
  upstream: Upstream;
  log: Log;
  now?: () => number;
  /** Called once when this instance first sees a bill paid. */
  onPaid?: (facts: ReceiptFacts) => Promise<unknown>;
}

/** Who is asking, as the HTTP layer knows it. */
export interface Caller {
  /** The customer's IP, passed to the upstream's confirm. */
  ip: string;
  /** For logs. */
  rid?: string;
  /** Keeps work alive after the answer (Workers' `waitUntil`). */
  defer?: (work: Promise<unknown>) => void;
}

/** What a bill's claims name: from a payment token, or a bill being re-read for an order. */
export type BillRef = Pick<PaymentClaims, 'id' | 'ref1' | 'amount'>;

export type PaymentsService = ReturnType<typeof createPayments>;

export function createPayments(options: PaymentsOptions) {
  const { config, upstream, log } = options;
  const now = options.now ?? Date.now;
  const sandbox = config.sandboxClaims;

  // Per instance: bills seen paid (so a second confirm gives the same facts and one webhook), and the bill created
  // for each signed order.
  const paid = new RecentMap<string, PaidPayment>(10_000);
  const orders = new RecentMap<string, string>(10_000);
  const confirmOnce = singleFlight<string, PaidPayment | undefined>();
  const createOnce = singleFlight<string, { payment: CreatedPayment; created: boolean }>();

  const refused = (what: string) => new ApiError(502, 'upstream_refused', `The payment service refused to ${what}`);
  const expiresAt = (timeOut: number) => new Date(now() + timeOut * 1000).toISOString();

  /** What the browser may see of a bill, from detail_pay with its QR; undefined if the upstream no longer has it. */
  async function readBill(id: string, ref1: string): Promise<Payment | undefined> {
    const bill = await upstream.detailPay(id, true);
    if (!bill.ok) return undefined;
    return {
      id,
      ref1: bill.ref1 || ref1,
      amount: bill.amount,
      qr: bill.qr ?? '',
      payUrl: bill.payUrl ?? null,
      expiresAt: expiresAt(bill.timeOut),
      serverTime: new Date(now()).toISOString(),
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

  async function createBill(amount: number, ref1: string, caller: Caller): Promise<CreatedPayment> {
    const created = await upstream.createPay(amount, ref1);
    if (!created.ok) {
      log({ level: 'warn', msg: 'create_refused', rid: caller.rid, upstreamMsg: created.msg });
      throw refused('create the bill');
    }
    const bill = await readBill(created.id, ref1);
    if (!bill) throw refused('show the bill');
    return withToken(bill);
  }

  /**
   * Asks the upstream whether a bill is paid, one call at a time per bill. The first time this instance sees it
   * paid, it signs the receipt, remembers it, and tells `onPaid`.
   */
  function confirmPaid(bill: BillRef, caller: Caller): Promise<PaidPayment | undefined> {
    const known = paid.get(bill.id);
    if (known) return Promise.resolve(known);
    return confirmOnce(bill.id, async () => {
      const result = await upstream.confirm(bill.id, caller.ip);
      if (!result.paid) return undefined;
      const facts: ReceiptFacts = {
        id: bill.id,
        ref1: result.ref1 || bill.ref1,
        // The upstream's figure when it gives one; otherwise the bill's own amount, which also came from the upstream.
        amount: result.amount ?? bill.amount,
        paidAt: new Date(now()).toISOString(),
        sandbox,
      };
      const record: PaidPayment = { status: 'paid', ...facts, receipt: await signReceipt(config.secret, facts) };
      paid.set(bill.id, record);
      if (options.onPaid) caller.defer?.(options.onPaid(facts));
      return record;
    });
  }

  return {
    /** A bill for an amount the browser chose (within bounds the route checked). */
    create: createBill,

    /**
     * One bill per signed order: a reload or a second tab gets the pending bill back, and a paid order is not paid
     * twice. An expired, unpaid bill is replaced.
     */
    createForOrder(order: Order, orderKey: string, caller: Caller) {
      return createOnce(orderKey, async () => {
        const existing = orders.get(orderKey);
        if (existing) {
          if (await confirmPaid({ id: existing, ...order }, caller)) {
            throw new ApiError(409, 'order_paid', 'This order is already paid');
          }
          const bill = await readBill(existing, order.ref1);
          if (bill?.status === 'pending') return { payment: await withToken(bill), created: false };
        }
        const payment = await createBill(order.amount, order.ref1, caller);
        orders.set(orderKey, payment.id);
        return { payment, created: true };
      });
    },

    async read(bill: BillRef): Promise<PaymentView> {
      const known = paid.get(bill.id);
      if (known) {
        // A paid bill may be gone upstream, or the upstream down; its receipt still stands.
        const shown = await readBill(bill.id, bill.ref1).catch(() => undefined);
        return { ...shown, ...known };
      }
      const shown = await readBill(bill.id, bill.ref1);
      if (!shown) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
      return shown;
    },

    async confirm(bill: BillRef, caller: Caller): Promise<ConfirmResult> {
      const record = await confirmPaid(bill, caller);
      if (record) return record;
      // Not paid: ask whether the bill is still open, so the page can tell waiting from expired.
      const detail = await upstream.detailPay(bill.id, false);
      if (!detail.ok) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
      return detail.timeOut < 0
        ? { status: 'expired', id: bill.id }
        : { status: 'pending', id: bill.id, expiresAt: expiresAt(detail.timeOut), serverTime: new Date(now()).toISOString() };
    },

    async cancel(bill: BillRef): Promise<CancelResult> {
      if (paid.has(bill.id)) throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      const result = await upstream.cancel(bill.id);
      if (result.ok) return { status: 'cancelled', id: bill.id };
      const detail = await upstream.detailPay(bill.id, false);
      if (!detail.ok) throw new ApiError(404, 'payment_not_found', 'This payment no longer exists');
      if (detail.timeOut >= 0) throw new ApiError(409, 'not_expired', 'A bill can be cancelled only after it expires');
      throw new ApiError(409, 'cannot_cancel', 'The payment service would not cancel this bill; check whether it was paid');
    },
  };
}

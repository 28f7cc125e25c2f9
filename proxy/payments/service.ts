/**
 * The payments service: every step of a payment, with no HTTP in it. Routes call it; so do the reconciler on Node
 * and the ledger's alarm on Workers. Each step is a module of its own around the ledger: `create.ts` (bills and
 * orders), `check.ts` (asking the upstream), `settle.ts` (how a bill ends, with its event), `outbox.ts` (webhooks).
 * This file wires them, and holds the small steps: reading and cancelling a bill, and the merchant's lookups.
 */
import type { BillSummary, CancelResult, EventsPage, PaymentEventType, PaymentsPage, PaymentView } from '../../contract/http.ts';
import { ApiError } from '../errors.ts';
import { summaryOf, type BillFilter, type BillRecord } from '../ledger/ledger.ts';
import { checking, type BillRef } from './check.ts';
import { creating, readBill } from './create.ts';
import { deps, paymentOf, type Caller, type PaymentsOptions } from './deps.ts';
import { outbox } from './outbox.ts';
import { settling } from './settle.ts';

export type { BillRef } from './check.ts';
export type { Caller, PaymentsOptions } from './deps.ts';
export { orderKey } from './create.ts';

export type PaymentsService = ReturnType<typeof createPayments>;

export function createPayments(options: PaymentsOptions) {
  const d = deps(options);
  const { ledger } = d;

  /** The ledger's record of a bill; one it has never seen (made before it existed) is recorded from its token. */
  async function record(bill: BillRef, caller: Caller): Promise<BillRecord> {
    const known = await ledger.bill(bill.id);
    if (known) return known;
    const shown = await readBill(d, bill.id, bill.ref1, caller);
    const t = d.now();
    await ledger.recordBill({
      ...bill,
      expiresAt: bill.billExpires * 1000,
      orderKey: null,
      linkId: null,
      sandbox: d.sandbox,
      clientIp: caller.ip,
      createdAt: t,
      nextCheckAt: t + d.schedule.reconcileMs,
      qr: shown.qr,
      payUrl: shown.payUrl,
    });
    return (await ledger.bill(bill.id))!;
  }

  const settle = settling(d);
  const checks = checking(d, settle, record);
  const creates = creating(d, checks, settle);
  const webhooks = outbox(d);

  /**
   * The proxy's own checks, run by the runtime's scheduler: every pending bill that is due (so a customer who paid
   * and closed the tab still gets a receipt and the shop its webhook), and any paid answer not yet written.
   */
  async function runChecks(limit = 50): Promise<void> {
    await settle.writeUnwritten();
    const due = await ledger.dueChecks(d.now(), limit);
    await Promise.all(due.map((id) => checks.due(id)));
  }

  return {
    /** A bill for an amount the browser chose (within bounds the route checked). */
    create: creates.create,
    /** One bill per signed order: see `creating`. */
    createForOrder: creates.forOrder,

    /** The bill as the browser may see it, from the ledger: reading or resuming costs the upstream nothing. */
    async read(bill: BillRef, caller: Caller): Promise<PaymentView> {
      const paid = await settle.unwrittenPaid(bill.id);
      const row = await record(bill, caller);
      if (paid ?? row.paid) return { ...paymentOf(row, d.now()), ...(paid ?? row.paid)! };
      if (row.status === 'cancelled') throw new ApiError(404, 'payment_not_found', 'This payment was cancelled');
      return paymentOf(row, d.now());
    },

    confirm: checks.check,

    async cancel(bill: BillRef, caller: Caller): Promise<CancelResult> {
      const row = await record(bill, caller);
      if (row.paid) throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      const result = await d.upstream.cancel(bill.id);
      if (result.ok) {
        await settle.unpaid(row, 'cancelled');
        return { status: 'cancelled', id: bill.id };
      }
      const detail = await d.upstream.detailPay(bill.id, false);
      if (!detail.ok) throw d.refused('show the bill', 'detail_pay', detail.msg, caller);
      if (detail.timeOut >= 0) throw new ApiError(409, 'not_expired', 'A bill can be cancelled only after it expires');
      // An expired bill the upstream will not cancel may be paid: asked (as a confirm would be), a payment made after
      // the proxy's own checks ended is found and recorded.
      if ((await checks.check(bill, caller)).status === 'paid') throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      throw new ApiError(409, 'cannot_cancel', 'The payment service would not cancel this bill; check whether it was paid');
    },

    /**
     * The merchant's view of one bill, from the ledger; with `refresh`, after asking the upstream about it if it may
     * still turn out paid (once per check gap), which finds a payment made after the proxy's own checks ended.
     */
    async lookup(id: string, refresh = false): Promise<BillSummary> {
      if (refresh) await checks.refresh(id);
      const row = await ledger.bill(id);
      if (!row) throw new ApiError(404, 'payment_not_found', 'No such payment in the ledger');
      return summaryOf(row);
    },

    /** The merchant's view of its bills, newest first, a page at a time. */
    async list(filter: BillFilter): Promise<PaymentsPage> {
      const rows = await ledger.listBills(filter);
      return { payments: rows.map((r) => r.bill), next: rows.length === filter.limit ? String(rows.at(-1)!.seq) : null };
    },

    /** The ledger's events after a cursor, oldest first, for the merchant's reconciliation. */
    async events(after: number, limit: number, type?: PaymentEventType): Promise<EventsPage> {
      const rows = await ledger.events(after, limit, type);
      return { events: rows.map((r) => r.event), next: String(rows.at(-1)?.seq ?? after) };
    },

    redeliver: webhooks.redeliver,

    /** `refusing` once the upstream has refused several calls in a row that should have succeeded. */
    upstreamState: d.upstreamState,

    /** Throws a LedgerFault unless the ledger can be written now. */
    probeLedger: () => ledger.probe(),

    /** Sandbox only: the simulator expired a bill early, so the ledger's expiry moves too. */
    expireNow: (id: string) => ledger.expireNow(id, d.now()),

    runChecks,

    /** Starts every due webhook delivery, without waiting for them. */
    runDeliveries: () => webhooks.run(),

    /** Both, waiting for the deliveries too: a Durable Object's alarm, which must not end before its work. */
    async runDue(): Promise<void> {
      await Promise.all([runChecks(), webhooks.run()]);
      await webhooks.drain();
    },
  };
}

/**
 * Builds the payments service (its contract: `payments.ts`) from its steps, each a module of its own around the
 * ledger: `bill-maker.ts` (bills and orders), `bill-checker.ts` (asking the upstream), `settlement.ts` (how a bill
 * ends, with its event), `webhook-outbox.ts` (webhooks). This file wires them, and holds the small steps: reading
 * and cancelling a bill, and the merchant's lookups.
 */
import { ApiError } from '../errors.ts';
import { summaryOf, type BillRecord } from '../ledger/ledger.ts';
import { createBillChecker } from './bill-checker.ts';
import { createBillMaker, readBill, recordPending } from './bill-maker.ts';
import { createPaymentsContext, paymentOf, type PaymentsOptions } from './context.ts';
import type { BillHistory, BillRef, Caller, PaymentsService } from './payments.ts';
import { createSettlement } from './settlement.ts';
import { createWebhookOutbox } from './webhook-outbox.ts';

/** How many due bills one run of the proxy's own checks asks about at most; the rest wait for the next run. */
const CHECKS_PER_RUN = 50;

export function createPaymentsService(options: PaymentsOptions): PaymentsService {
  const context = createPaymentsContext(options);
  const { ledger } = context;

  /** The ledger's record of a bill; one it has never seen (made before it existed) is recorded from its token. */
  async function record(bill: BillRef, caller: Caller): Promise<BillRecord> {
    const known = await ledger.bill(bill.id);
    if (known) return known;
    const { qr, payUrl } = await readBill(context, bill.id, bill.ref1, caller);
    const { id, ref1, amount } = bill;
    await recordPending(context, { id, ref1, amount, expiresAt: bill.billExpires * 1000, qr, payUrl }, { orderKey: null, linkId: null, order: null }, caller);
    return (await ledger.bill(bill.id))!;
  }

  const settlement = createSettlement(context);
  const checker = createBillChecker(context, settlement, record);
  const maker = createBillMaker(context, checker, settlement);
  const outbox = createWebhookOutbox(context);

  async function history(id: string): Promise<BillHistory> {
    const row = await ledger.bill(id);
    if (!row) throw new ApiError(404, 'payment_not_found', 'No such payment in the ledger');
    const { events, deliveries } = await ledger.billHistory(id);
    return { bill: summaryOf(row), events, deliveries, resolution: row.resolution };
  }

  async function runChecks(): Promise<void> {
    await settlement.writeUnwritten();
    const due = await ledger.dueChecks(context.now(), CHECKS_PER_RUN);
    await Promise.all(due.map((id) => checker.checkDue(id)));
  }

  return {
    create: maker.create,
    createForOrder: maker.createForOrder,

    async read(bill, caller) {
      const paid = await settlement.unwrittenPaid(bill.id);
      const row = await record(bill, caller);
      if (paid ?? row.paid) return { ...paymentOf(row, context.now()), ...(paid ?? row.paid)! };
      if (row.status === 'cancelled') throw new ApiError(404, 'payment_not_found', 'This payment was cancelled');
      return paymentOf(row, context.now());
    },

    confirm: checker.check,

    async cancel(bill, caller) {
      const row = await record(bill, caller);
      if (row.paid) throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      const result = await context.upstream.cancel(bill.id);
      if (result.ok) {
        await settlement.unpaid(row, 'cancelled');
        return { status: 'cancelled', id: bill.id };
      }
      const detail = await context.upstream.detailPay(bill.id, false);
      if (!detail.ok) throw context.refused('show the bill', 'detail_pay', detail.msg, caller);
      if (detail.timeOut >= 0) throw new ApiError(409, 'not_expired', 'A bill can be cancelled only after it expires');
      // An expired bill the upstream will not cancel may be paid: asked (as a confirm would be), a payment made after
      // the proxy's own checks ended is found and recorded.
      if ((await checker.check(bill, caller)).status === 'paid') throw new ApiError(409, 'already_paid', 'This payment is paid and cannot be cancelled');
      throw new ApiError(409, 'cannot_cancel', 'The payment service would not cancel this bill; check whether it was paid');
    },

    async lookup(id, refresh = false) {
      if (refresh) await checker.refresh(id);
      const row = await ledger.bill(id);
      if (!row) throw new ApiError(404, 'payment_not_found', 'No such payment in the ledger');
      return summaryOf(row);
    },

    async list(filter) {
      const rows = await ledger.listBills(filter);
      return { payments: rows.map((r) => r.bill), next: rows.length === filter.limit ? String(rows.at(-1)!.seq) : null };
    },

    async events(after, limit, type) {
      const rows = await ledger.events(after, limit, type);
      return { events: rows.map((r) => r.event), next: String(rows.at(-1)?.seq ?? after) };
    },

    eventsBetween: (from, to, page) => ledger.eventsBetween(from, to, page),
    paidTotals: (from, to) => ledger.paidTotals(from, to),
    webhookTrouble: () => ledger.webhookTrouble(),
    history,

    async resolve(id, found, memberId) {
      const row = await ledger.bill(id);
      if (!row) throw new ApiError(404, 'payment_not_found', 'No such payment in the ledger');
      const notInReview = (status: string) => new ApiError(409, 'not_in_review', `This payment is ${status.replace('_', ' ')}, not waiting for review`);
      if (row.status !== 'needs_review') throw notInReview(row.status);
      if (found === 'not_paid') {
        const resolution = { found, by: 'merchant' as const, memberId, at: context.now() };
        if (!(await settlement.unpaid(row, 'expired', resolution))) throw notInReview((await ledger.bill(id))!.status);
      } else if (await checker.askAgain(row)) {
        await ledger.recordResolution(id, { found, by: 'upstream', memberId, at: context.now() });
      } else {
        const now = (await ledger.bill(id))!;
        if (now.status !== 'needs_review') throw notInReview(now.status);
        const paid = await settlement.paid(now, {}, { found, by: 'merchant', memberId, at: context.now() }).catch(async (error) => {
          // Another resolution ("not paid") ended it between the read and the write, which then changed nothing.
          const after = await ledger.bill(id);
          if (after && after.status !== 'paid' && after.status !== 'needs_review') throw notInReview(after.status);
          throw error;
        });
        // Another caller recorded the upstream's paid answer first: the owner's word changed nothing.
        if (paid.resolvedBy !== 'merchant') await ledger.recordResolution(id, { found, by: 'upstream', memberId, at: context.now() });
      }
      const settled = await history(id);
      return { history: settled, resolution: settled.resolution! };
    },

    redeliver: outbox.redeliver,
    upstreamState: context.upstreamState,
    probeLedger: () => ledger.probe(),
    runChecks,
    runDeliveries: () => outbox.run(),

    async runDue() {
      await Promise.all([runChecks(), outbox.run()]);
      await outbox.drain();
    },

    expireNow: (id) => ledger.expireNow(id, context.now()),
  };
}

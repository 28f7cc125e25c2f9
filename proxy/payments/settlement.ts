/**
 * How a bill ends, in the ledger, with its event: paid (the facts the upstream confirmed, with a signed receipt), or
 * unpaid (expired, needing review, cancelled). A paid answer in hand is the one thing the proxy cannot ask for again
 * (a second confirm may answer "already used"), so it is written through a busy ledger, and kept and retried if the
 * ledger cannot take it, and logged with its facts.
 */
import type { PaidPayment, PaymentEvent, ReceiptFacts } from '../../contract/http.ts';
import { whileBusy } from '../ledger/busy.ts';
import { eventId, type BillRecord, type ResolutionRecord } from '../ledger/ledger.ts';
import { signReceipt } from '../tokens.ts';
import { factsOf, type PaymentsContext } from './context.ts';
import { iso } from '../time.ts';

/** How long a paid write waits out another process's hold on the ledger file before it is kept for later. */
const PAID_WRITE_DEADLINE_MS = 30_000;

/** What `needs_review` asks of the shop. */
export const REVIEW_REASON = "The upstream's answer to a confirm of this bill was lost; look it up in the Mae Manee app before releasing the order";

/**
 * The one way a bill enters a status after pending: `BILL_TRANSITIONS` in the ledger says which moves are allowed,
 * and only this step asks the ledger to make one, each with its event.
 */
export interface Settlement {
  /**
   * Records a payment the upstream confirmed, with its signed receipt and `payment.paid` event, once for every
   * instance: the first facts recorded win and are returned. A paid answer the ledger cannot take (busy past its
   * deadline, read-only, the bill cancelled) is kept in this instance for a later write, logged with its facts, and
   * the `LedgerFault` thrown. With `byMerchant` (the owner's word on a bill in review, which no upstream confirmed),
   * the facts, the receipt and the event say `resolvedBy: "merchant"`, and the resolution is kept with the status.
   */
  paid(row: BillRecord, confirmed: { ref1?: string; amount?: number }, byMerchant?: ResolutionRecord): Promise<PaidPayment>;

  /** A paid answer this instance holds unwritten, written now; undefined if it holds none for the bill. */
  unwrittenPaid(id: string): Promise<PaidPayment | undefined>;

  /** Tries again to write every paid answer this instance holds; one that still fails stays held. */
  writeUnwritten(): Promise<void>;

  /**
   * Ends an unpaid bill, once, with its event: expired and cancelled tell the shop to release the order
   * (`payment.expired`), needs_review tells it to look first (`payment.needs_review`). A move the bill's status does
   * not allow (it is paid, or already there) records nothing. Whether it moved; with `resolution` (the owner's word),
   * kept with the status.
   */
  unpaid(row: BillRecord, status: 'expired' | 'needs_review' | 'cancelled', resolution?: ResolutionRecord): Promise<boolean>;
}

export function createSettlement(context: PaymentsContext): Settlement {
  /** Paid answers this instance holds but could not write yet, by bill. */
  const unwritten = new Map<string, { paid: PaidPayment; event: PaymentEvent }>();

  async function write(id: string, paid: PaidPayment, event: PaymentEvent, firstTry: boolean, resolution?: ResolutionRecord): Promise<PaidPayment> {
    try {
      const winner = await whileBusy(() => context.ledger.recordPaid(id, paid, event, context.outbox(context.now()), resolution), {
        deadlineMs: PAID_WRITE_DEADLINE_MS,
      });
      unwritten.delete(id);
      context.log({ level: 'info', msg: 'payment_paid', id, late: winner.late, ...(winner.resolvedBy ? { resolvedBy: winner.resolvedBy } : {}) });
      context.wake();
      return winner;
    } catch (error) {
      // The owner's word is theirs to give again (the console says it failed); an upstream's answer may not come twice.
      if (firstTry && !resolution) {
        unwritten.set(id, { paid, event });
        const { ref1, amount, paidAt, late, sandbox } = paid;
        context.log({ level: 'error', msg: 'paid_not_recorded', id, ref1, amount, paidAt, late, sandbox, error: (error as Error)?.message });
      }
      throw error;
    }
  }

  return {
    async paid(row, confirmed, byMerchant) {
      const t = context.now();
      const facts: ReceiptFacts = {
        id: row.id,
        ref1: confirmed.ref1 || row.ref1,
        // The upstream's figure when it gives one; otherwise the bill's own amount, which also came from the upstream.
        amount: confirmed.amount ?? row.amount,
        paidAt: iso(t),
        late: t >= row.expiresAt,
        sandbox: row.sandbox,
        ...(row.linkId ? { link: row.linkId } : {}),
        ...(row.order ? { order: row.order } : {}),
        ...(byMerchant ? { resolvedBy: 'merchant' as const } : {}),
      };
      const paid: PaidPayment = { status: 'paid', ...facts, receipt: await signReceipt(context.config.secret, facts) };
      const event: PaymentEvent = { id: eventId('payment.paid', row.id), type: 'payment.paid', created: facts.paidAt, data: facts };
      return write(row.id, paid, event, true, byMerchant);
    },

    async unwrittenPaid(id) {
      const held = unwritten.get(id);
      return held && write(id, held.paid, held.event, false);
    },

    async writeUnwritten() {
      for (const [id, held] of unwritten) await write(id, held.paid, held.event, false).catch(() => {});
    },

    async unpaid(row, status, resolution) {
      const created = iso(context.now());
      const event: PaymentEvent =
        status === 'needs_review'
          ? { id: eventId('payment.needs_review', row.id), type: 'payment.needs_review', created, data: { ...factsOf(row), reason: REVIEW_REASON } }
          : { id: eventId('payment.expired', row.id), type: 'payment.expired', created, data: { ...factsOf(row), cancelled: status === 'cancelled' } };
      if (!(await context.ledger.recordUnpaid(row.id, status, event, context.outbox(context.now()), resolution))) return false;
      context.log({ level: status === 'needs_review' ? 'error' : 'info', msg: `payment_${status}`, id: row.id, ref1: row.ref1, amount: row.amount });
      context.wake();
      return true;
    },
  };
}

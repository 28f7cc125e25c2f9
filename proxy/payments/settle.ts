/**
 * How a bill ends, in the ledger, with its event: paid (the facts the upstream confirmed, with a signed receipt), or
 * unpaid (expired, needing review, cancelled). A paid answer in hand is the one thing the proxy cannot ask for again
 * (a second confirm may answer "already used"), so it is written through a busy ledger, and kept and retried if the
 * ledger cannot take it, and logged with its facts.
 */
import type { PaidPayment, PaymentEvent, ReceiptFacts } from '../../contract/http.ts';
import { whileBusy } from '../ledger/busy.ts';
import { eventId, type BillRecord } from '../ledger/ledger.ts';
import { signReceipt } from '../tokens.ts';
import { factsOf, iso, type Deps } from './deps.ts';

/** How long a paid write waits out another process's hold on the ledger file before it is kept for later. */
const PAID_WRITE_DEADLINE_MS = 30_000;

/** What `needs_review` asks of the shop. */
export const REVIEW_REASON = "The upstream's answer to a confirm of this bill was lost; look it up in the Mae Manee app before releasing the order";

export function settling(d: Deps) {
  /** Paid answers this instance holds but could not write yet, by bill. */
  const unwritten = new Map<string, { paid: PaidPayment; event: PaymentEvent }>();

  async function write(id: string, paid: PaidPayment, event: PaymentEvent, firstTry: boolean): Promise<PaidPayment> {
    try {
      const winner = await whileBusy(() => d.ledger.recordPaid(id, paid, event, d.outbox(d.now())), { deadlineMs: PAID_WRITE_DEADLINE_MS });
      unwritten.delete(id);
      d.log({ level: 'info', msg: 'payment_paid', id, late: winner.late });
      d.wake();
      return winner;
    } catch (error) {
      if (firstTry) {
        unwritten.set(id, { paid, event });
        const { ref1, amount, paidAt, late, sandbox } = paid;
        d.log({ level: 'error', msg: 'paid_not_recorded', id, ref1, amount, paidAt, late, sandbox, error: (error as Error)?.message });
      }
      throw error;
    }
  }

  return {
    /** Records a payment the upstream confirmed, with its receipt and event, once for every instance. */
    async paid(row: BillRecord, result: { ref1?: string; amount?: number }): Promise<PaidPayment> {
      const t = d.now();
      const facts: ReceiptFacts = {
        id: row.id,
        ref1: result.ref1 || row.ref1,
        // The upstream's figure when it gives one; otherwise the bill's own amount, which also came from the upstream.
        amount: result.amount ?? row.amount,
        paidAt: iso(t),
        late: t >= row.expiresAt,
        sandbox: row.sandbox,
        ...(row.linkId ? { link: row.linkId } : {}),
      };
      const paid: PaidPayment = { status: 'paid', ...facts, receipt: await signReceipt(d.config.secret, facts) };
      const event: PaymentEvent = { id: eventId('payment.paid', row.id), type: 'payment.paid', created: facts.paidAt, data: facts };
      return write(row.id, paid, event, true);
    },

    /** A paid answer of this instance's that the ledger could not take yet: written now, or undefined if none. */
    async unwrittenPaid(id: string): Promise<PaidPayment | undefined> {
      const held = unwritten.get(id);
      return held && write(id, held.paid, held.event, false);
    },

    /** Tries again to write every paid answer this instance holds. */
    async writeUnwritten(): Promise<void> {
      for (const [id, held] of unwritten) await write(id, held.paid, held.event, false).catch(() => {});
    },

    /**
     * Ends an unpaid bill with its event. Expired and cancelled tell the shop to release the order
     * (`payment.expired`); needs_review tells it to look first.
     */
    async unpaid(row: BillRecord, status: 'expired' | 'needs_review' | 'cancelled'): Promise<void> {
      const created = iso(d.now());
      const event: PaymentEvent =
        status === 'needs_review'
          ? { id: eventId('payment.needs_review', row.id), type: 'payment.needs_review', created, data: { ...factsOf(row), reason: REVIEW_REASON } }
          : { id: eventId('payment.expired', row.id), type: 'payment.expired', created, data: { ...factsOf(row), cancelled: status === 'cancelled' } };
      if (await d.ledger.recordUnpaid(row.id, status, event, d.outbox(d.now()))) {
        d.log({ level: status === 'needs_review' ? 'error' : 'info', msg: `payment_${status}`, id: row.id, ref1: row.ref1, amount: row.amount });
        d.wake();
      }
    },
  };
}

export type Settling = ReturnType<typeof settling>;

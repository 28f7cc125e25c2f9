/**
 * Whether a bill is paid: asking the upstream's confirm at most once per bill per check gap across every instance,
 * and recording what it said. A bill one of whose confirms has an unknown outcome (a fault after it was sent, an
 * answer never recorded) ends as needing review, never quietly as expired. A bill that ended unpaid may still be
 * paid after: its payer's confirm, its order asked again and the merchant's refresh ask about it again.
 */
import type { ConfirmResult, PaidPayment } from '../../contract/http.ts';
import { mayTurnPaid, type BillRecord } from '../ledger/ledger.ts';
import { RecentMap } from '../recent-map.ts';
import { notCarriedOut, UpstreamFault } from '../upstream/client.ts';
import { ORDER_BUSY, sleep, type PaymentsContext } from './context.ts';
import type { BillRef, Caller } from './payments.ts';
import { nextCheckAt } from './schedule.ts';
import type { Settlement } from './settlement.ts';
import { singleFlight } from './single-flight.ts';
import { iso } from '../time.ts';

/**
 * A refresh that got no answer in time: the asks other callers claimed for it (on other instances) did not answer
 * within the time two asks take, which is the upstream not answering in time (504 `upstream_timeout`).
 */
const NO_ANSWER = () => new UpstreamFault('timeout', 'no answer to the check of this bill in time');

/** How often a caller waiting for another instance's ask looks at the ledger again. */
const LOOK_MS = 100;

/**
 * How long after a bill's expiry a browser's check may still ask the upstream (the element's last check at the
 * deadline, a clock a little behind). After that, while the proxy's own checks go on (the grace window), a page left
 * open on the expired bill is answered from the ledger, and those checks, on their sparser schedule, find a late
 * payment. Once they have ended (the bill is expired or needs_review), nothing else asks: the payer's check does again.
 */
const LAST_CALL_MS = 60_000;

export interface BillChecker {
  /**
   * Whether a bill is paid (the payer's confirm). A paid bill answers from the ledger forever. Otherwise the upstream
   * is asked at most once per `checkGapMs` per bill across every instance, while the bill is payable, in the minute
   * after its expiry, and once the proxy's own checks have ended it; callers in between get the last known state,
   * and the expiry the ledger knows tells pending from expired with no second call. Throws what `record` and the ask
   * throw (502 `upstream_refused` for a bill the ledger had never seen, an `UpstreamFault`).
   */
  check(bill: BillRef, caller: Caller): Promise<ConfirmResult>;

  /**
   * What the upstream itself says of a bill, from an ask made at or after `since` (epoch ms; by default the bill's
   * expiry), this caller's or another's: what an order needs before its bill is replaced, and again once the upstream
   * has refused to cancel it (a payment made since the last ask). Waits out the check gap rather than skip it.
   * Throws 503 `order_busy` once `deadline` (epoch ms) passes without an answer.
   */
  afterExpiry(row: BillRecord, ip: string, deadline: number, since?: number): Promise<ConfirmResult>;

  /**
   * The owner's "paid" on a bill in review: the upstream's answer from an ask made after this call (waiting out the
   * check gap, as the merchant's refresh does), and its paid facts if it says paid, recorded as any payment is.
   * Undefined when it still cannot say: not paid, a fault, no answer in time.
   */
  askAgain(row: BillRecord): Promise<PaidPayment | undefined>;

  /**
   * The proxy's own check of a pending bill that is due (the reconciler, a Durable Object's alarm), with its
   * customer's IP. A failed ask is logged, not thrown: the bill is asked about again when its next check is due.
   */
  checkDue(id: string): Promise<void>;

  /**
   * The merchant's refresh: asks the upstream about a bill that may still turn out paid, ended ones included, with
   * its customer's IP. Within the check gap of the last ask it waits the gap out and asks then (or takes the answer
   * of an ask another caller made since the refresh came), never passing the last known state off as fresh. Throws
   * the ask's `UpstreamFault`, for the merchant to see (a timeout too when the asks other callers claimed meanwhile
   * never answered).
   */
  refresh(id: string): Promise<void>;
}

/**
 * `record` answers the ledger's record of the bill a token names, recording one the ledger has never seen (the
 * service's, which its reads and cancels share).
 */
export function createBillChecker(
  context: PaymentsContext,
  settlement: Settlement,
  record: (bill: BillRef, caller: Caller) => Promise<BillRecord>,
): BillChecker {
  const { ledger, schedule } = context;
  // Paid facts never change once recorded, so this instance may keep them: a paid bill's checks cost no I/O.
  const paidCache = new RecentMap<string, PaidPayment>(10_000);
  const askOnce = singleFlight<string, ConfirmResult>();

  /** What the ledger knows; an expired bill still being checked says until when, so a page may keep asking. */
  const lastKnown = (row: BillRecord, t: number): ConfirmResult =>
    row.status !== 'pending'
      ? { status: 'expired', id: row.id }
      : t < row.expiresAt
        ? { status: 'pending', id: row.id, expiresAt: iso(row.expiresAt), serverTime: iso(t) }
        : { status: 'expired', id: row.id, checkUntil: iso(row.expiresAt + schedule.graceMs) };

  /** Asks the upstream once (the caller holds the check's claim), and records what it said. */
  async function ask(row: BillRecord, ip: string): Promise<ConfirmResult> {
    let result;
    try {
      result = await context.upstream.confirm(row.id, ip);
    } catch (error) {
      if (error instanceof UpstreamFault) {
        const doubtful = !notCarriedOut(error);
        if (doubtful) context.log({ level: 'warn', msg: 'confirm_outcome_unknown', id: row.id, kind: error.kind });
        await ledger.recordCheck(row.id, { answer: `fault: ${error.kind}`, nextCheckAt: nextCheckAt(row.expiresAt, context.now(), schedule), doubtful });
      }
      throw error;
    }
    if (result.paid) {
      const paid = await settlement.paid(row, result);
      paidCache.set(row.id, paid);
      return paid;
    }
    const t = context.now();
    await ledger.recordCheck(row.id, { answer: 'not paid', nextCheckAt: nextCheckAt(row.expiresAt, t, schedule) });
    if (t >= row.expiresAt + schedule.graceMs) await settlement.unpaid(row, (await unsure(row.id)) ? 'needs_review' : 'expired');
    return lastKnown(row, t);
  }

  /**
   * Whether a bill's "not paid" proves nothing: a confirm of it failed after it may have taken effect, or was never
   * answered (its ask is still open now that ours is recorded). The upstream may have confirmed the payment then and
   * refuse every later confirm as "already used".
   */
  async function unsure(id: string): Promise<boolean> {
    const now = await ledger.bill(id);
    return !now || now.doubtful || now.asksOpen > 0;
  }

  /** The paid facts this instance knows without asking anyone, or holds unwritten. */
  async function known(id: string): Promise<PaidPayment | undefined> {
    return paidCache.get(id) ?? (await settlement.unwrittenPaid(id));
  }

  /**
   * Asks the upstream about a bill now, unless it was asked within the check gap on any instance (undefined then);
   * callers on this instance while an ask runs share its answer.
   */
  async function askNow(row: BillRecord, ip: string, t: number): Promise<ConfirmResult | undefined> {
    const inFlight = askOnce.running(row.id);
    if (inFlight) return inFlight;
    // Checked within the gap (as the row read says): no need to try the claim, which is a write.
    if (row.checkedAt !== null && t - row.checkedAt < schedule.checkGapMs) return undefined;
    if (!(await ledger.claimCheck(row.id, t, schedule.checkGapMs))) return undefined;
    return askOnce(row.id, () => ask(row, ip));
  }

  /**
   * The upstream's answer about a bill from an ask claimed at or after `since`: a "not paid" stands for one check
   * gap, and an older one (from the end of the proxy's own checks, or from before the payer paid) may have been
   * overtaken by a payment since. Asks once the gap allows, unless another caller does first; `busy` once `deadline`
   * passes.
   */
  async function answeredSince(row: BillRecord, ip: string, since: number, deadline: number, busy: () => Error): Promise<ConfirmResult> {
    for (;;) {
      const cached = await known(row.id);
      if (cached) return cached;
      const now = (await ledger.bill(row.id)) ?? row;
      if (now.paid) return now.paid;
      const t = context.now();
      const answered =
        now.checkedAt !== null && now.checkedAt >= since && t - now.checkedAt < schedule.checkGapMs && now.asksOpen === 0 && now.lastAnswer === 'not paid';
      if (!mayTurnPaid(now.status) || answered) return lastKnown(now, t);
      if (t > deadline) throw busy();
      const wait = now.checkedAt === null ? 0 : now.checkedAt + schedule.checkGapMs - t;
      if (wait <= 0 && (await ledger.claimCheck(now.id, t, schedule.checkGapMs))) return askOnce(now.id, () => ask(now, ip));
      await sleep(Math.max(wait, LOOK_MS));
    }
  }

  return {
    async check(bill, caller) {
      const cached = await known(bill.id);
      if (cached) return cached;
      const row = await record(bill, caller);
      if (row.paid) {
        paidCache.set(row.id, row.paid);
        return row.paid;
      }
      const t = context.now();
      const asks = row.status === 'pending' ? t < row.expiresAt + LAST_CALL_MS : mayTurnPaid(row.status);
      if (!asks) return lastKnown(row, t);
      // Two tabs on this instance share one upstream call; a caller on another instance gets the last known state.
      return (await askNow(row, caller.ip, t)) ?? lastKnown(row, t);
    },

    afterExpiry: (row, ip, deadline, since = row.expiresAt) => answeredSince(row, ip, since, deadline, ORDER_BUSY),

    async checkDue(id) {
      const row = await ledger.bill(id);
      if (!row || row.status !== 'pending') return;
      await askNow(row, row.clientIp, context.now()).catch((error) =>
        context.log({ level: 'warn', msg: 'reconcile_failed', id, kind: (error as UpstreamFault).kind ?? (error as Error)?.name }),
      );
    },

    async askAgain(row) {
      const t = context.now();
      try {
        const result = await answeredSince(row, row.clientIp, t, t + 2 * (schedule.checkGapMs + context.maxCallMs) + LOOK_MS, NO_ANSWER);
        return result.status === 'paid' ? result : undefined;
      } catch (error) {
        // A fault, or no answer in time: the upstream still cannot say.
        if (error instanceof UpstreamFault) return undefined;
        throw error;
      }
    },

    async refresh(id) {
      if (await known(id)) return;
      const row = await ledger.bill(id);
      if (!row || !mayTurnPaid(row.status)) return;
      // An ask running on this instance as the refresh comes is as fresh as one it would make.
      const inFlight = askOnce.running(id);
      if (inFlight) return void (await inFlight);
      // Long enough to wait out one gap and an ask another instance claimed at its end.
      const t = context.now();
      await answeredSince(row, row.clientIp, t, t + 2 * (schedule.checkGapMs + context.maxCallMs) + LOOK_MS, NO_ANSWER);
    },
  };
}

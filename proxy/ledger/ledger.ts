/**
 * The ledger: the money facts every instance of the proxy shares and that outlive any of them. Each bill created,
 * its last upstream answer, its paid facts and receipt, and the event of its payment with that event's webhook
 * deliveries. Two engines implement it with the same SQL (`sql-ledger.ts`): an SQLite file on Node, and a
 * SQLite-backed Durable Object on Workers.
 */
import type { PaidPayment, PaymentEvent } from '../../contract/http.ts';

export type BillStatus = 'pending' | 'paid' | 'expired' | 'cancelled';

export interface NewBill {
  id: string;
  ref1: string;
  amount: number;
  /** Epoch ms at which the upstream said the bill stops being payable. */
  expiresAt: number;
  /** What the merchant signed, for a bill created for an order: its ref1 and amount. */
  orderKey: string | null;
  sandbox: boolean;
  /** The customer's IP, passed on to the upstream's confirm when the proxy checks on its own. */
  clientIp: string;
  createdAt: number;
  /** When the proxy should first check it on its own. */
  nextCheckAt: number;
}

export interface BillRecord extends NewBill {
  status: BillStatus;
  /** When the upstream was last asked (or is being asked) whether it is paid. */
  checkedAt: number | null;
  /** The last upstream answer, in words safe to log. */
  lastAnswer: string | null;
  nextCheckAt: number;
  paid: PaidPayment | null;
}

export interface Delivery {
  event: PaymentEvent;
  /** This attempt's number, from 1. */
  attempt: number;
  firstAttemptAt: number;
}

export interface Ledger {
  /** Records a new bill; a bill already recorded is left as it is. A bill for an order ends that order's claim. */
  recordBill(bill: NewBill): Promise<void>;
  bill(id: string): Promise<BillRecord | undefined>;
  /** The bill of an order: a paid one if any, else the newest. */
  billForOrder(orderKey: string): Promise<BillRecord | undefined>;
  /**
   * Claims the right to create an order's next bill: true for one caller at a time, across every instance on this
   * ledger, until it records a bill for the order, releases the claim, or `leaseMs` passes (it crashed).
   */
  claimOrder(orderKey: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives up an order's claim without a bill (the upstream refused or failed), so that a retry need not wait. */
  releaseOrder(orderKey: string): Promise<void>;
  /**
   * Claims the right to ask the upstream about a pending bill now: true for one caller per `gapMs`, across every
   * instance on this ledger.
   */
  claimCheck(id: string, now: number, gapMs: number): Promise<boolean>;
  /** What a check learnt: the answer, when to check next, and the status if it changed (expired, cancelled). */
  recordCheck(id: string, answer: string, nextCheckAt: number, status?: 'expired' | 'cancelled'): Promise<void>;
  /**
   * Records a bill as paid with its event, once: the first facts recorded win, for every caller and instance, and
   * are returned. `deliverAt` queues the event's webhook (null: no webhook configured).
   */
  recordPaid(id: string, paid: PaidPayment, event: PaymentEvent, deliverAt: number | null): Promise<PaidPayment>;
  /** Sandbox only: the simulator expired a bill early. */
  expireNow(id: string, now: number): Promise<void>;
  /** Pending bills whose next check is due. */
  dueChecks(now: number, limit: number): Promise<string[]>;
  /** Events whose next delivery is due. */
  dueDeliveries(now: number, limit: number): Promise<string[]>;
  /** Claims one delivery attempt (no other instance makes it for `leaseMs`), or undefined if it is not due. */
  claimDelivery(id: string, now: number, leaseMs: number): Promise<Delivery | undefined>;
  /** How the attempt went: delivered, or when to try again (null: give up), and why it failed. */
  recordDelivery(id: string, outcome: { deliveredAt: number } | { nextAttemptAt: number | null; error: string }): Promise<void>;
  /** Events after a cursor, oldest first. */
  events(after: number, limit: number): Promise<{ seq: number; event: PaymentEvent }[]>;
  /** Queues an event's webhook again, from a first attempt; false if there is no such event. */
  redeliver(id: string, now: number): Promise<boolean>;
  /** The earliest time anything is due (a check or a delivery), or null. */
  nextWake(): Promise<number | null>;
}

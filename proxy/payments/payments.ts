/**
 * The payments service's contract: every step of a payment, with no HTTP in it. Routes, the reconciler on Node, a
 * bill's Durable Object alarm on Workers and the merchant's lookups depend on this interface; `service.ts` builds it
 * from the steps (`bill-maker.ts`, `bill-checker.ts`, `settlement.ts`, `webhook-outbox.ts`).
 *
 * Errors: an `ApiError` is a refusal the client sees as it is (status and code below). Besides those, any method
 * that reaches the upstream may throw an `UpstreamFault` (answered 504 `upstream_timeout` or 502 `upstream_error`),
 * and any that reaches the ledger a `LedgerFault` (503 `ledger_unavailable`); neither loses a recorded fact.
 */
import type {
  BillSummary,
  OrderDetails,
  CancelResult,
  ConfirmResult,
  CreatedPayment,
  CreateResult,
  EventsPage,
  PaymentEvent,
  PaymentEventType,
  PaymentsPage,
  PaymentView,
} from '../../contract/http.ts';
import type { Order } from '../../server-kit/tokens.ts';
import type { BillFilter, DeliveryRecord, ResolutionRecord, WebhookTrouble } from '../ledger/ledger.ts';
import type { PaymentClaims } from '../tokens.ts';

/** A bill as the console's payment page shows it. */
export interface BillHistory {
  bill: BillSummary;
  events: PaymentEvent[];
  deliveries: DeliveryRecord[];
  resolution: ResolutionRecord | null;
}

/** Who is asking, as the HTTP layer knows it. */
export interface Caller {
  /** The customer's IP, passed to the upstream's confirm. */
  ip: string;
  /** For logs. */
  rid?: string;
  /**
   * The proxy's public base this request came through: MAEMANEE_PUBLIC_URL, else the request's own. Used in sandbox
   * mode only, for where a payer opens a new bill's stand-in bill page.
   */
  base?: string;
}

/** What a payment token names: the browser's proof of which bill it holds. */
export type BillRef = Pick<PaymentClaims, 'id' | 'ref1' | 'amount' | 'billExpires'>;

/** Where a bill comes from, besides its amount and ref1. */
export interface BillOrigin {
  /** The order it was made for (`orderKey` of what the merchant signed, or `link:<id>` for a pay link's). */
  orderKey: string | null;
  /** The pay link it was made for. */
  linkId: string | null;
  /** What the buyer ordered, for a shop link's order: kept with the bill, in its paid facts. */
  order: OrderDetails | null;
}

/** An order's bill, and whether this call made it (201) or found it (200). */
export interface OrderBill {
  payment: CreateResult;
  created: boolean;
}

export interface PaymentsService {
  // The browser's calls, each with the bill its payment token names.

  /**
   * Makes a bill for an amount the browser chose (within bounds the route checked) and records it, pending, before
   * answering it with the token that binds this browser to it.
   * Throws 502 `upstream_refused` when the upstream refuses to create or show the bill.
   */
  create(amount: number, ref1: string, caller: Caller): Promise<CreatedPayment>;

  /**
   * One bill per signed order (its ref1 and amount, or a pay link's `link:<id>` in `origin.orderKey`), on every
   * instance: a reload or a second tab gets the pending bill back, a paid order answers its payment however often it
   * is signed, and an expired bill is replaced only once the upstream, asked after its expiry, says it is unpaid and
   * has cancelled it; an upstream that refuses the cancel is asked again whether it is paid (a payment made since
   * its last "not paid"), which answers that payment. Two instances asked at once still make one bill; the other
   * waits for it.
   * Throws 503 `order_busy` (with Retry-After) when another request is settling the order's bill or its QR is
   * payable for a few more seconds, 409 `order_unsettled` when the previous bill, asked again, is unpaid and still
   * cannot be closed, 502 `upstream_refused`.
   */
  createForOrder(order: Order, caller: Caller, origin?: { orderKey?: string; linkId: string | null; order?: OrderDetails | null }): Promise<OrderBill>;

  /**
   * The bill as the browser may see it, from the ledger (reading or resuming costs the upstream nothing), with the
   * receipt facts once paid. A bill the ledger has never seen (made before it existed) is recorded from its token.
   * Throws 404 `payment_not_found` for a cancelled bill; 502 `upstream_refused` when recording an unseen one fails.
   */
  read(bill: BillRef, caller: Caller): Promise<PaymentView>;

  /**
   * Whether the bill is paid. A paid bill answers from the ledger forever. Otherwise the upstream is asked at most
   * once per check gap per bill across every instance (two tabs on one instance share the ask); callers in between
   * get the last known state. An expired bill still being checked answers until when (`checkUntil`).
   * Throws 502 `upstream_refused` when recording a bill the ledger has never seen fails; a paid answer the ledger
   * cannot take is kept in this instance, logged with its facts and written later, and its `LedgerFault` thrown.
   */
  confirm(bill: BillRef, caller: Caller): Promise<ConfirmResult>;

  /**
   * Cancels an expired, unpaid bill upstream and in the ledger (`payment.expired` with `cancelled: true`). An expired
   * bill the upstream will not cancel is asked about as a confirm would be, so a late payment is found.
   * Throws 409 `already_paid`, 409 `not_expired` (before its expiry), 409 `cannot_cancel` (the upstream refuses:
   * it may be paid), 502 `upstream_refused`.
   */
  cancel(bill: BillRef, caller: Caller): Promise<CancelResult>;

  // The merchant's calls.

  /**
   * One bill as the ledger knows it; with `refresh`, after asking the upstream about it if it may still turn out
   * paid, which finds a payment made after the proxy's own checks ended. Within the check gap of the last ask, the
   * refresh waits the gap out and asks (the upstream still sees one confirm per bill per gap).
   * Throws 404 `payment_not_found`; with `refresh`, the upstream's fault, for the merchant to see (a timeout too in
   * the rare case the asks other instances claimed meanwhile never answer).
   */
  lookup(id: string, refresh?: boolean): Promise<BillSummary>;

  /**
   * The shop's bills, newest first, a page at a time (`next`: the cursor for the next page, or null): by ref1, status,
   * a search (`q`: a ref1, id_pay or pay link) and the time they were made.
   */
  list(filter: BillFilter): Promise<PaymentsPage>;

  /** The ledger's events after a cursor, oldest first, of one type if given, for the merchant's reconciliation. */
  events(after: number, limit: number, type?: PaymentEventType): Promise<EventsPage>;

  /** The events created in [from, to), newest first, with their cursors (`Ledger.eventsBetween`): the console's day. */
  eventsBetween(from: number, to: number, page: { after?: number; limit: number }): Promise<{ seq: number; event: PaymentEvent }[]>;

  /** The payments recorded paid in [from, to): how many, and the sum in baht. */
  paidTotals(from: number, to: number): Promise<{ count: number; sum: number }>;

  /** A bill with its events, each one's deliveries, and the owner's resolution if any. Throws 404 `payment_not_found`. */
  history(id: string): Promise<BillHistory>;

  /**
   * The owner's finding on a bill in review (`needs_review`), by the console member `memberId`, with the resolution
   * kept with the bill. `paid`: the upstream is asked once more first, and a paid answer is recorded as any is (by
   * `upstream`); if it still cannot say (not paid, a fault, no answer in time), the owner's word is recorded (by
   * `merchant`): the bill paid with `resolvedBy: "merchant"` in its facts, receipt and `payment.paid`. `not_paid`: the
   * bill ends expired with `payment.expired`. Both through the settlement, the one way a bill enters a status.
   * Throws 404 `payment_not_found`, 409 `not_in_review` (the bill is not in review, or left it meanwhile).
   */
  resolve(id: string, found: 'paid' | 'not_paid', memberId: string): Promise<{ history: BillHistory; resolution: ResolutionRecord }>;

  /** Each webhook endpoint's deliveries that failed and are not delivered (waiting, or given up). */
  webhookTrouble(): Promise<WebhookTrouble[]>;

  /**
   * Queues an event's webhook again to every configured endpoint; a delivery already waiting is left alone, so
   * asking twice sends once. How many deliveries were queued anew, or undefined if there is no such event.
   */
  redeliver(eventId: string): Promise<number | undefined>;

  // Health.

  /** `refusing` once the upstream has refused several calls in a row that should have succeeded. */
  upstreamState(): 'ok' | 'refusing';

  /** Resolves when the ledger can be written now; throws a `LedgerFault` otherwise. */
  probeLedger(): Promise<void>;

  // The proxy's own work, run by the runtime's scheduler.

  /**
   * Checks every pending bill that is due (so a customer who paid and closed the tab still gets a receipt and the
   * shop its webhook), after writing any paid answer this instance holds unwritten. An upstream fault of one check
   * is logged, not thrown.
   */
  runChecks(): Promise<void>;

  /** Starts every due webhook delivery, without waiting for them: a receiver that hangs delays nothing. */
  runDeliveries(): Promise<void>;

  /** Both, waiting for the deliveries too: a Durable Object's alarm, which must not end before its work. */
  runDue(): Promise<void>;

  /** Sandbox only: the simulator expired a bill early, so the ledger's expiry moves too. */
  expireNow(id: string): Promise<void>;
}

/**
 * The ledger: the money facts every instance of the proxy shares and that outlive any of them. Each bill created
 * (with the QR and bill page the upstream gave for it), its checks, its paid facts and receipt or how it ended, and
 * its events with each event's webhook deliveries, one per endpoint. Two engines implement it with the same SQL
 * (`sql-ledger.ts`): an SQLite file on Node, and SQLite-backed Durable Objects on Workers.
 */
import type { BillStatus, BillSummary, BuyerField, LinkItem, OrderDetails, PaidPayment, PaymentEvent, PaymentEventType } from '../../contract/http.ts';
import { iso } from '../time.ts';

export type { BillStatus };

/**
 * A bill's one story: the statuses each status may move to, and no other move. Paid and cancelled are final (the
 * upstream cancels only an unpaid bill, and refuses to confirm a cancelled one). An ended bill, expired or
 * needs_review, may still turn out paid: a payment can reach the upstream after the proxy's own checks end, and an
 * ask found it. A later ask may also leave an expired bill in doubt (its answer lost), or clear a bill's doubt (the
 * lost answer was recorded after all, as not paid); the upstream's cancel of an ended bill proves it unpaid.
 */
export const BILL_TRANSITIONS: { readonly [from in BillStatus]: readonly BillStatus[] } = {
  pending: ['paid', 'expired', 'needs_review', 'cancelled'],
  expired: ['paid', 'needs_review', 'cancelled'],
  needs_review: ['paid', 'expired', 'cancelled'],
  paid: [],
  cancelled: [],
};

/** The statuses from which a bill may enter `to`. */
export const enteredFrom = (to: BillStatus): BillStatus[] =>
  (Object.keys(BILL_TRANSITIONS) as BillStatus[]).filter((from) => BILL_TRANSITIONS[from].includes(to));

/** Whether the upstream may still be asked about a bill in this status: while it may still turn out paid. */
export const mayTurnPaid = (status: BillStatus) => BILL_TRANSITIONS[status].includes('paid');

export interface NewBill {
  id: string;
  ref1: string;
  amount: number;
  /** Epoch ms at which the upstream said the bill stops being payable. */
  expiresAt: number;
  /** What the merchant signed, for a bill created for an order: its ref1 and amount. */
  orderKey: string | null;
  /** The pay link the bill was made for. */
  linkId: string | null;
  /** What the buyer ordered, for a shop link's bill (its link order's, when the bill was made). */
  order: OrderDetails | null;
  sandbox: boolean;
  /** The customer's IP, passed on to the upstream's confirm when the proxy checks on its own. */
  clientIp: string;
  createdAt: number;
  /** When the proxy should first check it on its own. */
  nextCheckAt: number;
  /** The QR (a PNG data URL) and bill page the upstream gave at creation, so that reading a bill costs no call. */
  qr: string;
  payUrl: string | null;
}

export interface BillRecord extends NewBill {
  status: BillStatus;
  /** When the upstream was last asked (or is being asked) whether it is paid. */
  checkedAt: number | null;
  /** Confirms sent whose answers are not recorded (yet, or ever: a crash, an answer the ledger could not take). */
  asksOpen: number;
  /** A confirm failed in a way that may have come after the upstream carried it out (a timeout, a 500, garbage). */
  doubtful: boolean;
  /** The last upstream answer, in words safe to log. */
  lastAnswer: string | null;
  nextCheckAt: number;
  paid: PaidPayment | null;
}

/**
 * A pay link as the ledger keeps it. A plain link's bills are the bills of the order `link:<id>`; a shop link's (items,
 * fields or reusable) are its link orders', each the order `link:<id>:<order id>` (`linkOrderKey`).
 */
export interface LinkRecord {
  id: string;
  /** Baht: the amount, or with items the total at their starting quantities. */
  amount: number;
  description: string;
  ref1: string;
  /** The pay page's language, if the seller chose one. */
  lang: 'th' | 'en' | null;
  /**
   * The proxy's public base URL the link was made through (MAEMANEE_PUBLIC_URL, or the merchant's call's, checked
   * against the allowed origins): its page's absolute URLs. Null for a link stored before links kept it (schema 2).
   */
  base: string | null;
  createdAt: number;
  expiresAt: number;
  disabledAt: number | null;
  /** The items, each with its starting quantity; null for a link with one amount. */
  items: LinkItem[] | null;
  /** The buyer's details its page asks for. */
  fields: BuyerField[];
  /** Many buyers, each with their own orders and bills. */
  reusable: boolean;
  /** At most this many paid orders (a reusable link's stock); null: no limit. */
  limit: number | null;
}

/** The order key of a plain link's bills, `link:<id>`, or of a shop link's order's, `link:<id>:<order id>`. */
export const linkOrderKey = (linkId: string, orderId?: string) => (orderId === undefined ? `link:${linkId}` : `link:${linkId}:${orderId}`);

/**
 * A buyer's order through a shop link: what they chose, checked and totalled by the proxy, and the place it holds
 * against the link's limit. Its bills are those of the order `linkOrderKey(linkId, id)`.
 */
export interface LinkOrder {
  /** Random, URL-safe. */
  id: string;
  linkId: string;
  /** The buyer's browser, as its cookie names it. */
  buyer: string;
  /** Baht, as the proxy computed it. */
  amount: number;
  details: OrderDetails;
  createdAt: number;
  /** Until when it holds one of the link's places: set when it is placed or held again, and its bill's expiry once billed. */
  heldUntil: number;
  /** Its bill was paid: it counts against the link's limit for good. */
  sold: boolean;
}

/** Queue an event's webhook to these endpoints, from `at`. */
export interface Outbox {
  endpoints: readonly string[];
  at: number;
}

/** One delivery of one event to one endpoint. */
export interface DeliveryRef {
  eventId: string;
  endpoint: string;
}

export interface Delivery extends DeliveryRef {
  event: PaymentEvent;
  /** This attempt's number, from 1. */
  attempt: number;
  firstAttemptAt: number;
}

/** How an ask of the upstream ended, when it did not find the bill paid. */
export interface CheckOutcome {
  /** In words safe to log: "not paid", "fault: timeout". */
  answer: string;
  nextCheckAt: number;
  /** The outcome is unknown: the confirm may have taken effect upstream. */
  doubtful?: boolean;
}

/** The ledger cannot do what was asked: a read-only, vanished or full file, a schema it does not know. */
export class LedgerFault extends Error {
  constructor(
    message: string,
    /** The engine's error code, when it gave one (SQLITE_BUSY: another process holds the file; try again). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'LedgerFault';
  }
}

/** What the merchant's lookups show of a bill. */
export function summaryOf(row: BillRecord): BillSummary {
  return {
    id: row.id,
    ref1: row.ref1,
    amount: row.paid?.amount ?? row.amount,
    status: row.status,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    paidAt: row.paid?.paidAt ?? null,
    late: row.paid?.late ?? false,
    link: row.linkId,
    sandbox: row.sandbox,
    order: row.order,
  };
}

/** Which of the shop's bills to list, newest first: `before` is a cursor, a `seq` of an earlier page. */
export interface BillFilter {
  ref1?: string;
  status?: BillStatus;
  before?: number;
  limit: number;
}

/** A bill id from its event's id (`payment.paid:<id_pay>`), which is how the Workers front finds the bill's object. */
export const billOfEvent = (eventId: string) => eventId.slice(eventId.lastIndexOf(':') + 1);
export const eventId = (type: PaymentEventType, billId: string) => `${type}:${billId}`;

export interface Ledger {
  /**
   * Records a new bill; a bill already recorded is left as it is. A bill for an order ends that order's claim; a bill
   * for a shop link's order holds the order's place at least until the bill expires.
   */
  recordBill(bill: NewBill): Promise<void>;
  bill(id: string): Promise<BillRecord | undefined>;
  /** The bill of an order: a paid one if any, else the newest. */
  billForOrder(orderKey: string): Promise<BillRecord | undefined>;
  /** Every bill of an order, newest first. */
  billsForOrder(orderKey: string): Promise<BillRecord[]>;
  /** The shop's bills, newest first, each with its place in that order (`seq`, for the next page's `before`). */
  listBills(filter: BillFilter): Promise<{ seq: number; bill: BillSummary }[]>;
  /** Records a new pay link (its id is new: random). */
  recordLink(link: LinkRecord): Promise<void>;
  link(id: string): Promise<LinkRecord | undefined>;
  /** Disables a link, once (the first time stands); undefined if there is no such link. */
  disableLink(id: string, at: number): Promise<LinkRecord | undefined>;
  /**
   * Records a buyer's order of a shop link, holding a place until its `heldUntil`, if the link has room for it: with a
   * `limit`, the link's orders sold and those holding a place at `now` never number more than the limit, however many
   * callers and instances place orders at once. False, recording nothing, when there is no room.
   */
  placeLinkOrder(order: LinkOrder, limit: number | null, now: number): Promise<boolean>;
  /**
   * Holds a link order's place until `until` (never shortening it): true if the order is sold, holds a place at `now`,
   * or finds room again (counted as `placeLinkOrder` counts, without it); false, changing nothing, otherwise or for an
   * unknown order.
   */
  holdLinkOrder(linkId: string, id: string, until: number, limit: number | null, now: number): Promise<boolean>;
  linkOrder(linkId: string, id: string): Promise<LinkOrder | undefined>;
  /** The buyer's newest order of a link. */
  buyerOrder(linkId: string, buyer: string): Promise<LinkOrder | undefined>;
  /** How many of a link's orders are sold (their bill paid), and how many others hold a place at `now`. */
  linkStock(linkId: string, now: number): Promise<{ sold: number; held: number }>;
  /** The bills made for a link (a shop link's: its orders'), newest first, at most `limit`. */
  billsForLink(linkId: string, limit: number): Promise<BillRecord[]>;
  /**
   * Claims the right to create an order's next bill: true for one caller at a time, across every instance on this
   * ledger, until it records a bill for the order, releases the claim, or `leaseMs` passes (it crashed).
   */
  claimOrder(orderKey: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives up an order's claim without a bill (the upstream refused or failed), so that a retry need not wait. */
  releaseOrder(orderKey: string): Promise<void>;
  /**
   * Claims the right to ask the upstream about a bill that may still turn out paid (`mayTurnPaid`), ended ones
   * included, now: true for one caller per `gapMs`,
   * across every instance. The ask counts as open until its outcome is recorded; one never recorded (a crash, an
   * answer the ledger could not take) stays open, and a bill that ends unpaid with an ask open ends needing review.
   */
  claimCheck(id: string, now: number, gapMs: number): Promise<boolean>;
  /** What an ask learnt when the bill was not found paid: it closes the ask, and says when to check next. */
  recordCheck(id: string, outcome: CheckOutcome): Promise<void>;
  /**
   * Records a bill as paid with its event, once: the first facts recorded win, for every caller and instance, and
   * are returned. A shop link's order paid is sold: it counts against the link's limit for good. The event's webhook is queued to each endpoint of `outbox`. A bill that cannot become paid (it was
   * cancelled) throws a LedgerFault, so that the paid answer is kept and logged rather than dropped.
   */
  recordPaid(id: string, paid: PaidPayment, event: PaymentEvent, outbox: Outbox): Promise<PaidPayment>;
  /**
   * Ends an unpaid bill: expired or needs_review (the checks are over), or cancelled upstream. With its event, once:
   * false if the bill is already in that status or may not move to it (`BILL_TRANSITIONS`).
   */
  recordUnpaid(id: string, status: 'expired' | 'needs_review' | 'cancelled', event: PaymentEvent | null, outbox: Outbox): Promise<boolean>;
  /** Sandbox only: the simulator expired a bill early. */
  expireNow(id: string, now: number): Promise<void>;
  /** Pending bills whose next check is due. */
  dueChecks(now: number, limit: number): Promise<string[]>;
  /** Deliveries whose next attempt is due. */
  dueDeliveries(now: number, limit: number): Promise<DeliveryRef[]>;
  /** Claims one delivery attempt (no other instance makes it for `leaseMs`), or undefined if it is not due. */
  claimDelivery(ref: DeliveryRef, now: number, leaseMs: number): Promise<Delivery | undefined>;
  /** How the attempt went: delivered, or when to try again (null: give up), and why it failed. */
  recordDelivery(ref: DeliveryRef, outcome: { deliveredAt: number } | { nextAttemptAt: number | null; error: string }): Promise<void>;
  /** Events after a cursor, oldest first, of one type if given. */
  events(after: number, limit: number, type?: PaymentEventType): Promise<{ seq: number; event: PaymentEvent }[]>;
  /**
   * Queues an event's webhook again to each endpoint, from a first attempt. A delivery already waiting is left as it
   * is: asking twice sends once. Undefined if there is no such event, else how many deliveries were queued anew.
   */
  redeliver(eventId: string, endpoints: readonly string[], now: number): Promise<number | undefined>;
  /** The earliest time anything is due (a check or a delivery), or null. */
  nextWake(): Promise<number | null>;
  /** Throws a LedgerFault unless the ledger can be written now. */
  probe(): Promise<void>;
}

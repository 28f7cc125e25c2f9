/**
 * The ledger: the money facts every instance of the proxy shares and that outlive any of them. Each bill created
 * (with the QR and bill page the upstream gave for it), its checks, its paid facts and receipt or how it ended, and
 * its events with each event's webhook deliveries, one per endpoint. Two engines implement it with the same SQL
 * (`sql-ledger.ts`): an SQLite file on Node, and SQLite-backed Durable Objects on Workers.
 */
import type { AuditAction, Resolution, Role } from '../../contract/console.ts';
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
  /** How the owner settled the bill when it was in review, if they did. */
  resolution: ResolutionRecord | null;
}

/** A console resolution of a bill in review, as the ledger keeps it (epoch ms). */
export type ResolutionRecord = Omit<Resolution, 'at'> & { at: number };

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
    ...(row.resolution ? { resolvedBy: row.resolution.by } : {}),
  };
}

/** Which of the shop's bills to list, newest first: `before` is a cursor, a `seq` of an earlier page. */
export interface BillFilter {
  ref1?: string;
  status?: BillStatus;
  /** A bill whose ref1, id_pay or pay link is this. */
  q?: string;
  /** Bills created in [from, to), epoch ms. */
  from?: number;
  to?: number;
  before?: number;
  limit: number;
}

/** One event's delivery to one endpoint, as it stands. */
export interface DeliveryRecord extends DeliveryRef {
  attempts: number;
  deliveredAt: number | null;
  nextAttemptAt: number | null;
  lastError: string | null;
}

/** An endpoint's deliveries that are not delivered: waiting after a failure, and given up. */
export interface WebhookTrouble {
  endpoint: string;
  failing: number;
  gaveUp: number;
  /** The error of its latest failing or given-up delivery. */
  lastError: string | null;
}

// The console's members, one-time invites, sessions, passkeys, passkey challenges and audit list.

export interface MemberRecord {
  /** `owner` for the owner (there is one); a random id for each staff member. */
  id: string;
  role: Role;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface InviteRecord {
  /** SHA-256 of the token, hex: the token itself is only in the link. */
  tokenHash: string;
  role: Role;
  name: string | null;
  /** The member it signs in: the owner, or the staff member it makes. */
  memberId: string;
  /** The console's public base URL it was made through: its sessions' and passkeys' origin. */
  base: string;
  /** The member who made it; null for the merchant API (the command). */
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface SessionRecord {
  /** Its public id (the devices list, `Me.session`). */
  id: string;
  /** SHA-256 of the cookie's secret, hex. */
  secretHash: string;
  memberId: string;
  base: string;
  /** The device, from its User-Agent. */
  label: string;
  passkey: boolean;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** A session before it exists: its member and base come from what signs it in. */
export type NewSession = Omit<SessionRecord, 'memberId' | 'base' | 'revokedAt'>;

export interface PasskeyRecord {
  /** The credential id, base64url. */
  id: string;
  memberId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  /** The console's base URL it was registered through: its origin is the passkey's, and that origin's host its RP ID. */
  base: string;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A WebAuthn challenge handed out for one attempt. */
export interface ChallengeRecord {
  challenge: string;
  purpose: 'register' | 'signin';
  /** Who is registering; null for a sign-in. */
  memberId: string | null;
  origin: string;
  expiresAt: number;
}

export interface AuditRecord {
  seq: number;
  at: number;
  memberId: string | null;
  action: AuditAction;
  subject: string | null;
  detail: string | null;
}

/** Why an invite did not sign anyone in. */
export type InviteRefusal = 'unknown' | 'used' | 'expired';

/**
 * The console's access, in the ledger: on Node its tables, on Workers one directory object (`console`). Times are
 * epoch ms from the caller's clock.
 */
export interface ConsoleLedger {
  recordInvite(invite: InviteRecord): Promise<void>;
  /**
   * Signs in with an invite, once, for every caller and instance: marks it used, makes its member (the owner once;
   * each staff invite its own) and the session, all or nothing. Refused if unknown, used or expired at `now`.
   */
  redeemInvite(tokenHash: string, session: NewSession, now: number): Promise<{ session: SessionRecord; member: MemberRecord } | { refused: InviteRefusal }>;
  /** Every base URL an invite was made through, distinct. */
  consoleBases(): Promise<string[]>;
  /** A session by its secret's hash, with its member, whatever its state (the caller judges expiry and revocation). */
  session(secretHash: string): Promise<{ session: SessionRecord; member: MemberRecord } | undefined>;
  /** Records a session made otherwise than by an invite (a passkey). */
  recordSession(session: SessionRecord): Promise<void>;
  /** A session was used: when, and its new expiry. */
  touchSession(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  /** Revokes a session, once (the first time stands); undefined if there is none. */
  revokeSession(id: string, at: number): Promise<SessionRecord | undefined>;
  /** Revokes a member, every session of theirs and their passkeys, once; undefined if there is none. */
  revokeMember(id: string, at: number): Promise<MemberRecord | undefined>;
  /** Every member (the owner first, then by age), with their sessions live at `now` and their passkeys. */
  consoleMembers(now: number): Promise<{ member: MemberRecord; sessions: SessionRecord[]; passkeys: PasskeyRecord[] }[]>;
  recordPasskey(passkey: PasskeyRecord): Promise<void>;
  passkey(id: string): Promise<PasskeyRecord | undefined>;
  passkeysOf(memberId: string): Promise<PasskeyRecord[]>;
  /**
   * A passkey signed in: its counter moves from `counter` (what the signature was checked against) to `newCounter`,
   * once; false if another sign-in moved it first (a cloned authenticator, or a replay).
   */
  usePasskey(id: string, counter: number, newCounter: number, at: number): Promise<boolean>;
  /** Removes a passkey; the one removed, or undefined. */
  removePasskey(id: string): Promise<PasskeyRecord | undefined>;
  /** Keeps a challenge for its attempt (and forgets those expired by `now`). */
  recordChallenge(challenge: ChallengeRecord, now: number): Promise<void>;
  /** Takes a challenge, once: the first caller gets it, if it has not expired at `now`; nobody after. */
  takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | undefined>;
  recordAudit(entry: Omit<AuditRecord, 'seq'>): Promise<void>;
  /** The audit list, newest first; `before` is a `seq` of an earlier page. */
  audit(filter: { before?: number; limit: number }): Promise<AuditRecord[]>;
}

/** A bill id from its event's id (`payment.paid:<id_pay>`), which is how the Workers front finds the bill's object. */
export const billOfEvent = (eventId: string) => eventId.slice(eventId.lastIndexOf(':') + 1);
export const eventId = (type: PaymentEventType, billId: string) => `${type}:${billId}`;

export interface Ledger extends ConsoleLedger {
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
  /** A bill's events, oldest first, and each one's delivery to each endpoint. */
  billHistory(id: string): Promise<{ events: PaymentEvent[]; deliveries: DeliveryRecord[] }>;
  /** Records a new pay link (its id is new: random). */
  recordLink(link: LinkRecord): Promise<void>;
  link(id: string): Promise<LinkRecord | undefined>;
  /** The shop's links, newest first; `before` is the last link of an earlier page. */
  listLinks(filter: { before?: { createdAt: number; id: string }; limit: number }): Promise<LinkRecord[]>;
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
  recordPaid(id: string, paid: PaidPayment, event: PaymentEvent, outbox: Outbox, resolution?: ResolutionRecord): Promise<PaidPayment>;
  /**
   * Ends an unpaid bill: expired or needs_review (the checks are over), or cancelled upstream. With its event, once:
   * false if the bill is already in that status or may not move to it (`BILL_TRANSITIONS`). With `resolution` (the
   * owner's word on a bill in review), it is kept with the status, in the same write; so with `recordPaid`.
   */
  recordUnpaid(id: string, status: 'expired' | 'needs_review' | 'cancelled', event: PaymentEvent | null, outbox: Outbox, resolution?: ResolutionRecord): Promise<boolean>;
  /** Keeps how a bill's review ended when the upstream itself settled it (the owner asked); the first one stands. */
  recordResolution(id: string, resolution: ResolutionRecord): Promise<void>;
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
   * The events created in [from, to) (epoch ms), newest first: without `after`, the newest `limit`; with it, the oldest
   * `limit` of those after that cursor, so that a caller following the cursor never skips one. Events recorded before
   * the ledger kept their time (schema 3) are in no range.
   */
  eventsBetween(from: number, to: number, page: { after?: number; limit: number }): Promise<{ seq: number; event: PaymentEvent }[]>;
  /** The `payment.paid` events created in [from, to): how many, and the sum of their amounts. */
  paidTotals(from: number, to: number): Promise<{ count: number; sum: number }>;
  /** Each endpoint with deliveries not delivered after a failure (waiting, or given up); none for an endpoint with none. */
  webhookTrouble(): Promise<WebhookTrouble[]>;
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

/**
 * What crosses the wire between the element (or any client) and the proxy, and from the proxy to the merchant's
 * server. The element's client, the proxy's routes and the tests all import these; each name means one thing.
 */

/** What the upstream confirmed as paid: the facts a receipt, a webhook and the events feed carry. */
export interface ReceiptFacts {
  /** The upstream's id_pay: credit each one once. */
  id: string;
  ref1: string;
  /** Baht, as the upstream confirmed it. */
  amount: number;
  /** ISO time the proxy first saw the bill paid. */
  paidAt: string;
  /** The upstream confirmed it after the bill's expiry: the customer may have paid again for the same order. */
  late: boolean;
  /** True when the payment was simulated: no money moved. */
  sandbox: boolean;
  /** The pay link the bill was made for, if any. */
  link?: string;
  /** What the buyer ordered through a shop link (items, quantities, their details); absent for any other bill. */
  order?: OrderDetails;
  /**
   * `merchant`: no upstream confirmed this payment. The bill's outcome was unknown (needs review), the upstream still
   * could not say when asked again, and the shop's owner recorded it paid in the console, having found it in the Mae
   * Manee app. Credit it as any payment; the money's trace is the owner's word, not the upstream's.
   */
  resolvedBy?: 'merchant';
}

/** What the ledger knows of any bill, paid or not: the data of `payment.expired` and `payment.needs_review`. */
export interface BillFacts {
  /** The upstream's id_pay. */
  id: string;
  ref1: string;
  amount: number;
  expiresAt: string;
  sandbox: boolean;
  link?: string;
}

/** A bill as the browser may see it: `GET /v1/payments/:id` while it is not paid. */
export interface Payment {
  id: string;
  ref1: string;
  /** Baht to transfer, as the upstream billed it. */
  amount: number;
  /** `data:image/png;base64,…`; empty when the upstream no longer shows the QR of an expired bill. */
  qr: string;
  /** The hosted bill page (https), or null. */
  payUrl: string | null;
  expiresAt: string;
  serverTime: string;
  status: 'pending' | 'expired';
  sandbox: boolean;
}

/** `POST /v1/payments`: the bill and the token that binds this browser to it. */
export interface CreatedPayment extends Payment {
  token: string;
}

/** A paid bill, as confirm and a read of a paid bill answer it. */
export interface PaidPayment extends ReceiptFacts {
  status: 'paid';
  /** The receipt: an HS256 JWT of kind `receipt` over the facts, for the merchant's server to verify. */
  receipt: string;
}

/** `POST /v1/payments` for an order that is already paid answers 200 with its payment, as does a read. */
export type CreateResult = CreatedPayment | PaidPayment;

/** `POST /v1/payments/:id/confirm`. */
export type ConfirmResult =
  | PaidPayment
  | { status: 'pending'; id: string; expiresAt: string; serverTime: string }
  /** `checkUntil`: while the proxy still looks for a late payment of this bill (a page may keep asking, slowly). */
  | { status: 'expired'; id: string; checkUntil?: string };

/** `GET /v1/payments/:id`. */
export type PaymentView = Payment | PaidPayment;

/** `POST /v1/payments/:id/cancel`. */
export interface CancelResult {
  status: 'cancelled';
  id: string;
}

/** Every error answer, whatever its HTTP status. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** `GET /health`: 503 with `ok: false` while the ledger is failing. */
export interface Health {
  ok: boolean;
  mode: 'sandbox' | 'live';
  /** `refusing`: the upstream's last answers to calls that should succeed were refusals (check the credentials). */
  upstream: 'ok' | 'refusing';
  /** `failing`: the ledger cannot be written (a read-only or vanished file, a full disk): payments cannot be recorded. */
  ledger: 'ok' | 'failing';
}

/** Where a bill ended, or that it has not yet. `needs_review`: a confirm's outcome was never learnt (see docs/reference/security.md). */
export type BillStatus = 'pending' | 'paid' | 'expired' | 'cancelled' | 'needs_review';

/** `GET /v1/payments?ref1=&status=&after=&limit=` (merchant token): newest first. */
export interface PaymentsPage {
  payments: BillSummary[];
  /** Pass as `after` for the next page; null when this page is the last. */
  next: string | null;
}

/** A bill as the merchant's lookups show it (`GET /v1/payments/:id` with a merchant token). */
export interface BillSummary {
  id: string;
  ref1: string;
  amount: number;
  status: BillStatus;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  late: boolean;
  link: string | null;
  sandbox: boolean;
  /** What the buyer ordered through a shop link, or null. */
  order: OrderDetails | null;
  /**
   * How a bill in review was settled through the console, if it was: `upstream`, the upstream confirmed it paid when
   * asked again; `merchant`, the owner's word (paid, with `resolvedBy` in its facts, or not paid: expired).
   */
  resolvedBy?: 'merchant' | 'upstream';
}

interface EventOf<T extends string, D> {
  /** `<type>:<id_pay>`, the same on every delivery (the `webhook-id` header): store it and act once. */
  id: string;
  type: T;
  created: string;
  data: D;
}

/** One event of the ledger: the webhook body, and an entry of `GET /v1/events`. Each is once per bill. */
export type PaymentEvent =
  /** Credit the order once per `data.id` (the id_pay); with `data.late`, it was paid after the QR expired. */
  | EventOf<'payment.paid', ReceiptFacts>
  /** The proxy stopped checking a bill that was never paid (or it was cancelled): release the order. */
  | EventOf<'payment.expired', BillFacts & { cancelled: boolean }>
  /** A confirm's outcome was never learnt and the bill may be paid: look it up in the Mae Manee app. */
  | EventOf<'payment.needs_review', BillFacts & { reason: string }>;

export type PaymentEventType = PaymentEvent['type'];

/**
 * What `maemanee-pay doctor` posts to each webhook endpoint to test it, signed like any delivery and marked
 * `sandbox: true`: a receiver that ignores sandbox events, or every type but the ones it handles, acknowledges it.
 */
export type WebhookTestEvent = EventOf<'webhook.test', { id: string; sandbox: true; message: string }>;

/** Whatever a webhook delivery carries. */
export type WebhookEvent = PaymentEvent | WebhookTestEvent;

export const PAYMENT_EVENT_TYPES: readonly PaymentEventType[] = ['payment.paid', 'payment.expired', 'payment.needs_review'];

/** `GET /v1/events?after=&limit=`. */
export interface EventsPage {
  events: PaymentEvent[];
  /** Pass as `after` for the next page; the same cursor when there is nothing newer yet. */
  next: string;
}

/**
 * A pay link's state. A one-payment link is paid once any of its bills is paid, whatever else happens to it; a reusable
 * one is sold out once its paid orders reach its limit. Then disabled, expired, or open.
 */
export type LinkStatus = 'open' | 'paid' | 'sold_out' | 'expired' | 'disabled';

/**
 * What every pay link's `ref1` begins with, and no browser-chosen one may (in any case): a bill whose ref1 reads like a
 * link's was made for a link, never by someone who read the link's URL.
 */
export const LINK_REF1_PREFIX = 'link-';

/** An item of a shop link, as the seller sets it. */
export interface LinkItem {
  /** 1 to 100 characters of plain text, on one line. */
  name: string;
  /** Whole baht for one. */
  price: number;
  /**
   * How many: fixed, or with `adjustable` the quantity the page starts at. Default 1 (with `adjustable`, its `min`
   * when that is above 1). Whole, 1 to 99 (0 to 99 where adjustable).
   */
  quantity?: number;
  /** The buyer picks how many on the page, from `min` to `max`: whole numbers, 0 ≤ min < max ≤ 99. */
  adjustable?: { min: number; max: number };
}

/** The details a shop link may ask the buyer for, each at most once. */
export const BUYER_FIELD_KEYS = ['name', 'phone', 'address', 'note'] as const;
export type BuyerFieldKey = (typeof BUYER_FIELD_KEYS)[number];

/** A detail a shop link asks for; a required one must be given before the tap to pay. */
export interface BuyerField {
  key: BuyerFieldKey;
  required: boolean;
}

/** The details a buyer gave, by key: each trimmed, a phone as 10 digits; a field left empty is absent. */
export type BuyerDetails = Partial<Record<BuyerFieldKey, string>>;

/** An item as bought: its name and price when the buyer ordered it, and how many (never 0: an item not bought is left out). */
export interface OrderedItem {
  name: string;
  price: number;
  quantity: number;
}

/**
 * What a buyer ordered through a shop link, kept with its bill: `data.order` of `payment.paid`, and `order` in the
 * lookups. `items` is empty for a link with one amount (and details only).
 */
export interface OrderDetails {
  items: OrderedItem[];
  fields: BuyerDetails;
}

/**
 * `POST /v1/links` (merchant token): what the seller asks for. Either `amount`, or `items` (the proxy computes the
 * total). With `items`, `fields` or `reusable` it is a shop link: its page asks the buyer for their choices first.
 */
export interface NewLinkRequest {
  /** Whole baht, within the proxy's bounds; not with `items`. */
  amount?: number;
  /** 1 to 20 items; every total the buyer can pick must be within the proxy's bounds. Not with `amount`. */
  items?: LinkItem[];
  /** The details the page asks the buyer for (at most one of each key). */
  fields?: BuyerField[];
  /** Many buyers, each with their own bill; false: one payment, as a plain link. */
  reusable?: boolean;
  /** With `reusable`: at most this many paid orders (stock), 1 to 100,000; a bill being paid holds a place until it expires. */
  limit?: number;
  /**
   * What is being paid for, 1 to 200 characters of plain text: shown on the pay page and in chat previews. Required
   * with `amount`; with `items`, default their names.
   */
  description?: string;
  /** The seller's reference, beginning with `link-`; default `link-<id>`. */
  ref1?: string;
  /** Seconds the link can be paid; default 7 days, at most 90. */
  expiresIn?: number;
  /** The pay page's language; unset: the payer's browser chooses, Thai unless it prefers English. */
  lang?: 'th' | 'en';
}

/** A payment of a link, as `GET /v1/links/:id` lists it. */
export interface LinkPayment {
  id: string;
  status: BillStatus;
  paidAt: string | null;
  /** Baht, as billed (as paid, once paid). */
  amount: number;
  /** What the buyer ordered, for a shop link's bill. */
  order: OrderDetails | null;
  /** The buyer's receipt page, once paid (unguessable: share it with that buyer only). */
  receiptUrl: string | null;
}

/** A pay link, as the links API answers it. */
export interface Link {
  /** At least 96 random bits, URL-safe. */
  id: string;
  /** The hosted pay page: the proxy's own `/pay/<id>`. */
  url: string;
  /** Baht: the link's amount, or with items the total at their starting quantities. */
  amount: number;
  description: string;
  ref1: string;
  lang: 'th' | 'en' | null;
  /** The items with their starting quantities, or null for a link with one amount. */
  items: LinkItem[] | null;
  fields: BuyerField[];
  reusable: boolean;
  limit: number | null;
  /** Paid orders so far (of a reusable link, against its limit). */
  sold: number;
  createdAt: string;
  expiresAt: string;
  status: LinkStatus;
  /** The bills made for it, newest first, at most 100 (`GET /v1/links/:id`). */
  payments?: LinkPayment[];
}

/**
 * `POST /pay/:id/checkout`, from a shop link's own page (the buyer's browser): the buyer's choices, which the proxy
 * checks against the link before anything is billed. A page never sends a price or a total.
 */
export interface CheckoutRequest {
  /** How many of each item, one per item of the link and in its order: a fixed item's quantity, or within its range. */
  quantities?: number[];
  fields?: BuyerDetails;
}

/** The proxy's answer to a checkout: what the page's element pays the buyer's order with. */
export interface Checkout {
  /** A signed order, for the element's `order` attribute. */
  order: string;
  /** The total, in baht, as the proxy computed it. */
  amount: number;
}

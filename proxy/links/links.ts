/**
 * The links service's contract: pay links for a seller with no checkout page, who pastes a link in a chat while the
 * payer pays on the proxy's own page. The merchant's `/v1/links` routes (and the console's), the pay page and the
 * payments routes depend on this interface; `service.ts` builds it.
 *
 * A plain link (one amount, nothing asked) is an order the proxy signs for itself, keyed by the link
 * (`linkOrderKey(id)`): its bills are that order's, so two tabs share one bill, a paid link answers its payment for
 * ever, and an expired bill is replaced as any order's is.
 *
 * A shop link (items, the buyer's details, or reusable) is a small shop: its page asks the buyer first, and the buyer's
 * choices become a link order (`checkout`), which the proxy checks and totals and which holds one of the link's places
 * (a one-payment link has one; a reusable one its limit, or no limit). Each order is an order of its own
 * (`linkOrderKey(id, order)`) with its own bills, and each buyer's browser is known by a cookie, so a buyer's reloads and
 * tabs find their order. Besides the `ApiError`s below, every method may throw the ledger's `LedgerFault` (503
 * `ledger_unavailable`).
 */
import type { BuyerField, Checkout, CheckoutRequest, Link, LinkItem, OrderDetails, PaidPayment } from '../../contract/http.ts';
import { linkOrderKey, type LinkOrder, type LinkRecord } from '../ledger/ledger.ts';

export { linkOrderKey };

/** A new link, its fields checked by the route. */
export interface NewLink {
  /** Baht: the amount, or with items the total at their starting quantities. */
  amount: number;
  description: string;
  /** Begins with `link-` (the route checks it); else `link-<id>`. */
  ref1?: string;
  /** Seconds it can be paid. */
  expiresIn: number;
  /** The pay page's language; null: the payer's browser chooses. */
  lang: 'th' | 'en' | null;
  /** The items (each with its starting quantity), or null for one amount. */
  items: LinkItem[] | null;
  fields: BuyerField[];
  reusable: boolean;
  limit: number | null;
}

/** Whether a link is a shop link: its page asks the buyer first, or it is for many buyers. */
export const isShopLink = (link: Pick<LinkRecord, 'items' | 'fields' | 'reusable'>) => link.items !== null || link.fields.length > 0 || link.reusable;

/** How many orders a shop link may have paid or being paid at once: one for a one-payment link; null, no limit. */
export const placesOf = (link: Pick<LinkRecord, 'reusable' | 'limit'>) => (link.reusable ? link.limit : 1);

/** What the pay page shows of a link: where it stands, for this buyer, with what each standing needs. */
export type LinkPage =
  /** A one-payment link, paid: its payment, for anyone who opens it. */
  | { link: LinkRecord; status: 'paid'; paid: PaidPayment }
  | { link: LinkRecord; status: 'disabled' | 'expired' }
  /** A shop link with no place left; `held`: some places are only held by bills being paid, and may come free. */
  | { link: LinkRecord; status: 'sold_out'; held: boolean }
  /** A plain link, open: the order the page's element pays it with, signed for the time the link has left. */
  | { link: LinkRecord; status: 'open'; order: string }
  /** A shop link, open: the form that asks the buyer. */
  | { link: LinkRecord; status: 'form' }
  /** This buyer's order, holding its place: what they chose, and the signed order the element pays it with. */
  | { link: LinkRecord; status: 'ordered'; mine: LinkOrder; order: string }
  /** This buyer's order, paid. */
  | { link: LinkRecord; status: 'bought'; mine: LinkOrder; paid: PaidPayment };

export interface LinksService {
  /**
   * Records a new link and answers it with its URL, on the proxy's public base: MAEMANEE_PUBLIC_URL, else the base
   * the merchant's call came in on, which the link keeps for its page.
   * Throws 409 `public_url_required` when that base is not an allowed origin (the page could not call the proxy).
   */
  create(fields: NewLink, requestBase: string): Promise<Link>;

  /**
   * A link with where it stands (see `LinkStatus`), how many of its orders are paid, and its payments (newest first,
   * at most 100, each with what was ordered and its receipt's URL). Throws 404 `link_not_found`; 409
   * `public_url_required` for a link that kept no base (made before links did) read through a base that is not allowed.
   */
  get(id: string, requestBase: string): Promise<Link>;

  /**
   * Disables a link, once (the first time stands): its page stops offering a bill. A paid link stays paid.
   * Throws 404 `link_not_found`, and as `get` does.
   */
  disable(id: string, requestBase: string): Promise<Link>;

  /**
   * The shop's links, newest first, each with where it stands and its payments, a page at a time: `after` is the
   * `next` of the page before (null on the last page). Throws 400 `invalid_query` for a cursor it did not make.
   */
  list(page: { after?: string; limit: number }, requestBase: string): Promise<{ links: Link[]; next: string | null }>;

  /** What a seller reads for a link's payment: its description; undefined for an unknown link. */
  title(id: string): Promise<string | undefined>;

  /**
   * What the pay page shows, from the ledger alone (a GET creates nothing and asks the upstream nothing); undefined for
   * an unknown link. `buyer`: the browser's cookie, if it has one; `again`: a buyer whose order is paid asks to order
   * once more (a reusable link's form).
   */
  page(id: string, buyer?: string, again?: boolean): Promise<LinkPage | undefined>;

  /**
   * A buyer's choices on a shop link's page: checked against the link (`contract/order.ts`), totalled, and recorded as
   * the buyer's order, which holds one of the link's places until its bill is made and for as long as the bill is
   * payable. Answers the signed order the page's element pays it with.
   * Throws 404 `link_not_found`; 409 `not_a_shop_link` (a plain link asks nothing); 410 `link_closed` (disabled,
   * expired or paid); 400 `unknown_item`, `invalid_quantity`, `field_required`, `invalid_field`, `invalid_phone`,
   * `unknown_field`, `invalid_amount` (the buyer's choices); 409 `order_in_progress` (this buyer's earlier order still
   * holds its place: the page shows it); 410 `sold_out` (no place left), recording nothing.
   */
  checkout(id: string, buyer: string, request: CheckoutRequest): Promise<Checkout>;

  /**
   * Resolves when a bill may be made for the link's order, with what the order's bill keeps: nothing for a plain link
   * (open, or paid: the order then answers its payment); a shop link's order's details, once its place is held again
   * (a sold order answers its payment).
   * Throws 404 `link_not_found`, 410 `link_closed` (disabled or expired, or a one-payment link paid by another order),
   * 410 `sold_out` (the order's place lapsed and none is left).
   */
  payable(id: string, linkOrder?: string): Promise<OrderDetails | null>;

  /**
   * A paid bill of the link, by its receipt page's token (`receiptPath`): undefined unless the token is that bill's.
   */
  receipt(id: string, token: string): Promise<{ link: LinkRecord; paid: PaidPayment } | undefined>;
}

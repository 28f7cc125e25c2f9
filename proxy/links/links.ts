/**
 * The links service's contract: pay links for a seller with no checkout page, who pastes a link in a chat while the
 * payer pays on the proxy's own page. The merchant's `/v1/links` routes, the pay page and the payments routes depend
 * on this interface; `service.ts` builds it.
 *
 * A link is an order the proxy signs for itself, keyed by the link (`linkOrderKey`): its bills are that order's, so
 * two tabs share one bill, a paid link answers its payment for ever, and an expired bill is replaced as any order's
 * is. Besides the `ApiError`s below, every method may throw the ledger's `LedgerFault` (503 `ledger_unavailable`).
 */
import type { Link, PaidPayment } from '../../contract/http.ts';
import type { LinkRecord } from '../ledger/ledger.ts';

/** The order key of a link's bills. */
export const linkOrderKey = (id: string) => `link:${id}`;

/** A new link, its fields checked by the route. */
export interface NewLink {
  amount: number;
  description: string;
  /** Begins with `link-` (the route checks it); else `link-<id>`. */
  ref1?: string;
  /** Seconds it can be paid. */
  expiresIn: number;
  /** The pay page's language; null: the payer's browser chooses. */
  lang: 'th' | 'en' | null;
}

/** What the pay page shows of a link: where it stands, with what each standing needs. */
export type LinkPage =
  | { link: LinkRecord; status: 'paid'; paid: PaidPayment }
  | { link: LinkRecord; status: 'disabled' | 'expired' }
  | {
      link: LinkRecord;
      status: 'open';
      /** The order the page's element pays the link with, signed for the time the link has left. */
      order: string;
    };

export interface LinksService {
  /**
   * Records a new link and answers it with its URL, on the proxy's public base: MAEMANEE_PUBLIC_URL, else the base
   * the merchant's call came in on, which the link keeps for its page.
   * Throws 409 `public_url_required` when that base is not an allowed origin (the page could not call the proxy).
   */
  create(fields: NewLink, requestBase: string): Promise<Link>;

  /**
   * A link with where it stands (paid once any of its bills is, whatever came after; then disabled, expired or open)
   * and its payments. Throws 404 `link_not_found`; 409 `public_url_required` for a link that kept no base (made
   * before links did) read through a base that is not allowed.
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
   * What the pay page shows, from the ledger alone (a GET creates nothing and asks the upstream nothing);
   * undefined for an unknown link.
   */
  page(id: string): Promise<LinkPage | undefined>;

  /**
   * Resolves when a bill may be made for the link's order: it is open, or paid (the order then answers its
   * payment). Throws 404 `link_not_found`, 410 `link_closed` (disabled or expired).
   */
  payable(id: string): Promise<void>;
}

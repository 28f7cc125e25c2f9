/**
 * Builds the links service (its contract: `links.ts`) on the ledger: links, where each stands from its bills (a shop
 * link's, from its orders), and a shop link's buyers' orders with the places they hold.
 */
import { LINK_REF1_PREFIX, type Link, type LinkPayment, type LinkStatus } from '../../contract/http.ts';
import { checkOrder, receiptPath, type OrderProblem } from '../../contract/order.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, Ledger, LinkOrder, LinkRecord } from '../ledger/ledger.ts';
import { signOrder } from '../../server-kit/tokens.ts';
import { isShopLink, linkOrderKey, placesOf, type LinksService } from './links.ts';
import { RecentMap } from '../recent-map.ts';
import { iso } from '../time.ts';

/** 16 random bytes, base64url: 128 bits nobody guesses. */
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * How long a buyer's order holds its place before its bill is made: the element makes the bill at once, in the same
 * tap; a bill then holds the place until it expires.
 */
export const ORDER_HOLD_MS = 3 * 60_000;

/** The most payments a link's view lists. */
const PAYMENTS_LISTED = 100;

/**
 * A new link or buyer id. One that begins with `-` is drawn again: a command line takes it for an option, and a
 * spreadsheet export guards it against being read as a formula (`'-…`), so the id would not read back as written.
 */
export function newId(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    if (!id.startsWith('-')) return id;
  }
}

/** What each refusal of a buyer's choices says, in the API's words (the page says it in the buyer's language). */
const REFUSALS: { [C in OrderProblem['code']]: (problem: Extract<OrderProblem, { code: C }>) => ApiError } = {
  unknown_item: () => new ApiError(400, 'unknown_item', 'quantities must give one quantity for each item of the link, in its order'),
  invalid_quantity: (p) => new ApiError(400, 'invalid_quantity', `quantities[${p.item}] is not a quantity this item may be bought in`),
  field_required: (p) => new ApiError(400, 'field_required', `fields.${p.field} is required`),
  invalid_field: (p) => new ApiError(400, 'invalid_field', `fields.${p.field} must be plain text within its length`),
  invalid_phone: () => new ApiError(400, 'invalid_phone', 'fields.phone must be a Thai mobile number: 10 digits starting 06, 08 or 09 (spaces and dashes allowed)'),
  unknown_field: (p) => new ApiError(400, 'unknown_field', `This link does not ask for ${p.field ? `fields.${p.field}` : 'that'}`),
  invalid_amount: () => new ApiError(400, 'invalid_amount', "The total is outside the proxy's amount bounds"),
};

const orderRefusal = (problem: OrderProblem) => (REFUSALS[problem.code] as (p: OrderProblem) => ApiError)(problem);

/** Compares two strings in time that depends on their length alone. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function createLinksService(options: { config: ProxyConfig; ledger: Ledger; now?: () => number }): LinksService {
  const { config, ledger } = options;
  const now = options.now ?? Date.now;

  /** The proxy's public base: configured, else the one the merchant's call came in on (which must be allowed). */
  function baseUrl(requestBase: string): string {
    const base = config.publicUrl ?? requestBase;
    const origin = new URL(base).origin;
    if (config.allowedOrigins !== '*' && !config.allowedOrigins.includes(origin)) {
      throw new ApiError(
        409,
        'public_url_required',
        'Set MAEMANEE_PUBLIC_URL to this proxy\'s public https URL: its pay pages call the proxy from that origin, which must be allowed',
      );
    }
    return base;
  }

  /**
   * Where a link stands, and how many of its orders are sold (with a plain link's bills, from which it is read; a shop
   * link's come from its orders, which say it without reading a bill). Paid once any bill of a one-payment link is,
   * whatever came after; a reusable link sold out once its sold orders reach its limit; then disabled, expired, or open.
   */
  async function standing(link: LinkRecord, t: number): Promise<{ status: LinkStatus; sold: number; held: number; bills?: BillRecord[] }> {
    let sold: number;
    let held = 0;
    let bills: BillRecord[] | undefined;
    if (isShopLink(link)) ({ sold, held } = await ledger.linkStock(link.id, t));
    else sold = (bills = await ledger.billsForOrder(linkOrderKey(link.id))).some((b) => b.paid) ? 1 : 0;
    const places = placesOf(link);
    const status: LinkStatus =
      !link.reusable && sold > 0
        ? 'paid'
        : places !== null && sold >= places
          ? 'sold_out'
          : link.disabledAt !== null
            ? 'disabled'
            : t >= link.expiresAt
              ? 'expired'
              : 'open';
    return { status, sold, held, bills };
  }

  /** A link's bills, newest first: a plain link's order's, or a shop link's (its orders'). */
  const billsOf = async (link: LinkRecord, known?: BillRecord[]) => known ?? (await ledger.billsForLink(link.id, PAYMENTS_LISTED));

  /** A link as the API answers it; its URL is on the base it was made through (else, for an older link, this call's). */
  async function view(link: LinkRecord, requestBase: string, withPayments: boolean): Promise<Link> {
    const { status, sold, bills: known } = await standing(link, now());
    const base = link.base ?? baseUrl(requestBase);
    const payment = (b: BillRecord): LinkPayment => ({
      id: b.id,
      status: b.status,
      paidAt: b.paid?.paidAt ?? null,
      amount: b.paid?.amount ?? b.amount,
      order: b.order,
      receiptUrl: b.paid ? `${base}${receiptPath(b.paid)}` : null,
    });
    return {
      id: link.id,
      url: `${base}/pay/${link.id}`,
      amount: link.amount,
      description: link.description,
      ref1: link.ref1,
      lang: link.lang,
      items: link.items,
      fields: link.fields,
      reusable: link.reusable,
      limit: link.limit,
      sold,
      createdAt: iso(link.createdAt),
      expiresAt: iso(link.expiresAt),
      status,
      ...(withPayments ? { payments: (await billsOf(link, known)).map(payment) } : {}),
    };
  }

  /** A link by its id; undefined for an unknown one, or an id no link could have, which costs no read. */
  const find = async (id: string) => (LINK_ID.test(id) ? ledger.link(id) : undefined);

  async function known(id: string): Promise<LinkRecord> {
    const link = await find(id);
    if (!link) throw new ApiError(404, 'link_not_found', 'No such pay link');
    return link;
  }

  /** The order a plain link's page pays it with, signed for the time the link has left. */
  const plainOrder = (link: LinkRecord) =>
    signOrder(config.secret, {
      ref1: link.ref1,
      amount: link.amount,
      link: link.id,
      sandbox: config.sandboxClaims,
      expiresInSeconds: Math.ceil((link.expiresAt - now()) / 1000),
    });

  /**
   * The order a buyer's page pays their link order with, until the link expires: the same token however often it is
   * signed (issued when the order was), so that the element finds its bill again after a reload.
   */
  function buyerOrder(link: LinkRecord, order: LinkOrder): Promise<string> {
    const issuedAt = Math.floor(order.createdAt / 1000);
    return signOrder(config.secret, {
      ref1: link.ref1,
      amount: order.amount,
      link: link.id,
      linkOrder: order.id,
      sandbox: config.sandboxClaims,
      issuedAt,
      expiresInSeconds: Math.max(60, Math.ceil(link.expiresAt / 1000) - issuedAt),
    });
  }

  const closed = (status: LinkStatus) => new ApiError(410, 'link_closed', `This pay link is ${status.replace('_', ' ')}`);
  const SOLD_OUT = () => new ApiError(410, 'sold_out', 'Sold out: this link has no place left for another order');

  // A link's description never changes: the console's lists read each once per instance.
  const titles = new RecentMap<string, string>(10_000);

  return {
    async list({ after, limit }, requestBase) {
      const cursor = after === undefined ? undefined : /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(after);
      if (after !== undefined && !cursor) throw new ApiError(400, 'invalid_query', 'after must be the next of an earlier page');
      const rows = await ledger.listLinks({ before: cursor ? { createdAt: Number(cursor[1]), id: cursor[2] } : undefined, limit });
      const last = rows.at(-1);
      return {
        links: await Promise.all(rows.map((link) => view(link, requestBase, true))),
        next: rows.length === limit && last ? `${last.createdAt}.${last.id}` : null,
      };
    },

    async title(id) {
      const known = titles.get(id);
      if (known !== undefined) return known;
      const link = await find(id);
      if (link) titles.set(id, link.description);
      return link?.description;
    },

    async create(fields, requestBase) {
      const base = baseUrl(requestBase);
      const id = newId();
      const t = now();
      const link: LinkRecord = {
        id,
        amount: fields.amount,
        description: fields.description,
        ref1: fields.ref1 ?? `${LINK_REF1_PREFIX}${id}`,
        lang: fields.lang,
        base,
        createdAt: t,
        expiresAt: t + fields.expiresIn * 1000,
        disabledAt: null,
        items: fields.items,
        fields: fields.fields,
        reusable: fields.reusable,
        limit: fields.limit,
      };
      await ledger.recordLink(link);
      return view(link, requestBase, false);
    },

    get: async (id, requestBase) => view(await known(id), requestBase, true),

    async disable(id, requestBase) {
      await known(id);
      return view((await ledger.disableLink(id, now()))!, requestBase, true);
    },

    async page(id, buyer, again = false) {
      const link = await find(id);
      if (!link) return undefined;
      const t = now();
      const [mine, { status, held, sold, bills }] = await Promise.all([buyer && isShopLink(link) ? ledger.buyerOrder(id, buyer) : undefined, standing(link, t)]);
      if (mine?.sold && !(again && status === 'open')) {
        const bill = await ledger.billForOrder(linkOrderKey(id, mine.id));
        if (bill?.paid) return { link, status: 'bought', mine, paid: bill.paid };
      }
      if (status === 'paid') return { link, status, paid: (await billsOf(link, bills)).find((b) => b.paid)!.paid! };
      if (status === 'disabled' || status === 'expired') return { link, status };
      if (!isShopLink(link)) return { link, status: 'open', order: await plainOrder(link) };
      if (mine && !mine.sold && mine.heldUntil > t) return { link, status: 'ordered', mine, order: await buyerOrder(link, mine) };
      const places = placesOf(link);
      if (places !== null && sold + held >= places) return { link, status: 'sold_out', held: sold < places };
      return { link, status: 'form' };
    },

    async checkout(id, buyer, request) {
      const link = await known(id);
      if (!isShopLink(link)) throw new ApiError(409, 'not_a_shop_link', 'This pay link has one amount and asks nothing: its page pays it as it is');
      const checked = checkOrder(link, request, { min: config.amountMin, max: config.amountMax });
      if (!checked.ok) throw orderRefusal(checked.problem);
      const t = now();
      const { status } = await standing(link, t);
      if (status !== 'open') throw status === 'sold_out' ? SOLD_OUT() : closed(status);
      const mine = await ledger.buyerOrder(id, buyer);
      if (mine && !mine.sold && mine.heldUntil > t) {
        throw new ApiError(409, 'order_in_progress', 'This browser has an order of this link being paid: reload the page to see it');
      }
      const order: LinkOrder = { id: newId(), linkId: id, buyer, amount: checked.amount, details: checked.details, createdAt: t, heldUntil: t + ORDER_HOLD_MS, sold: false };
      if (!(await ledger.placeLinkOrder(order, placesOf(link), t))) throw SOLD_OUT();
      return { order: await buyerOrder(link, order), amount: order.amount };
    },

    async payable(id, linkOrder) {
      const link = await known(id);
      const t = now();
      const { status } = await standing(link, t);
      if (linkOrder === undefined) {
        if (status === 'disabled' || status === 'expired') throw closed(status);
        return null;
      }
      const order = await ledger.linkOrder(id, linkOrder);
      if (!order) throw new ApiError(404, 'link_not_found', 'No such order of this pay link');
      if (order.sold) return order.details;
      if (status !== 'open') throw status === 'sold_out' ? SOLD_OUT() : closed(status);
      if (!(await ledger.holdLinkOrder(id, order.id, t + ORDER_HOLD_MS, placesOf(link), t))) throw SOLD_OUT();
      return order.details;
    },

    async receipt(id, token) {
      const [, billId, signature] = /^(\d{1,20})\.([A-Za-z0-9_-]{43})$/.exec(token) ?? [];
      if (!billId || !LINK_ID.test(id)) return undefined;
      const [link, bill] = await Promise.all([ledger.link(id), ledger.bill(billId)]);
      if (!link || !bill?.paid || bill.linkId !== id) return undefined;
      return sameText(receiptPath(bill.paid), `/pay/${id}/receipt/${billId}.${signature}`) ? { link, paid: bill.paid } : undefined;
    },
  };
}

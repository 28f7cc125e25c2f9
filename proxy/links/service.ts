/**
 * Pay links: a seller with no checkout page pastes a link in a chat, and the payer pays on the proxy's own page. A
 * link is an order the proxy signs for itself, keyed by the link (`link:<id>`): two tabs share one bill, a paid link
 * answers its payment for ever, and an expired bill is replaced as any order's is.
 */
import { LINK_REF1_PREFIX, type BillStatus, type Link, type LinkStatus, type PaidPayment } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, Ledger, LinkRecord } from '../ledger/ledger.ts';
import { signOrder } from '../../server-kit/tokens.ts';

/** 16 random bytes, base64url: 128 bits nobody guesses. */
export const LINK_ID = /^[A-Za-z0-9_-]{22}$/;

/** A new link, its fields checked by the route. */
export interface NewLink {
  amount: number;
  description: string;
  /** Begins with `link-` (the route checks it). */
  ref1?: string;
  /** Seconds it can be paid. */
  expiresIn: number;
  lang: 'th' | 'en' | null;
}

export const linkOrderKey = (id: string) => `link:${id}`;

const iso = (ms: number) => new Date(ms).toISOString();

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Where a link stands: paid once any bill of it is, whatever came after; then disabled, expired, or open. */
export function linkStatus(link: LinkRecord, bills: BillRecord[], now: number): LinkStatus {
  if (bills.some((b) => b.paid)) return 'paid';
  if (link.disabledAt !== null) return 'disabled';
  return now >= link.expiresAt ? 'expired' : 'open';
}

export function createLinks(options: { config: ProxyConfig; ledger: Ledger; now?: () => number }) {
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

  /** A link as the API answers it; its URL is on the base it was made through (else, for an older link, this call's). */
  async function view(link: LinkRecord, requestBase: string, withPayments: boolean): Promise<Link> {
    const bills = await ledger.billsForOrder(linkOrderKey(link.id));
    return {
      id: link.id,
      url: `${link.base ?? baseUrl(requestBase)}/pay/${link.id}`,
      amount: link.amount,
      description: link.description,
      ref1: link.ref1,
      lang: link.lang,
      createdAt: iso(link.createdAt),
      expiresAt: iso(link.expiresAt),
      status: linkStatus(link, bills, now()),
      ...(withPayments ? { payments: bills.map((b) => ({ id: b.id, status: b.status as BillStatus, paidAt: b.paid?.paidAt ?? null })) } : {}),
    };
  }

  async function known(id: string): Promise<LinkRecord> {
    const link = LINK_ID.test(id) ? await ledger.link(id) : undefined;
    if (!link) throw new ApiError(404, 'link_not_found', 'No such pay link');
    return link;
  }

  return {
    async create(fields: NewLink, requestBase: string): Promise<Link> {
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
      };
      await ledger.recordLink(link);
      return view(link, requestBase, false);
    },

    get: async (id: string, requestBase: string) => view(await known(id), requestBase, true),

    async disable(id: string, requestBase: string): Promise<Link> {
      await known(id);
      return view((await ledger.disableLink(id, now()))!, requestBase, true);
    },

    /**
     * What the pay page shows, from the ledger alone (a GET creates nothing and asks the upstream nothing): the link
     * and where it stands, the payment if it is paid, and the order the page's element pays it with.
     */
    async page(id: string): Promise<{ link: LinkRecord; status: LinkStatus; paid?: PaidPayment; order?: string } | undefined> {
      const link = LINK_ID.test(id) ? await ledger.link(id) : undefined;
      if (!link) return undefined;
      const bills = await ledger.billsForOrder(linkOrderKey(id));
      const status = linkStatus(link, bills, now());
      if (status === 'paid') return { link, status, paid: bills.find((b) => b.paid)!.paid! };
      if (status !== 'open') return { link, status };
      const order = await signOrder(config.secret, {
        ref1: link.ref1,
        amount: link.amount,
        link: link.id,
        sandbox: config.sandboxClaims,
        expiresInSeconds: Math.ceil((link.expiresAt - now()) / 1000),
      });
      return { link, status, order };
    },

    /** Before a bill is made for a link's order: the link must still be open (a paid one answers its payment). */
    async payable(id: string): Promise<void> {
      const link = await ledger.link(id);
      if (!link) throw new ApiError(404, 'link_not_found', 'No such pay link');
      const bills = await ledger.billsForOrder(linkOrderKey(id));
      const status = linkStatus(link, bills, now());
      if (status === 'disabled' || status === 'expired') throw new ApiError(410, 'link_closed', `This pay link is ${status}`);
    },
  };
}

export type LinksService = ReturnType<typeof createLinks>;

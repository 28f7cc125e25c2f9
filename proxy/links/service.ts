/**
 * Builds the links service (its contract: `links.ts`) on the ledger: links, and where each stands from its order's
 * bills.
 */
import { LINK_REF1_PREFIX, type Link, type LinkStatus } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, Ledger, LinkRecord } from '../ledger/ledger.ts';
import { signOrder } from '../../server-kit/tokens.ts';
import { linkOrderKey, type LinksService } from './links.ts';
import { RecentMap } from '../recent-map.ts';
import { iso } from '../time.ts';

/** 16 random bytes, base64url: 128 bits nobody guesses. */
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;


function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Where a link stands: paid once any bill of it is, whatever came after; then disabled, expired, or open. */
function linkStatus(link: LinkRecord, bills: BillRecord[], now: number): LinkStatus {
  if (bills.some((b) => b.paid)) return 'paid';
  if (link.disabledAt !== null) return 'disabled';
  return now >= link.expiresAt ? 'expired' : 'open';
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

  /** A link's bills and where it stands. */
  async function standing(link: LinkRecord): Promise<{ bills: BillRecord[]; status: LinkStatus }> {
    const bills = await ledger.billsForOrder(linkOrderKey(link.id));
    return { bills, status: linkStatus(link, bills, now()) };
  }

  /** A link as the API answers it; its URL is on the base it was made through (else, for an older link, this call's). */
  async function view(link: LinkRecord, requestBase: string, withPayments: boolean): Promise<Link> {
    const { bills, status } = await standing(link);
    return {
      id: link.id,
      url: `${link.base ?? baseUrl(requestBase)}/pay/${link.id}`,
      amount: link.amount,
      description: link.description,
      ref1: link.ref1,
      lang: link.lang,
      createdAt: iso(link.createdAt),
      expiresAt: iso(link.expiresAt),
      status,
      ...(withPayments ? { payments: bills.map((b) => ({ id: b.id, status: b.status, paidAt: b.paid?.paidAt ?? null })) } : {}),
    };
  }

  /** A link by its id; undefined for an unknown one, or an id no link could have, which costs no read. */
  const find = async (id: string) => (LINK_ID.test(id) ? ledger.link(id) : undefined);

  async function known(id: string): Promise<LinkRecord> {
    const link = await find(id);
    if (!link) throw new ApiError(404, 'link_not_found', 'No such pay link');
    return link;
  }

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
      };
      await ledger.recordLink(link);
      return view(link, requestBase, false);
    },

    get: async (id, requestBase) => view(await known(id), requestBase, true),

    async disable(id, requestBase) {
      await known(id);
      return view((await ledger.disableLink(id, now()))!, requestBase, true);
    },

    async page(id) {
      const link = await find(id);
      if (!link) return undefined;
      const { bills, status } = await standing(link);
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

    async payable(id) {
      const { status } = await standing(await known(id));
      if (status === 'disabled' || status === 'expired') throw new ApiError(410, 'link_closed', `This pay link is ${status}`);
    },
  };
}

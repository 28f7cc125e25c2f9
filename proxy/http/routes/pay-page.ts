/**
 * `/pay/<id>`: a link's hosted pay page, a shop link's checkout, a paid bill's receipt page, and the files they use.
 * Looking is free: chat apps fetch a link to preview it and payers open it more than once, so a GET reads the ledger
 * and nothing else (no bill, no upstream call, no write). The pages allow no inline script and no other origin's.
 *
 * A shop link's buyer is known by a cookie set at their first checkout: random, HttpOnly, SameSite=Lax, scoped to the
 * link's path, living as long as the link. It names nothing about them; it lets their reloads and tabs find their own
 * order. What they chose and gave travels in the checkout's POST body, never in a URL.
 */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { CheckoutRequest } from '../../../contract/http.ts';
import { receiptPath } from '../../../contract/order.ts';
import type { ProxyConfig } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import type { LinkRecord } from '../../ledger/ledger.ts';
import { boughtPage, closedPage, formPage, openPage, orderedPage, paidPage, receiptPage, soldOutPage, type PageContext } from '../../links/page.ts';
import { PAGE_CSS } from '../../links/page-css.ts';
import type { LinksService } from '../../links/links.ts';
import { newId } from '../../links/service.ts';
import { pageLang } from '../../links/texts.ts';
import { LINK_CARD_PNG } from '../../links/card-png.ts';
import type { AppEnv } from '../context.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { readJsonBody } from '../validate.ts';
import { builtFile, type ElementSource } from './element.ts';
import { cspHash } from '../csp-hash.ts';

/**
 * The page's stylesheet is inline, so that no request stands between the page and its first paint, and is allowed by
 * its hash alone, never by 'unsafe-inline'.
 */
const csp = (styleHash: string) =>
  `default-src 'none'; script-src 'self'; style-src ${styleHash}; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html`;

const card = Uint8Array.from(atob(LINK_CARD_PNG), (c) => c.charCodeAt(0));

/** The cookie that names a shop link's buyer's browser. */
export const BUYER_COOKIE = 'maemanee_buyer';
const BUYER = /^[A-Za-z0-9_-]{22}$/;

export interface PayPageOptions {
  config: ProxyConfig;
  links: LinksService;
  /** The page script's build (`pay-page/`); none: its route answers 404. */
  script?: ElementSource;
  /** Counts checkouts by client, as bills are counted: each holds a place of a limited link. */
  createLimiter: RateLimiter;
}

export function payPageRoutes({ config, links, script, createLimiter }: PayPageOptions) {
  // Hashed once, when the first page is asked for, as the element's ETag is (routes/element.ts).
  let policy: Promise<string> | undefined;
  const serveScript = builtFile(script ?? (async () => undefined));

  async function pageHeaders(c: Context<AppEnv>, cache = 'no-store') {
    c.header('Content-Security-Policy', await (policy ??= cspHash(PAGE_CSS).then(csp)));
    c.header('Cache-Control', cache);
    c.header('Referrer-Policy', 'no-referrer');
  }

  const buyerOf = (c: Context<AppEnv>) => {
    const cookie = getCookie(c, BUYER_COOKIE);
    return cookie && BUYER.test(cookie) ? cookie : undefined;
  };

  return new Hono<AppEnv>()
    .get('/card.png', (c) => c.body(card, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400' }))
    .get('/:file{page@[0-9A-Za-z.+-]+\\.js}', (c) => serveScript(c, /@(.+)\.js$/.exec(c.req.param('file'))![1], "the pay page's script"))
    .post('/:id/checkout', async (c) => {
      const body = await readJsonBody(c.req, ['quantities', 'fields']);
      const limit = await createLimiter.limit(c.get('clientKey'));
      if (!limit.allowed) throw new ApiError(429, 'rate_limited', 'Too many orders from this address; wait a moment', { 'Retry-After': String(limit.retryAfterSeconds) });
      let buyer = buyerOf(c);
      if (!buyer) {
        buyer = newId();
        const path = new URL(c.req.url).pathname.replace(/\/checkout$/, '');
        setCookie(c, BUYER_COOKIE, buyer, {
          path,
          httpOnly: true,
          sameSite: 'Lax',
          secure: c.req.url.startsWith('https:') || (config.publicUrl?.startsWith('https:') ?? false),
          maxAge: 90 * 86_400,
        });
      }
      return c.json(await links.checkout(c.req.param('id'), buyer, body as CheckoutRequest), 201);
    })
    .get('/:id/receipt/:token', async (c) => {
      const found = await links.receipt(c.req.param('id'), c.req.param('token'));
      // Whoever holds the link is no one to keep a copy of someone's receipt: no cache, no index, no referrer.
      await pageHeaders(c, 'private, no-store');
      c.header('X-Robots-Tag', 'noindex, nofollow');
      const page = context(c, found?.link);
      const ctx = { ...page, relativeRoot: '../../..', receiptUrl: found && `${page.base ?? '../../..'}${receiptPath(found.paid)}` };
      return found ? c.html(receiptPage(ctx, found.link, found.paid)) : c.html(closedPage(ctx, undefined, 'notFound'), 404);
    })
    .get('/:id', async (c) => {
      const found = await links.page(c.req.param('id'), buyerOf(c), c.req.query('again') === '1');
      const ctx = context(c, found?.link);
      await pageHeaders(c);
      if (!found) return c.html(closedPage(ctx, undefined, 'notFound'), 404);
      switch (found.status) {
        case 'open':
          return c.html(openPage(ctx, found.link, found.order));
        case 'paid':
          // A shop link's receipt names its buyer: it is theirs alone (their own page links it).
          return c.html(paidPage(ctx, found.link, found.paid, found.link.fields.length === 0));
        case 'form':
          return c.html(formPage(ctx, found.link));
        case 'ordered':
          return c.html(orderedPage(ctx, found.link, found.mine, found.order));
        case 'bought':
          return c.html(boughtPage(ctx, found.link, found.mine, found.paid, found.link.reusable));
        case 'sold_out':
          return c.html(soldOutPage(ctx, found.link, found.held), 410);
        default:
          return c.html(closedPage(ctx, found.link, found.status), 410);
      }
    });

  /**
   * A page's absolute URLs come from its link's own base (else MAEMANEE_PUBLIC_URL), never from the Host of the
   * request that reads it, which is the client's to choose. A page with no base uses URLs relative to itself.
   */
  function context(c: Context<AppEnv>, link: LinkRecord | undefined): PageContext {
    const base = link ? (link.base ?? config.publicUrl ?? null) : null;
    return {
      base,
      lang: pageLang(c.req.query('lang'), link?.lang, c.req.header('accept-language')),
      shopName: config.shop.name,
      image: config.shop.image ?? (base === null ? undefined : `${base}/pay/card.png`),
      sandbox: config.sandboxClaims,
      inLine: / Line\//.test(c.req.header('user-agent') ?? ''),
      bounds: { min: config.amountMin, max: config.amountMax },
    };
  }
}

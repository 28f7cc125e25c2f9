/**
 * `/pay/<id>`: a link's hosted pay page, and the files it uses. Looking is free: chat apps fetch a link to preview
 * it and payers open it more than once, so a GET reads the ledger and nothing else (no bill, no upstream call, no
 * write). The page allows no inline script and no other origin's.
 */
import { Hono, type Context } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import type { LinkRecord } from '../../ledger/ledger.ts';
import { closedPage, openPage, paidPage, type PageContext } from '../../links/page.ts';
import { PAGE_CSS } from '../../links/page-css.ts';
import type { LinksService } from '../../links/links.ts';
import { pageLang } from '../../links/texts.ts';
import { LINK_CARD_PNG } from '../../links/card-png.ts';
import type { AppEnv } from '../context.ts';

/**
 * The page's stylesheet is inline, so that no request stands between the page and its first paint, and is allowed by
 * its hash alone, never by 'unsafe-inline'.
 */
const csp = (styleHash: string) =>
  `default-src 'none'; script-src 'self'; style-src '${styleHash}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html`;

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

const card = Uint8Array.from(atob(LINK_CARD_PNG), (c) => c.charCodeAt(0));

export function payPageRoutes({ config, links }: { config: ProxyConfig; links: LinksService }) {
  // Hashed once, when the first page is asked for, as the element's ETag is (routes/element.ts).
  let policy: Promise<string> | undefined;
  return new Hono<AppEnv>()
    .get('/card.png', (c) => c.body(card, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400' }))
    .get('/:id', async (c) => {
      const found = await links.page(c.req.param('id'));
      const ctx = context(c, found?.link);
      c.header('Content-Security-Policy', await (policy ??= sha256(PAGE_CSS).then(csp)));
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      if (!found) return c.html(closedPage(ctx, undefined, 'notFound'), 404);
      if (found.status === 'paid') return c.html(paidPage(ctx, found.link, found.paid));
      if (found.status !== 'open') return c.html(closedPage(ctx, found.link, found.status), 410);
      return c.html(openPage(ctx, found.link, found.order));
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
    };
  }
}

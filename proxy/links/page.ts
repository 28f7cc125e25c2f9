/**
 * The hosted pay page of a link, built for a phone first: the shop, what is paid for and the amount, and the element
 * (loaded from this proxy, not autostarted: the bill is made when the payer taps). Previews that sell, in chat apps
 * that fetch the link: Open Graph and Twitter tags with the shop, the amount and the description, never a QR or a
 * status, since previews are cached far longer than a QR lives. A paid link shows its payment; a closed one says so.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PaidPayment } from '../../contract/http.ts';
import type { LinkRecord } from '../ledger/ledger.ts';
import { VERSION } from '../version.ts';
import { PAGE_CSS } from './page-css.ts';
import { PAGE_TEXTS, type PageLang } from './texts.ts';

export interface PageContext {
  /** The proxy's public base URL, for the page's absolute URLs; null: the page has none (no og:url). */
  base: string | null;
  lang: PageLang;
  shopName?: string;
  /** The preview image: the shop's own, or the card the proxy serves (none without a base). */
  image?: string;
  sandbox: boolean;
  /** LINE's in-app browser, which cannot save an image to Photos: offer the phone's own browser. */
  inLine: boolean;
}

export const money = (amount: number) => `฿${amount.toLocaleString('en', { minimumFractionDigits: 2 })}`;

/** The proxy's root: its base, or else relative to the page, which is always `<root>/pay/<id>`. */
const rootOf = (ctx: PageContext) => ctx.base ?? '..';
const pageUrl = (ctx: PageContext, link: LinkRecord) => `${rootOf(ctx)}/pay/${link.id}`;

function shell(ctx: PageContext, link: LinkRecord | undefined, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const t = PAGE_TEXTS[ctx.lang];
  const shop = ctx.shopName ?? t.payment;
  const title = link ? `${shop} · ${money(link.amount)}` : shop;
  const root = rootOf(ctx);
  const url = link && pageUrl(ctx, link);
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
${link
  ? html`<meta name="description" content="${link.description}">
<meta property="og:type" content="website">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${link.description}">
${ctx.image
  ? html`<meta property="og:image" content="${ctx.image}">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
`
  : ''}${ctx.base !== null ? html`<meta property="og:url" content="${url}">
` : ''}<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${link.description}">${ctx.image ? html`
<meta name="twitter:image" content="${ctx.image}">` : ''}`
  : ''}
<style>${raw(PAGE_CSS)}</style>
<script type="module" src="${root}/maemanee-pay@${VERSION}.js"></script>
</head>
<body>
<main>
${body}
<footer>${ctx.sandbox ? html`<p class="sandbox">${t.sandbox}</p>` : ''}<p>PromptPay · ${t.secure}</p></footer>
</main>
</body>
</html>`;
}

/** The shop, what is paid for, and the amount (which an open page's element shows itself). */
const heading = (ctx: PageContext, link: LinkRecord, amount = true) =>
  html`<header><p class="shop">${ctx.shopName ?? PAGE_TEXTS[ctx.lang].payment}</p><h1>${link.description}</h1>${amount ? html`<p class="amount">${money(link.amount)}</p>` : ''}</header>`;

/**
 * An open link: the element, to pay it with the order the proxy signed for it. In LINE, first the way out to the
 * phone's own browser, where its QR can be saved (only this page has a QR to save).
 */
export const openPage = (ctx: PageContext, link: LinkRecord, order: string) =>
  shell(ctx, link, html`${ctx.inLine ? html`<a class="external" href="${pageUrl(ctx, link)}?openExternalBrowser=1">${PAGE_TEXTS[ctx.lang].external}</a>` : ''}
${heading(ctx, link, false)}
<maemanee-pay endpoint="${rootOf(ctx)}" order="${order}" lang="${ctx.lang}"></maemanee-pay>`);

/** A paid link: its payment, for good. */
export function paidPage(ctx: PageContext, link: LinkRecord, paid: PaidPayment) {
  const t = PAGE_TEXTS[ctx.lang];
  const time = new Date(paid.paidAt).toLocaleString(ctx.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Bangkok' });
  return shell(
    ctx,
    link,
    html`${heading(ctx, link)}
<section class="notice"><p class="mark" aria-hidden="true">✓</p><h2>${t.paid}</h2><p>${t.ref} ${paid.ref1}</p><p>${t.paidAt} <time datetime="${paid.paidAt}">${time}</time></p></section>`,
  );
}

/** An expired or disabled link (410), or none (404). */
export function closedPage(ctx: PageContext, link: LinkRecord | undefined, why: 'expired' | 'disabled' | 'notFound') {
  const t = PAGE_TEXTS[ctx.lang];
  return shell(ctx, link, html`${link ? heading(ctx, link) : ''}<section class="notice"><h2>${t[why]}</h2><p>${t.askShop}</p></section>`);
}


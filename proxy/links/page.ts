/**
 * The hosted pay page of a link, built for a phone first: the shop, what is paid for and the amount, and the element
 * (loaded from this proxy, not autostarted: the bill is made when the payer taps). Previews that sell, in chat apps
 * that fetch the link: Open Graph and Twitter tags with the shop, the amount and the description, never a QR, a
 * status or anything a buyer gave, since previews are cached far longer than a QR lives and are seen by others. A paid
 * link shows its payment; a closed one says so.
 *
 * A shop link's page first asks: the items with their quantities, the buyer's details, and the total, in a form its
 * script (`pay-page/`, served by this proxy) checks and sends; the buyer's order then shows what they chose, and the
 * element pays it. Their receipt has a page of its own.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { LinkItem, OrderDetails, PaidPayment } from '../../contract/http.ts';
import { bangkok, FIELD_MAX_LENGTH, money, paidTime, receiptPath } from '../../contract/order.ts';
import type { LinkOrder, LinkRecord } from '../ledger/ledger.ts';
import { VERSION } from '../version.ts';
import { PAGE_CSS } from './page-css.ts';
import { fill, PAGE_TEXTS, RECEIPT_TEXTS, type PageLang } from './texts.ts';

export { money };

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
  /** The proxy's amount bounds, which the form's script checks a total against as the proxy will. */
  bounds: { min: number; max: number };
  /** With no base, the proxy's root relative to the page: `..` from `/pay/<id>` (the default), deeper for a receipt. */
  relativeRoot?: string;
  /** A receipt page's own URL (LINE's browser, which can neither save nor print it, is offered the phone's). */
  receiptUrl?: string;
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The proxy's root: its base, or else relative to the page, which is `<root>/pay/<id>` unless it says otherwise. */
const rootOf = (ctx: PageContext) => ctx.base ?? ctx.relativeRoot ?? '..';
const pageUrl = (ctx: PageContext, link: LinkRecord) => `${rootOf(ctx)}/pay/${link.id}`;
/** The page script's file: versioned, so that a page never runs another release's script. */
export const PAGE_SCRIPT = `page@${VERSION}.js`;

interface ShellOptions {
  /** The page's own script (`pay-page/`): the form, the payment once paid, the receipt's buttons. */
  script?: boolean;
  /** The element's file. */
  element?: boolean;
  /** The title, and no preview tags (a receipt is nobody's to preview). */
  title?: string;
  /** The element's place is kept empty before its script runs (an element the page shows at once). */
  className?: string;
}

function shell(ctx: PageContext, link: LinkRecord | undefined, body: Html, options: ShellOptions = {}) {
  const t = PAGE_TEXTS[ctx.lang];
  const shop = ctx.shopName ?? t.payment;
  const title = options.title ?? (link ? `${shop} · ${money(link.amount)}` : shop);
  const root = rootOf(ctx);
  const url = link && pageUrl(ctx, link);
  const preview = link && options.title === undefined;
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
${preview
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
${options.element === false ? '' : html`<script type="module" src="${root}/maemanee-pay@${VERSION}.js"></script>
`}${options.script ? html`<script type="module" src="${root}/pay/${PAGE_SCRIPT}"></script>
` : ''}</head>
<body>
<main${options.className ? html` class="${options.className}"` : ''}>
${body}
<footer>${ctx.sandbox ? html`<p class="sandbox">${t.sandbox}</p>` : ''}<p>PromptPay · ${t.secure}</p></footer>
</main>
</body>
</html>`;
}

/**
 * The shop, what is paid for, and the amount: none where the page's element shows it, or `paid`: the amount paid, which
 * the page's script writes in once the element turns paid.
 */
const heading = (ctx: PageContext, link: LinkRecord, amount: number | false | 'paid' = link.amount) =>
  html`<header><p class="shop">${ctx.shopName ?? PAGE_TEXTS[ctx.lang].payment}</p><h1>${link.description}</h1>${
    amount === 'paid' ? html`<p class="amount" data-paid hidden></p>` : amount !== false ? html`<p class="amount">${money(amount)}</p>` : ''
  }</header>`;

/** In LINE, the way out to the phone's own browser, where a QR can be saved (only a page with a QR to save offers it). */
const external = (ctx: PageContext, link: LinkRecord) =>
  ctx.inLine ? html`<a class="external" href="${pageUrl(ctx, link)}?openExternalBrowser=1">${PAGE_TEXTS[ctx.lang].external}</a>` : '';

/** The receipt's link: the page's script fills it in when the element turns paid; a paid page has it at once. */
const receiptLink = (ctx: PageContext, paid?: PaidPayment) =>
  html`<p class="receipt-link"${paid ? '' : html` hidden`}><a href="${paid ? `${rootOf(ctx)}${receiptPath(paid)}` : ''}">${PAGE_TEXTS[ctx.lang].receipt}</a></p>`;

/** A reusable link's way to a new order, from a paid order's page: shown, or (`paid` false) once the element turns paid. */
const orderAgain = (ctx: PageContext, link: LinkRecord, paid: boolean) =>
  html`<p class="again"${paid ? '' : html` data-paid hidden`}><a href="${pageUrl(ctx, link)}?again=1">${PAGE_TEXTS[ctx.lang].again}</a></p>`;

/**
 * What a page that pays shows once its element turns paid, as a reload would (`paidPage`, `boughtPage`): the parts
 * marked `data-paid` show, filled in by the page's script from the paid facts the element fires, and those marked
 * `data-unpaid` (the form, the element, the held place) go.
 */
const unpaid = html` data-unpaid`;

/**
 * An open plain link: the element, to pay it with the order the proxy signed for it; once it is paid, the payment and
 * the receipt's link. In LINE, first the way out to the phone's own browser.
 */
export const openPage = (ctx: PageContext, link: LinkRecord, order: string) =>
  shell(
    ctx,
    link,
    html`${external(ctx, link)}
${heading(ctx, link, 'paid')}
${paidNotice(ctx, undefined, true)}
<maemanee-pay endpoint="${rootOf(ctx)}" order="${order}" lang="${ctx.lang}"${unpaid}></maemanee-pay>`,
    { script: true },
  );

/**
 * A payment made: its mark, reference and Bangkok time, and the receipt's link where the page may show it. Without the
 * payment, the same notice hidden and empty, for the page's script to fill in and show when its element turns paid.
 */
function paidNotice(ctx: PageContext, paid: PaidPayment | undefined, receipt: boolean) {
  const t = PAGE_TEXTS[ctx.lang];
  return html`<section class="notice"${paid ? '' : html` data-paid hidden`}><p class="mark" aria-hidden="true">✓</p><h2 tabindex="-1">${t.paid}</h2><p>${t.ref} <span class="ref">${paid?.ref1 ?? ''}</span></p><p>${t.paidAt} <time datetime="${paid?.paidAt ?? ''}">${paid ? paidTime(paid.paidAt, ctx.lang) : ''}</time></p>${receipt ? receiptLink(ctx, paid) : ''}</section>`;
}

/** A paid one-payment link: its payment, for good; the receipt's link where it names no buyer (a plain link's). */
export function paidPage(ctx: PageContext, link: LinkRecord, paid: PaidPayment, receipt = true) {
  return shell(ctx, link, html`${heading(ctx, link, paid.amount)}
${paidNotice(ctx, paid, receipt)}`);
}

/** An expired or disabled link (410), or none (404). */
export function closedPage(ctx: PageContext, link: LinkRecord | undefined, why: 'expired' | 'disabled' | 'notFound') {
  const t = PAGE_TEXTS[ctx.lang];
  return shell(ctx, link, html`${link ? heading(ctx, link) : ''}<section class="notice"><h2>${t[why]}</h2><p>${t.askShop}</p></section>`);
}

/** A shop link with no place left (410): sold out, and whether places held by bills being paid may come free. */
export function soldOutPage(ctx: PageContext, link: LinkRecord, held: boolean) {
  const t = PAGE_TEXTS[ctx.lang];
  return shell(
    ctx,
    link,
    html`${heading(ctx, link, false)}<section class="notice"><h2>${t.soldOut}</h2>${held ? html`<p>${t.soldOutHeld}</p>` : ''}</section>`,
    { element: false },
  );
}

/** An item's quantity: fixed (kept in a hidden input, which the script reads as it reads the others), or a stepper. */
function quantity(ctx: PageContext, item: LinkItem, i: number) {
  const t = PAGE_TEXTS[ctx.lang];
  if (!item.adjustable) {
    return html`<span class="fixed" aria-label="${t.quantity} ${item.quantity}">× ${item.quantity}</span><input type="hidden" id="q${i}" value="${item.quantity}" data-price="${item.price}">`;
  }
  const { min, max } = item.adjustable;
  return html`<span class="stepper" role="group" aria-labelledby="n${i}">
<button type="button" class="step" data-step="-1" data-for="q${i}" aria-label="${fill(t.fewer, { name: item.name })}">−</button>
<input id="q${i}" type="number" inputmode="numeric" min="${min}" max="${max}" value="${item.quantity}" data-price="${item.price}" aria-label="${t.quantity} ${item.name}" aria-describedby="eq${i}">
<button type="button" class="step" data-step="1" data-for="q${i}" aria-label="${fill(t.more, { name: item.name })}">+</button>
</span>`;
}

/**
 * A shop link's form: the items and their quantities, the details it asks for, the total, and the tap to pay. Its
 * script checks the choices with the proxy's own rules, sends them, and has the element pay the order the proxy
 * answers. The element waits, hidden, for that order. Once it is paid, the form goes and the page shows what the
 * buyer's paid order's page does: the payment, their receipt's link, what they ordered (a summary of every item and
 * detail, which the script fills in from their choices), and a new order on a reusable link.
 */
export function formPage(ctx: PageContext, link: LinkRecord) {
  const t = PAGE_TEXTS[ctx.lang];
  const items = link.items ?? [];
  const data = {
    rules: { items: link.items, fields: link.fields, amount: link.amount },
    bounds: ctx.bounds,
    texts: t.errors,
    pay: t.payNow,
  };
  // Every item and detail the buyer may order or give, for the summary the script fills in once they have paid.
  const everything = { items: items.map((item) => ({ ...item, quantity: item.quantity ?? 1 })), fields: Object.fromEntries(link.fields.map((f) => [f.key, ''])) };
  const field = (key: keyof typeof FIELD_MAX_LENGTH, required: boolean) => {
    const label = html`<label for="f-${key}">${t.field[key]}${required ? '' : html` <span class="optional">${t.optional}</span>`}</label>`;
    const common = html`id="f-${key}" name="${key}" maxlength="${FIELD_MAX_LENGTH[key]}"${required ? html` required aria-required="true"` : ''}`;
    const control =
      key === 'address' || key === 'note'
        ? html`<textarea ${common} rows="${key === 'address' ? 3 : 2}"${key === 'address' ? html` autocomplete="street-address"` : ''} aria-describedby="e-${key}"></textarea>`
        : key === 'phone'
          ? html`<input ${common} type="tel" inputmode="tel" autocomplete="tel-national" aria-describedby="h-phone e-${key}"><p class="hint" id="h-phone">${t.phoneHint}</p>`
          : html`<input ${common} type="text" autocomplete="name" aria-describedby="e-${key}">`;
    return html`<div class="field">${label}${control}<p class="error" id="e-${key}" hidden></p></div>`;
  };
  return shell(
    ctx,
    link,
    html`${external(ctx, link)}
${heading(ctx, link, 'paid')}
${paidNotice(ctx, undefined, true)}
${orderSummary(ctx, everything, link.amount, true)}
<form id="order" class="order" novalidate data-order="${JSON.stringify(data)}"${unpaid}>
${items.length
  ? html`<fieldset class="items"><legend>${t.items}</legend><ul>${items.map(
      (item, i) =>
        html`<li class="item"><span class="what"><span class="name" id="n${i}">${item.name}</span><span class="each">${fill(t.each, { price: money(item.price) })}</span></span>${quantity(ctx, item, i)}<p class="error" id="eq${i}" hidden></p></li>`,
    )}</ul></fieldset>`
  : ''}
${link.fields.length ? html`<fieldset class="details"><legend>${t.details}</legend>${link.fields.map((f) => field(f.key, f.required))}</fieldset>` : ''}
<p class="total"><span>${t.total}</span> <output id="total" aria-live="polite">${money(link.amount)}</output></p>
<p class="error" id="form-error" role="alert" hidden></p>
<button type="submit" class="pay">${fill(t.payNow, { amount: money(link.amount) })}</button>
</form>
<maemanee-pay endpoint="${rootOf(ctx)}" lang="${ctx.lang}" hidden${unpaid}></maemanee-pay>
${link.reusable ? orderAgain(ctx, link, false) : ''}`,
    { script: true },
  );
}

/**
 * What a buyer ordered: each item, its quantity and amount, the total, and the details they gave. `later`: hidden, to
 * be filled in by the form's script once paid (a line for each of the link's items and details, in the link's order).
 */
export function orderSummary(ctx: PageContext, details: OrderDetails, total: number, later = false) {
  const t = PAGE_TEXTS[ctx.lang];
  const given = Object.entries(details.fields) as [keyof typeof t.field, string][];
  return html`<section class="summary" aria-labelledby="summary-h"${later ? html` data-paid hidden` : ''}><h2 id="summary-h">${t.yourOrder}</h2>
<table class="lines"><tbody>${details.items.map(
    (item) => html`<tr><th scope="row">${item.name}</th><td>× ${item.quantity}</td><td>${money(item.price * item.quantity)}</td></tr>`,
  )}</tbody><tfoot><tr><th scope="row">${t.total}</th><td></td><td>${money(total)}</td></tr></tfoot></table>
${given.length ? html`<dl class="given">${given.map(([key, value]) => html`<dt>${t.field[key]}</dt><dd>${value}</dd>`)}</dl>` : ''}</section>`;
}

/**
 * A buyer's order holding its place: what they chose, and the element to pay it (its bill found again after a
 * reload, made at their tap if it has none yet). Once paid, it shows what their paid order's page does.
 */
export function orderedPage(ctx: PageContext, link: LinkRecord, mine: LinkOrder, order: string) {
  const t = PAGE_TEXTS[ctx.lang];
  const until = bangkok(mine.heldUntil, ctx.lang, { timeStyle: 'short' });
  return shell(
    ctx,
    link,
    html`${external(ctx, link)}
${heading(ctx, link, 'paid')}
${paidNotice(ctx, undefined, true)}
${orderSummary(ctx, mine.details, mine.amount)}
${link.limit !== null ? html`<p class="held"${unpaid}>${fill(t.heldUntil, { time: until })}</p>` : ''}
<maemanee-pay endpoint="${rootOf(ctx)}" order="${order}" lang="${ctx.lang}"${unpaid}></maemanee-pay>
${link.reusable ? orderAgain(ctx, link, false) : ''}`,
    { script: true },
  );
}

/** A buyer's order, paid: the payment, what they bought, their receipt, and (a reusable link still open) a new order. */
export function boughtPage(ctx: PageContext, link: LinkRecord, mine: LinkOrder, paid: PaidPayment, again: boolean) {
  return shell(
    ctx,
    link,
    html`${heading(ctx, link, paid.amount)}
${paidNotice(ctx, paid, true)}
${orderSummary(ctx, paid.order ?? mine.details, paid.amount)}
${again ? orderAgain(ctx, link, true) : ''}`,
    { element: false },
  );
}

/**
 * A paid bill's receipt, in Thai and English at once, made to print on A4 and to read on a phone; the page's script
 * adds the buttons that print it and save it as an image. Not a tax invoice, and it says so.
 */
export function receiptPage(ctx: PageContext, link: LinkRecord, paid: PaidPayment) {
  const t = PAGE_TEXTS[ctx.lang];
  const r = RECEIPT_TEXTS;
  const shop = ctx.shopName ?? t.payment;
  const items = paid.order?.items.length ? paid.order.items : [{ name: link.description, price: paid.amount, quantity: 1 }];
  const thai = bangkok(paid.paidAt, 'th-TH-u-ca-buddhist', { dateStyle: 'long', timeStyle: 'short' });
  const english = bangkok(paid.paidAt, 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return shell(
    ctx,
    link,
    html`${ctx.inLine && ctx.receiptUrl ? html`<a class="external" href="${ctx.receiptUrl}?openExternalBrowser=1">${t.externalReceipt}</a>` : ''}
<article class="receipt" id="receipt" data-file="receipt-${paid.id}.png">
<header><h1>${r.title}</h1><p class="shop">${shop}</p></header>
<table class="lines"><thead><tr><th scope="col">${r.item}</th><th scope="col">${r.quantity}</th><th scope="col">${r.amount}</th></tr></thead>
<tbody>${items.map(
      (item) => html`<tr><th scope="row">${item.name}<span class="unit">${money(item.price)}</span></th><td>${item.quantity}</td><td>${money(item.price * item.quantity)}</td></tr>`,
    )}</tbody>
<tfoot><tr><th scope="row" colspan="2">${r.total}</th><td>${money(paid.amount)}</td></tr></tfoot></table>
<dl>
${paid.order?.fields.name ? html`<div><dt>${r.buyer}</dt><dd>${paid.order.fields.name}</dd></div>` : ''}
<div><dt>${r.paidAt}</dt><dd><time datetime="${paid.paidAt}">${thai}</time><br>${english} (Asia/Bangkok)</dd></div>
<div><dt>${r.method}</dt><dd>${r.promptPay}</dd></div>
<div><dt>${r.reference}</dt><dd>id_pay ${paid.id} · ref1 ${paid.ref1}</dd></div>
</dl>
${paid.late ? html`<p class="late">${r.late}</p>` : ''}
<p class="not-tax">${r.notTaxInvoice}</p>
${paid.sandbox ? html`<p class="sandbox">${r.sandbox}</p>` : ''}
</article>
<div class="actions"><button type="button" id="save-image" hidden>${t.saveImage}</button><button type="button" id="print" hidden>${t.print}</button></div>`,
    { script: true, element: false, title: `${r.title} · ${shop}`, className: 'receipt-page' },
  );
}

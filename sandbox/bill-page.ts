/**
 * The sandbox's stand-in for Mae Manee's own bill page (a bill's `urlpay`), where a real payer would pick a card or
 * another app: here one button pays the bill in the simulator. A plain form under a strict CSP, with no script, in
 * Thai or English, phone first. The controls (`control-routes.ts`) serve it at `/sandbox/payments/:id`.
 */
import { html, raw } from 'hono/html';
import { bangkok, money } from '../contract/order.ts';
import { cspHash } from '../proxy/http/csp-hash.ts';
import type { ShownBill } from './simulator.ts';

export type BillPageLang = 'th' | 'en';

const TEXTS = {
  th: {
    title: 'หน้าบิลจำลอง',
    standIn: 'หน้านี้คือหน้าบิลจำลองของระบบทดสอบ (sandbox) ที่ใช้แทนหน้าบิลของแม่มณี ซึ่งผู้ชำระจริงจะเลือกจ่ายด้วยบัตรหรือแอปอื่น ไม่มีเงินจริงเคลื่อนไหว',
    amount: 'ยอดชำระ',
    ref1: 'เลขอ้างอิง',
    bill: 'เลขที่บิล',
    until: (time: string, minutes: number) => `ชำระได้ถึง ${time} น. (เหลือ ${minutes} นาที)`,
    expired: 'บิลนี้หมดอายุแล้ว',
    paid: 'ชำระแล้ว',
    pay: 'ชำระบิลนี้ในระบบจำลอง',
    paidNext: 'กลับไปที่หน้าร้านค้า หน้านั้นจะแสดงว่าชำระแล้วเมื่อตรวจครั้งถัดไป หรือเมื่อคุณแตะ "ชำระแล้ว ตรวจสอบเลย"',
    notFound: 'ไม่พบบิลนี้ในระบบจำลอง',
  },
  en: {
    title: 'Sandbox bill page',
    standIn: "This is the sandbox's stand-in for Mae Manee's bill page, where a real payer would pick a card or another app. No real money moves.",
    amount: 'Amount',
    ref1: 'Reference',
    bill: 'Bill',
    until: (time: string, minutes: number) => `Payable until ${time} (${minutes} min left)`,
    expired: 'This bill has expired',
    paid: 'Paid',
    pay: 'Pay this bill in the sandbox',
    paidNext: 'Go back to the shop\'s page: it shows paid on its next check, or when you tap "I have paid, check now".',
    notFound: 'No such bill in the sandbox',
  },
} satisfies Record<BillPageLang, unknown>;

const CSS = `
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:28rem;margin:0 auto;padding:1.25rem 1rem}
h1{font-size:1.25rem;margin:0 0 .75rem}
.note{background:#fff4d6;border:1px solid #e3c46b;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
dl{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
dt{color:#57606a;font-size:.875rem}
dd{margin:0 0 .5rem;overflow-wrap:anywhere}
.amount{font-size:1.75rem;font-weight:700}
.state{font-weight:700;margin:0 0 1rem}
button{width:100%;min-height:48px;font:inherit;font-weight:700;color:#fff;background:#0b6e4f;border:0;border-radius:.5rem}
`;

/** Nothing but the stylesheet, allowed by its hash; the form may post only to this origin. */
let policy: Promise<string> | undefined;
export const billPagePolicy = () =>
  (policy ??= cspHash(CSS).then((style) => `default-src 'none'; style-src ${style}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`));

function layout(lang: BillPageLang, body: unknown) {
  const t = TEXTS[lang];
  // same-origin: the form's POST then carries this page's Origin (no-referrer would send "null"), which the
  // controls' origin policy checks.
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><meta name="robots" content="noindex">
<title>${t.title}</title><style>${raw(CSS)}</style></head>
<body><main><h1>${t.title}</h1><p class="note">${t.standIn}</p>${body}</main></body></html>`;
}

/** The bill, its state, and (while payable) the form that pays it. `query`: the page's own `?lang=`, kept on the form. */
export function billPage(lang: BillPageLang, bill: ShownBill, query: string) {
  const t = TEXTS[lang];
  const state = bill.paid
    ? html`<p class="state" role="status">${t.paid}</p><p>${t.paidNext}</p>`
    : bill.msLeft <= 0
      ? html`<p class="state">${t.expired}</p>`
      : html`<p class="state">${t.until(bangkok(bill.expiresAt, lang, { timeStyle: 'short' }), Math.ceil(bill.msLeft / 60_000))}</p>
<form method="post" action="${bill.id}/pay${query}"><button type="submit">${t.pay}</button></form>`;
  return layout(
    lang,
    html`<dl><dt>${t.amount}</dt><dd class="amount">${money(bill.amount)}</dd><dt>${t.ref1}</dt><dd>${bill.ref1}</dd><dt>${t.bill}</dt><dd>${bill.id}</dd></dl>${state}`,
  );
}

export const notFoundPage = (lang: BillPageLang) => layout(lang, html`<p class="state">${TEXTS[lang].notFound}</p>`);

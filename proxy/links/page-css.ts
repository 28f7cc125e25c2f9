/**
 * The hosted pay page's stylesheet, inline in the page, so that its first paint waits for no other request; the page's
 * Content Security Policy allows it by its hash (routes/pay-page.ts), and no other inline style.
 */
export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #f4f2ee; --card: #fff; --ink: #1b1f24; --muted: #555d66; --accent: #113f8c; --ok: #14803a; --bad: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0e1013; --card: #16191d; --ink: #eef1f5; --muted: #b3bac3; --accent: #9cbcff; --ok: #7bd88f; --bad: #ffa4a4; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.5 system-ui, sans-serif; }
main { max-width: 28rem; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
header { text-align: center; }
.shop { margin: 0; color: var(--muted); font-weight: 600; }
h1 { margin: 0.25rem 0; font-size: 1.35rem; line-height: 1.3; overflow-wrap: anywhere; }
.amount { margin: 0; font-size: 2rem; font-weight: 700; }
.external { display: block; padding: 0.75rem; border-radius: 8px; background: var(--accent); color: var(--card); font-weight: 600; text-align: center; text-decoration: none; }
/* LINE's way out to the phone's browser is for saving the QR: once the element is paid or ended there is none. */
main:has(maemanee-pay:is([state=paid], [state=expired], [state=cancelled])) .external { display: none; }
.notice { margin: 0; padding: 1rem; border-radius: 12px; background: var(--card); text-align: center; }
.mark { margin: 0; font-size: 3rem; line-height: 1; color: var(--ok); }
footer { text-align: center; color: var(--muted); font-size: 0.875rem; }
.sandbox { color: var(--bad); font-weight: 600; }
/*
 * The element's first view has its place before its script runs, so that nothing moves when it does: its card (1px
 * border, 1rem padding) around the amount (1.75rem, line height 1.5), a 0.5rem gap and the pay button (a 16px font's
 * 24px line, 0.6rem padding, 2px border), as widget/maemanee-pay.styles.ts draws them, empty until then.
 */
maemanee-pay:not(:defined) { display: block; min-height: calc(6.325rem + 30px); border: 1px solid var(--accent); border-radius: 12px; background: var(--card); }
[hidden] { display: none !important; }
/* A shop link's form, a buyer's order, and a receipt. Touch targets are at least 44px. */
.order, .summary, .receipt { margin: 0; padding: 1rem; border-radius: 12px; background: var(--card); }
fieldset { margin: 0 0 1rem; padding: 0; border: 0; min-width: 0; }
legend, .summary h2 { margin: 0 0 0.5rem; padding: 0; font-size: 1rem; font-weight: 700; }
.items ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.75rem; }
.item { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; }
.what { display: grid; flex: 1 1 9rem; min-width: 0; }
.name { font-weight: 600; overflow-wrap: anywhere; }
.each, .hint, .optional, .held, .unit { color: var(--muted); font-size: 0.875rem; font-weight: 400; }
.hint, .held { margin: 0; }
.fixed { min-width: 2.75rem; text-align: center; font-weight: 600; }
.stepper { display: inline-flex; align-items: center; border: 1px solid var(--muted); border-radius: 8px; }
.step { width: 2.75rem; height: 2.75rem; border: 0; background: none; color: var(--accent); font: inherit; font-size: 1.5rem; cursor: pointer; }
.stepper input { width: 3rem; height: 2.75rem; border: 0; background: none; color: var(--ink); font: inherit; text-align: center; -moz-appearance: textfield; appearance: textfield; }
.stepper input::-webkit-inner-spin-button, .stepper input::-webkit-outer-spin-button { -webkit-appearance: none; margin: 0; }
.field { display: grid; gap: 0.25rem; margin-bottom: 0.75rem; }
.field label { font-weight: 600; }
.field input, .field textarea { width: 100%; min-height: 2.75rem; padding: 0.6rem; border: 1px solid var(--muted); border-radius: 8px; background: var(--bg); color: var(--ink); font: inherit; }
[aria-invalid=true] { border-color: var(--bad); outline: 1px solid var(--bad); }
.error { flex-basis: 100%; margin: 0; color: var(--bad); font-size: 0.875rem; font-weight: 600; }
.total { display: flex; justify-content: space-between; margin: 0.5rem 0 1rem; font-size: 1.25rem; font-weight: 700; }
.pay, .actions button { width: 100%; min-height: 2.75rem; padding: 0.6rem; border: 2px solid var(--accent); border-radius: 8px; background: var(--accent); color: var(--card); font: inherit; font-weight: 700; cursor: pointer; }
.order[aria-busy=true] .pay { opacity: 0.6; }
.order:disabled, .order fieldset:disabled { opacity: 0.8; }
.lines { width: 100%; border-collapse: collapse; }
.lines th, .lines td { padding: 0.35rem 0; text-align: left; vertical-align: top; font-weight: 400; overflow-wrap: anywhere; }
.lines td { padding-left: 0.75rem; text-align: right; white-space: nowrap; }
.lines thead th { color: var(--muted); font-size: 0.8rem; }
.lines tfoot th, .lines tfoot td { border-top: 1px solid var(--muted); font-weight: 700; }
.unit { display: block; }
.given, .receipt dl { margin: 0.75rem 0 0; }
.given dt, .receipt dt { color: var(--muted); font-size: 0.8rem; }
.given dd, .receipt dd { margin: 0 0 0.5rem; white-space: pre-line; overflow-wrap: anywhere; }
.receipt-link, .again { margin: 0.25rem 0 0; text-align: center; font-weight: 600; }
/* A link a buyer taps next is a finger's size (44px), as the buttons are; its words stay a link's. */
.receipt-link a, .again a { display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0 0.75rem; color: var(--accent); }
.receipt header { text-align: center; }
.receipt h1 { margin: 0 0 0.25rem; font-size: 1.25rem; }
.not-tax { margin: 1rem 0 0; padding: 0.5rem; border: 1px dashed var(--muted); text-align: center; font-weight: 600; }
.late { color: var(--bad); }
.actions { display: flex; gap: 0.5rem; }
@media print {
  @page { size: A4; margin: 16mm; }
  :root { --bg: #fff; --card: #fff; --ink: #000; --muted: #444; --bad: #000; color-scheme: light; }
  body { font-size: 11pt; }
  main { max-width: 40rem; padding: 0; }
  .receipt { padding: 0; }
  .actions, footer, .external { display: none; }
}
`;

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
`;

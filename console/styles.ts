/**
 * One sheet for the app and every view (each view's shadow root adopts the same CSSResult, so it is parsed once).
 * Phone first: one column, large targets (at least 44 px); wider screens get a centred column. Colours meet WCAG AA
 * contrast in light and dark. `.text` is a buyer's text that may span lines (an address, a note): it keeps them.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --accent: #113f8c;
    --card: #fff;
    --text: #1b1f24;
    --muted: #4f5763;
    --line: #d5dae1;
    --ok: #14692f;
    --bad: #b3261e;
    --warn: #7a4b00;
    --on-accent: #fff;
    display: block;
    color: var(--text);
    font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', 'Noto Sans Thai', sans-serif;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --accent: #9cbcff;
      --card: #1b1f24;
      --text: #eef1f5;
      --muted: #b4bcc8;
      --line: #3a414b;
      --ok: #7bd88f;
      --bad: #ffa4a4;
      --warn: #ffd27a;
      --on-accent: #0b1a33;
    }
  }
  h1,
  h2,
  h3,
  h4,
  p,
  ul,
  ol,
  dl,
  dd,
  figure,
  fieldset {
    margin: 0;
  }
  h1 {
    font-size: 1.35rem;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  h4 {
    font-size: 1rem;
  }
  /* A heading takes the focus when its view opens, for screen readers: no ring around it. */
  [tabindex='-1']:focus {
    outline: 0;
  }
  ul,
  ol {
    padding: 0;
    list-style: none;
  }
  section,
  .card {
    display: grid;
    gap: 0.75rem;
  }
  .card {
    background: var(--card);
    border: 1px solid var(--line);
    border-radius: 12px;
    padding: 1rem;
  }
  .muted {
    color: var(--muted);
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions > * {
    flex: 1 1 8rem;
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    padding: 0.5rem 0.9rem;
    border-radius: 10px;
    border: 2px solid var(--accent);
    background: var(--accent);
    color: var(--on-accent);
    cursor: pointer;
    text-align: center;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    box-sizing: border-box;
  }
  button.quiet,
  .button.quiet {
    background: transparent;
    color: var(--accent);
  }
  button.danger {
    border-color: var(--bad);
    background: transparent;
    color: var(--bad);
  }
  button[disabled] {
    opacity: 0.7;
    cursor: default;
  }
  a {
    color: var(--accent);
  }
  /* A link on a line of its own is a control: a thumb's 44 px, as a button's. */
  a.go {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    min-width: 44px;
  }
  /* A link in a line of smaller text: at least 24 px high (WCAG 2.2, 2.5.8). */
  .meta a {
    display: inline-flex;
    align-items: center;
    min-height: 24px;
  }
  :focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  label small,
  .help {
    font-weight: 400;
    color: var(--muted);
  }
  input,
  select {
    font: inherit;
    min-height: 44px;
    padding: 0.4rem 0.6rem;
    border-radius: 8px;
    border: 1px solid var(--muted);
    background: var(--card);
    color: var(--text);
    box-sizing: border-box;
    width: 100%;
  }
  form,
  fieldset {
    display: grid;
    gap: 0.75rem;
  }
  fieldset {
    border: 0;
    padding: 0;
  }
  .grid2 {
    display: grid;
    /* minmax(0, …): a date box's own width never widens the column past half a narrow phone. */
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.75rem;
  }
  .grid2 > * > input,
  .grid2 input {
    min-width: 0;
    max-width: 100%;
    box-sizing: border-box;
  }
  .amount {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .big {
    font-size: 1.75rem;
  }
  .badge {
    display: inline-block;
    font-size: 0.85rem;
    font-weight: 600;
    padding: 0 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .paid {
    color: var(--ok);
  }
  .needs_review,
  .late {
    color: var(--warn);
  }
  .expired,
  .cancelled,
  .disabled,
  .sold_out,
  .error {
    color: var(--bad);
  }
  .entries > li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.1rem 0.75rem;
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--line);
  }
  .entries > li:last-child {
    border-bottom: 0;
  }
  .entries .title {
    overflow-wrap: anywhere;
  }
  .entries .meta {
    grid-column: 1 / -1;
    display: flex;
    gap: 0.5rem;
    align-items: center;
    color: var(--muted);
    font-size: 0.9rem;
  }
  console-share {
    display: block;
    /* Scrolled to below the app's sticky header. */
    scroll-margin-top: 5rem;
  }
  .qr {
    display: block;
    width: min(100%, 320px);
    margin: 0 auto;
    background: #fff;
    border-radius: 8px;
  }
  .url {
    overflow-wrap: anywhere;
    font-size: 0.9rem;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25rem 0.75rem;
  }
  dt {
    color: var(--muted);
  }
  dd {
    overflow-wrap: anywhere;
  }
  .text {
    white-space: pre-line;
  }
  .notice {
    padding: 0.6rem 0.8rem;
    border-radius: 10px;
    border: 1px solid var(--line);
    background: var(--card);
  }
  .notice.error {
    border-color: var(--bad);
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    clip-path: inset(50%);
    width: 1px;
    height: 1px;
    overflow: hidden;
    white-space: nowrap;
  }
`;

/**
 * The page around the app, which no shadow style reaches (and no inline style may, under the console's CSP). Its
 * scroll padding keeps what focus scrolls to (a Tab, a tap on a field, the form's first problem) clear of the sticky
 * header and the tab bar, not under them (WCAG 2.2, 2.4.11).
 */
export const page = css`
  html {
    scroll-padding: 6rem 0 calc(4.5rem + env(safe-area-inset-bottom));
  }
  body {
    margin: 0;
    background: #f5f7fa;
  }
  @media (prefers-color-scheme: dark) {
    body {
      background: #101215;
    }
  }
`;

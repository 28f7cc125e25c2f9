import { unsafeCSS } from 'lit';

/**
 * The sheet is one literal with nothing interpolated, so Lit's `css` tag, whose checks of interpolated values weigh
 * some 150 B of the CDN bundle's gzip budget, is not needed: the same CSSResult from the literal's text. Named `css`
 * so that the build folds its white space as it does every css`` template (vite.config.ts).
 */
const css = (text: TemplateStringsArray) => unsafeCSS(text[0]);

export const styles = css`
  :host {
    --_a: var(--maemanee-accent, #113f8c);
    --_b: var(--maemanee-background, #fff);
    --_c: var(--maemanee-color, #1b1f24);
    --_ok: #14803a;
    --_bad: #b3261e;
    display: block;
    font: 16px/1.5 var(--maemanee-font, system-ui, sans-serif);
    color: var(--_c);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_a: var(--maemanee-accent, #9cbcff);
      --_b: var(--maemanee-background, #16191d);
      --_c: var(--maemanee-color, #eef1f5);
      --_ok: #7bd88f;
      --_bad: #ffa4a4;
    }
  }
  [part='base'] {
    background: var(--_b);
    border: 1px solid var(--_a);
    border-radius: var(--maemanee-radius, 12px);
    padding: 1rem;
    text-align: center;
    display: grid;
    gap: 0.5rem;
  }
  h2,
  p,
  ol {
    margin: 0;
  }
  h2 {
    font-size: 1.1rem;
    outline: 0;
  }
  [part='amount'] {
    font-size: 1.75rem;
    font-weight: 700;
  }
  ol {
    text-align: start;
  }
  img {
    width: var(--maemanee-qr-size, 240px);
    margin: auto;
  }
  progress {
    width: 100%;
    accent-color: var(--_a);
  }
  [part='actions'] {
    display: grid;
    gap: inherit;
  }
  button,
  a {
    font: inherit;
    font-weight: 600;
    border-radius: 8px;
    padding: 0.6rem;
    text-decoration: none;
    border: 2px solid var(--_a);
    background: var(--_b);
    color: var(--_a);
    cursor: pointer;
  }
  button {
    background: var(--_a);
    color: var(--_b);
  }
  [part='check'] {
    background: var(--_b);
    color: var(--_a);
  }
  :focus-visible {
    outline: 3px solid var(--_a);
    outline-offset: 2px;
  }
  [aria-disabled='true'],
  [disabled] {
    opacity: 0.7;
  }
  .paid,
  [part='mark'] {
    color: var(--_ok);
  }
  [part='mark'] {
    font-size: 3rem;
    line-height: 1;
  }
  .expired,
  .error,
  [part='warning'] {
    color: var(--_bad);
  }
  [part='already'] {
    font-weight: 600;
  }
  [role='status'] {
    position: absolute;
    clip-path: inset(50%);
  }
`;

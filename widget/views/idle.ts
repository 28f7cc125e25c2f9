/** Before a bill exists: the amount (when it is known) and the button that creates the bill. */
import { html } from 'lit';
import type { Strings } from '../i18n/index.ts';
import { money } from './money.ts';

export const idleView = (t: Strings, amount: number, creating: boolean, start: () => void) =>
  html`${amount ? html`<div part="amount">${money(amount)}</div>` : ''}
    <button part="start" data-focus aria-disabled=${creating} @click=${start}>${creating ? t.creating : t.pay}</button>`;

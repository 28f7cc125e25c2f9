/** Something failed: what the customer can do about it, and a retry when trying again may work. */
import { html } from 'lit';
import { message } from './message.ts';
import type { Strings } from '../i18n/index.ts';

export const errorView = (t: Strings, text: string, retry?: () => unknown) =>
  html`${message(text, 'error')}${retry ? html`<button part="retry" @click=${retry}>${t.retry}</button>` : ''}`;

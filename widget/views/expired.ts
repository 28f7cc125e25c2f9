/**
 * The QR's time ran out. A customer who paid late must not pay again: that is said first, while the element keeps
 * checking and turns to the paid view if the payment arrives. Only then, a new QR for one who has not paid.
 */
import { html } from 'lit';
import { message } from './message.ts';
import type { Strings } from '../i18n/index.ts';

export const expiredView = (t: Strings, renew: () => void) =>
  html`${message(t.expired, 'expired')}
    <p part="already">${t.already}</p>
    <button part="renew" @click=${renew}>${t.again}</button>`;

/** A payment received, worth a screenshot: a check mark, the amount, the reference, when, and the way back to the shop. */
import { html } from 'lit';
import type { PaidPayment } from '../api.ts';
import { format } from '../i18n/index.ts';
import { message } from './message.ts';
import type { Strings } from '../i18n/index.ts';
import { money } from './money.ts';

export function paidView(t: Strings, paid: PaidPayment, returnUrl: string | null | undefined, timeZone: string | null) {
  // In the shop's zone, not the phone's: the time the proxy's paid page shows after a reload, the same on every phone.
  const at = (zone: string | null) => new Date(paid.paidAt).toLocaleString(t.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone! });
  let time;
  try {
    time = at(timeZone);
  } catch {
    time = at('Asia/Bangkok'); // a zone this browser does not know, or the attribute removed
  }
  return html`<div part="mark" aria-hidden="true">✓</div>
    ${message(t.paid, 'paid')}
    <div part="amount">${money(paid.amount)}</div>
    <p part="reference">${format(t.ref, { ref: paid.ref1 })}</p>
    <p part="time">${time}</p>
    ${paid.late ? html`<p part="late">${t.late}</p>` : ''}
    ${/^https:\/\//.test(returnUrl ?? '') ? html`<a part="back" href=${returnUrl}>${t.back}</a>` : ''}`;
}

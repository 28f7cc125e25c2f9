/**
 * The QR to pay. On a phone, which cannot scan its own screen, the same-phone path leads: save the QR to the photos,
 * then the bank app's "scan from an image". Elsewhere the QR leads, to be scanned with a phone.
 */
import { html } from 'lit';
import type { CreatedPayment } from '../api.ts';
import { format } from '../i18n/index.ts';
import type { Strings } from '../i18n/index.ts';
import { money } from './money.ts';

/** What the pending view shows. Its names start with `_`, which the CDN build mangles, as the element's own do. */
export interface Pending {
  _payment: CreatedPayment;
  /** Seconds left, and the bill's whole window, for the countdown and its bar. */
  _left: number;
  _window: number;
  /** A line under the QR ("no payment found yet"). */
  _note: string;
  _checking: boolean;
  _phone: boolean;
  /** Whether the browser can share the QR as a file (else a phone is told to press and hold it). */
  _shareable: boolean;
  _check(): void;
  _save(): void;
}

export function pendingView(t: Strings, v: Pending) {
  const p = v._payment;
  const amount = money(p.amount);
  const exact = format(t.exact, { amount });
  const warn = v._left <= 60;
  const qr = html`<img part="qr" src=${p.qr} alt=${format(t.qrAlt, { amount })} />`;
  const save = html`<button part="save" @click=${v._save}>${t.save}</button>`;
  const steps = (...items: string[]) => html`<ol part="steps">${items.map((item) => html`<li>${item}</li>`)}</ol>`;
  return html`<h2 tabindex="-1" data-focus>${v._phone ? t.pay : t.scan}${p.sandbox ? ' (SANDBOX)' : ''}</h2>
    <div part="amount">${amount}</div>
    ${v._phone ? html`${save}${v._shareable ? '' : html`<p part="hold">${t.hold}</p>`}` : ''}
    ${qr}
    <div part="countdown">${format(t.left, { time: `${(v._left / 60) | 0}:${String(v._left % 60).padStart(2, '0')}` })}</div>
    <progress part="progress" max=${v._window} .value=${v._left}></progress>
    ${warn ? html`<p part="warning">${t.warn}</p>` : ''}
    ${v._phone ? steps(t.app, t.pick, exact) : steps(t.app, exact)}
    <p part="reference">${format(t.ref, { ref: p.ref1 })}</p>
    <p>${v._note}</p>
    <div part="actions">
      <button part="check" ?disabled=${v._checking} @click=${v._check}>${v._checking ? t.checking : t.check}</button>
      ${v._phone ? '' : save}
      ${/^https:/.test(p.payUrl!) ? html`<a part="open" href=${p.payUrl} target="_blank" rel="noopener">${t.open}</a>` : ''}
    </div>`;
}

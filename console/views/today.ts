/**
 * Today: the totals, then each payment as the proxy recorded it, newest first, with its time in Bangkok; the sound
 * alerts' switch. The app owns the feed and the alerts (they keep running on the owner's other views); this view shows
 * them and asks for changes with events.
 */
import { html } from 'lit';
import type { Today } from '../../contract/console.ts';
import { clock, dayName, money } from '../format.ts';
import { format } from '../i18n/index.ts';
import { ConsoleView } from '../view.ts';
import { badge, eventStatus } from './status.ts';

export class TodayView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    today: { attribute: false },
    offline: { type: Boolean },
    alerts: { type: Boolean },
    offerPasskey: { type: Boolean, attribute: 'offer-passkey' },
  };

  today?: Today;
  offline = false;
  alerts = false;
  offerPasskey = false;

  /** Dispatched within the tap, so that the app may start sound and speech. */
  private toggleAlerts = () => this.dispatchEvent(new CustomEvent('console-alerts', { detail: !this.alerts, bubbles: true, composed: true }));

  private addPasskey = () => this.dispatchEvent(new CustomEvent('console-add-passkey', { bubbles: true, composed: true }));

  override render() {
    const t = this.t;
    const today = this.today;
    return html`<section>
      <div>
        <h1 tabindex="-1">${t.todayTitle}</h1>
        ${today ? html`<p class="muted">${dayName(t, today.day)}</p>` : ''}
      </div>
      <div class="card" data-totals>
        <p class="muted">${t.paidSum}</p>
        <p class="amount big">${today ? money(today.paid.sum) : '…'}</p>
        <p>${today ? format(t.paidCount, { count: today.paid.count }) : t.loading}</p>
      </div>
      <button data-alerts class=${this.alerts ? 'quiet' : ''} aria-pressed=${this.alerts ? 'true' : 'false'} @click=${this.toggleAlerts}>
        ${this.alerts ? t.alertsOff : t.alertsOn}
      </button>
      ${this.alerts ? html`<p class="muted">${t.alertsActive}</p>` : ''}
      <p role="status" class=${this.offline ? 'notice error' : 'visually-hidden'}>${this.offline ? t.offline : ''}</p>
      ${this.offerPasskey
        ? html`<div class="card row"><p>${t.offerPasskey}</p><button class="quiet" @click=${this.addPasskey}>${t.addPasskey}</button></div>`
        : ''}
      ${today && !today.entries.length ? html`<p class="muted">${t.noneToday}</p>` : ''}
      <ul class="entries card" ?hidden=${!today?.entries.length}>
        ${(today?.entries ?? []).map(({ event, title }) => {
          const status = eventStatus(event);
          return html`<li data-entry>
            <span class="title">${title}</span>
            <span class="amount ${status === 'paid' || status === 'late' ? 'paid' : ''}">${money(event.data.amount)}</span>
            <span class="meta"><time datetime=${event.created}>${clock(t, event.created)}</time>${badge(t, status)}</span>
          </li>`;
        })}
      </ul>
    </section>`;
  }
}

/** A payment's page: its facts, its events, each webhook endpoint's deliveries of each event, and redeliver. */
import { html } from 'lit';
import type { DeliveryView, PaymentDetail } from '../../contract/console.ts';
import type { PaymentEvent } from '../../contract/http.ts';
import { money, when } from '../format.ts';
import { format, type Strings } from '../i18n/index.ts';
import { SHOP_TEXTS } from '../i18n/shop.ts';
import { ConsoleView } from '../view.ts';
import { orderView } from './order.ts';
import { outcome, reviewHint } from './review.ts';
import { badge } from './status.ts';

const eventName = (t: Strings, event: PaymentEvent) =>
  ({ 'payment.paid': t.eventPaid, 'payment.expired': t.eventExpired, 'payment.needs_review': t.eventReview })[event.type];

export class PaymentView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    id: {},
    detail: { state: true },
    redelivered: { state: true },
  };

  id = '';
  private detail?: PaymentDetail;
  private redelivered = new Set<string>();

  /** Another payment in the same view (a link from one to another): read it afresh. */
  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('id') && this.hasUpdated) {
      this.detail = undefined;
      void this.load();
    }
  }

  protected override async load() {
    const id = this.id;
    const detail = await this.run(() => this.api.payment(id, this.t.lang));
    if (detail && id === this.id) this.detail = detail;
  }

  private redeliver = async (eventId: string) => {
    if ((await this.run(() => this.api.redeliver(eventId))) === undefined && this.error) return;
    this.redelivered = new Set(this.redelivered).add(eventId);
    await this.load();
  };

  override render() {
    const t = this.t;
    const d = this.detail;
    return html`<section>
      <a class="go" href="#/payments">${t.back}</a>
      <h1 tabindex="-1">${format(t.payment, { id: this.id })}</h1>
      ${this.errorView()} ${d ? this.facts(d) : this.error ? '' : html`<p class="muted">${t.loading}</p>`}
    </section>`;
  }

  private facts(d: PaymentDetail) {
    const t = this.t;
    const bill = d.bill;
    const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
    return html`<div class="card">
        <p class="amount big">${money(bill.amount)}</p>
        <p>${badge(t, bill.late ? 'late' : bill.status)}</p>
        <dl>
          ${row(t.title, d.title)} ${row(t.ref, bill.ref1)} ${row(t.createdAt, when(t, bill.createdAt))} ${row(t.expiresAt, when(t, bill.expiresAt))}
          ${row(t.paidAt, bill.paidAt && when(t, bill.paidAt))} ${row(t.link, bill.link && html`<a class="go" href="#/links/${encodeURIComponent(bill.link)}">${bill.link}</a>`)} ${row(t.mode, bill.sandbox && t.sandboxBill)}
        </dl>
        ${bill.status === 'needs_review' ? html`<p>${d.reviewHint ?? reviewHint(t, bill)}</p><a class="go" href="#/review">${t.reviewTitle}</a>` : ''}
        ${d.resolution ? html`<p class="notice">${outcome(t, d)}</p>` : ''}
      </div>
      ${bill.order ? orderView(SHOP_TEXTS[t.lang], bill.order) : ''}
      <h2>${t.events}</h2>
      <ul class="card">
        ${d.events.map((event) => this.event(event, d.deliveries.filter((x) => x.eventId === event.id)))}
      </ul>`;
  }

  private event(event: PaymentEvent, deliveries: DeliveryView[]) {
    const t = this.t;
    return html`<li class="card" data-event=${event.id}>
      <div class="row">
        <h3>${eventName(t, event)}</h3>
        <time class="muted" datetime=${event.created}>${when(t, event.created)}</time>
      </div>
      ${deliveries.length
        ? html`<h4 class="visually-hidden">${t.deliveries}</h4>
            <ul>
              ${deliveries.map(
                (x) => html`<li>
                  <strong>${x.endpoint}</strong>
                  <span>${format(t.attempts, { count: x.attempts })}</span>
                  <p class=${x.deliveredAt ? 'paid' : x.nextAttemptAt ? '' : 'error'}>
                    ${x.deliveredAt
                      ? format(t.delivered, { time: when(t, x.deliveredAt) })
                      : x.nextAttemptAt
                      ? format(t.nextAttempt, { time: when(t, x.nextAttemptAt) })
                      : t.gaveUp}
                  </p>
                  ${x.lastError ? html`<p class="muted">${format(t.lastError, { error: x.lastError })}</p>` : ''}
                </li>`,
              )}
            </ul>`
        : html`<p class="muted">${t.noDeliveries}</p>`}
      ${this.redelivered.has(event.id)
        ? html`<p role="status">${t.redelivered}</p>`
        : html`<button class="quiet" data-redeliver @click=${() => this.redeliver(event.id)}>${t.redeliver}</button>`}
    </li>`;
  }
}

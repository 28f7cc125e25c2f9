/**
 * A link's page: what it sells (its amount, or its items with their prices and the quantities a buyer may pick), the
 * details it asks, one payment or many buyers with what is sold against its limit, its state and its QR to share; then
 * its payments, each with its order and, once paid, the buyer's receipt.
 */
import { html } from 'lit';
import type { Link, LinkItem, LinkPayment } from '../../contract/http.ts';
import { money, orderLine, when } from '../format.ts';
import { format } from '../i18n/index.ts';
import { SHOP_TEXTS, type ShopStrings } from '../i18n/shop.ts';
import { ConsoleView } from '../view.ts';
import { buyersText, shareText } from './link-lines.ts';
import { badge } from './status.ts';

/** An item's quantity as the buyer meets it: fixed, or the range they pick from. */
const itemQuantity = (s: ShopStrings, item: LinkItem) =>
  item.adjustable ? format(s.picks, { min: item.adjustable.min, max: item.adjustable.max }) : format(s.times, { quantity: item.quantity ?? 1 });

export class LinkView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    id: {},
    link: { state: true },
  };

  id = '';
  private link?: Link;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('id') && this.hasUpdated) {
      this.link = undefined;
      void this.load();
    }
  }

  protected override async load() {
    const id = this.id;
    const link = await this.run(() => this.api.link(id));
    if (link && id === this.id) this.link = link;
  }

  override render() {
    const t = this.t;
    const link = this.link;
    return html`<section>
      <a class="go" href="#/links">${t.back}</a>
      <h1 tabindex="-1">${link?.description ?? SHOP_TEXTS[t.lang].linkTitle}</h1>
      ${this.errorView()} ${link ? this.facts(link) : this.error ? '' : html`<p class="muted">${t.loading}</p>`}
    </section>`;
  }

  private facts(link: Link) {
    const t = this.t;
    const s = SHOP_TEXTS[t.lang];
    return html`<div class="card" data-link-facts>
        <p class="amount big">${money(link.amount)}</p>
        ${link.items ? html`<p class="muted">${s.linkAmount}</p>` : ''}
        <p>${badge(t, link.status)}</p>
        <p data-buyers>${buyersText(s, link)}</p>
        <dl>
          <dt>${s.asked}</dt>
          <dd data-asked>
            ${link.fields.length
              ? link.fields.map((f) => `${s.field[f.key]} (${f.required ? s.required : s.optional})`).join(', ')
              : s.noneAsked}
          </dd>
          <dt>${t.ref}</dt>
          <dd>${link.ref1}</dd>
          <dt>${t.expiresAt}</dt>
          <dd>${when(t, link.expiresAt)}</dd>
        </dl>
      </div>
      ${link.items
        ? html`<h2>${s.items}</h2>
            <ul class="entries card" data-link-items>
              ${link.items.map(
                (item) => html`<li>
                  <span class="title">${item.name}</span>
                  <span class="amount">${money(item.price)}</span>
                  <span class="meta">${itemQuantity(s, item)}</span>
                </li>`,
              )}
            </ul>`
        : ''}
      ${link.status === 'open' ? html`<console-share .t=${t} url=${link.url} text=${shareText(t, link)}></console-share>` : ''}
      <h2>${s.linkPayments}</h2>
      ${link.payments?.length
        ? html`<ul class="entries card">
            ${link.payments.map((payment) => this.payment(s, payment))}
          </ul>`
        : html`<p class="muted">${s.noLinkPayments}</p>`}`;
  }

  private payment(s: ShopStrings, payment: LinkPayment) {
    const t = this.t;
    const line = orderLine(payment.order);
    return html`<li data-payment=${payment.id}>
      <a class="title" href="#/payments/${encodeURIComponent(payment.id)}">${format(s.openPayment, { id: payment.id })}</a>
      <span class="amount">${money(payment.amount)}</span>
      ${line ? html`<span class="meta text">${line}</span>` : ''}
      <span class="meta">
        ${payment.paidAt ? html`<time datetime=${payment.paidAt}>${when(t, payment.paidAt)}</time>` : ''} ${badge(t, payment.status)}
        ${payment.receiptUrl
          ? html`<a href=${payment.receiptUrl} target="_blank" rel="noopener noreferrer" aria-label=${format(s.receiptOf, { id: payment.id })}>${s.receipt}</a>`
          : ''}
      </span>
    </li>`;
  }
}

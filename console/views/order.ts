/**
 * What a buyer ordered through a shop link, in full: the items with their quantities and what each came to, then the
 * details they gave. Every word of it is the buyer's or the seller's text, shown as text (Lit escapes it).
 */
import { html } from 'lit';
import { BUYER_FIELD_KEYS, type OrderDetails } from '../../contract/http.ts';
import { money } from '../format.ts';
import { format } from '../i18n/index.ts';
import type { ShopStrings } from '../i18n/shop.ts';

/** The order's section; nothing for an order with neither items nor details (a reusable link's one amount, nothing asked). */
export function orderView(s: ShopStrings, order: OrderDetails) {
  const given = BUYER_FIELD_KEYS.filter((key) => order.fields[key]);
  if (!order.items.length && !given.length) return '';
  return html`<section class="card" data-order aria-labelledby="order-heading">
    <h2 id="order-heading">${s.order}</h2>
    ${order.items.length
      ? html`<ul class="entries">
          ${order.items.map(
            (item) => html`<li data-order-item>
              <span class="title">${format(s.line, { name: item.name, quantity: item.quantity })}</span>
              <span class="amount">${money(item.price * item.quantity)}</span>
            </li>`,
          )}
        </ul>`
      : ''}
    ${given.length
      ? html`<h3>${s.buyer}</h3>
          <dl>
            ${given.map((key) => html`<dt>${s.field[key]}</dt><dd class="text" data-field=${key}>${order.fields[key]}</dd>`)}
          </dl>`
      : ''}
  </section>`;
}

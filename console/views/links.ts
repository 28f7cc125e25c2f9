/**
 * Pay links: make one (`<console-link-form>`: one amount, or a shop link's items, the buyer's details and many buyers)
 * and hand it on at once (share sheet, LINE, copy, a large QR); the links with their state, what a shop link sells and
 * how much of it is sold; each opens its own page; disable one.
 */
import { html } from 'lit';
import type { Link } from '../../contract/http.ts';
import { totalRange } from '../../contract/order.ts';
import { money, when } from '../format.ts';
import { format } from '../i18n/index.ts';
import { SHOP_TEXTS } from '../i18n/shop.ts';
import { ConsoleView } from '../view.ts';
import { buyersText, oversoldText, shareText } from './link-lines.ts';
import { badge } from './status.ts';

/** What a buyer pays: the link's amount, or from the least to the most where the buyer picks quantities. */
function amountText(link: Link): string {
  const range = link.items && totalRange(link.items);
  return range && range.least !== range.most ? `${money(range.least)}–${money(range.most)}` : money(link.amount);
}

export class LinksView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    links: { state: true },
    next: { state: true },
    shown: { state: true },
    confirming: { state: true },
    note: { state: true },
  };

  private links?: Link[];
  private next: string | null = null;
  /** The link whose QR and share buttons are open: the one just made, or one the seller picked. */
  private shown?: Link;
  private confirming?: string;
  private note = '';

  protected override async load(after?: string) {
    const page = await this.run(() => this.api.links(after));
    if (!page) return;
    this.links = after ? [...(this.links ?? []), ...page.links] : page.links;
    this.next = page.next;
  }

  private made = (event: CustomEvent<Link>) => {
    const link = event.detail;
    this.links = [link, ...(this.links ?? []).filter((l) => l.id !== link.id)];
    void this.show(link);
    this.note = this.t.created;
  };

  /** Opens a link's QR and buttons above the list, and brings them into view. */
  private async show(link: Link) {
    this.shown = link;
    this.note = '';
    await this.updateComplete;
    this.renderRoot.querySelector('console-share')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  private disable = async (id: string) => {
    const link = await this.run(() => this.api.disableLink(id));
    this.confirming = undefined;
    if (!link) return;
    this.links = this.links?.map((l) => (l.id === id ? link : l));
    if (this.shown?.id === id) this.shown = undefined;
    this.note = this.t.disabled;
  };

  override render() {
    const t = this.t;
    return html`<section>
      <h1 tabindex="-1">${t.newLink}</h1>
      <console-link-form .api=${this.api} .t=${t} .me=${this.me} @console-link-made=${this.made}></console-link-form>
      ${this.errorView()}
      <p role="status" class=${this.note ? 'notice' : 'visually-hidden'}>${this.note}</p>
      ${this.shown
        ? html`<console-share .t=${t} url=${this.shown.url} text=${shareText(t, this.shown)}></console-share>`
        : ''}
      <h2>${t.linkList}</h2>
      ${this.links === undefined ? (this.error ? '' : html`<p class="muted">${t.loading}</p>`) : this.list(this.links)}
    </section>`;
  }

  private list(links: Link[]) {
    const t = this.t;
    const s = SHOP_TEXTS[t.lang];
    if (!links.length) return html`<p class="muted">${t.noLinks}</p>`;
    return html`<ul class="entries card">
        ${links.map((link) => {
          const paid = link.payments?.filter((p) => p.status === 'paid').length ?? 0;
          return html`<li data-link=${link.id}>
            <a class="title" href="#/links/${encodeURIComponent(link.id)}">${link.description}</a>
            <span class="amount">${amountText(link)}</span>
            <span class="meta"
              >${badge(t, link.status)} ${link.reusable ? buyersText(s, link) : `${paid ? format(t.linkPayments, { count: paid }) : ''}${oversoldText(s, link)}`}</span
            >
            ${link.items ? html`<span class="meta">${format(s.itemCount, { count: link.items.length })}</span>` : ''}
            <span class="meta">${format(t.until, { time: when(t, link.expiresAt) })}</span>
            ${link.status === 'open' ? this.linkActions(link) : ''}
          </li>`;
        })}
      </ul>
      ${this.next ? html`<button class="quiet" @click=${() => this.load(this.next!)}>${t.loadMore}</button>` : ''}`;
  }

  private linkActions(link: Link) {
    const t = this.t;
    if (this.confirming === link.id) {
      return html`<div class="meta actions" role="group" aria-label=${t.disableConfirm}>
        <p>${t.disableConfirm}</p>
        <button class="danger" data-confirm-disable @click=${() => this.disable(link.id)}>${t.disableYes}</button>
        <button class="quiet" @click=${() => (this.confirming = undefined)}>${t.cancel}</button>
      </div>`;
    }
    return html`<div class="meta actions">
      <button class="quiet" data-show @click=${() => this.show(link)}>${t.showQr}</button>
      <button class="danger" data-disable @click=${() => (this.confirming = link.id)}>${t.disable}</button>
    </div>`;
  }
}

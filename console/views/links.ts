/**
 * Pay links: make one (amount, description, how long it stays open) and hand it on at once (share sheet, LINE, copy,
 * a large QR); the links with their state and payments; disable one. The form reads its fields by name, so the
 * richer links to come (items, the buyer's details) are more fields in the same form.
 */
import { html } from 'lit';
import type { Link, NewLinkRequest } from '../../contract/http.ts';
import { money, when } from '../format.ts';
import { format } from '../i18n/index.ts';
import { ConsoleView } from '../view.ts';
import { badge } from './status.ts';

const HOUR = 3600;
const EXPIRIES = [
  ['expiry1h', HOUR],
  ['expiry1d', 24 * HOUR],
  ['expiry7d', 7 * 24 * HOUR],
  ['expiry30d', 30 * 24 * HOUR],
  ['expiry90d', 90 * 24 * HOUR],
] as const;
const DEFAULT_EXPIRY = 7 * 24 * HOUR;

/** What a message carries besides the URL. */
export const shareText = (t: ConsoleView['t'], link: Pick<Link, 'description' | 'amount'>) =>
  format(t.shareText, { description: link.description, amount: money(link.amount) });

export class LinksView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    links: { state: true },
    next: { state: true },
    shown: { state: true },
    confirming: { state: true },
    creating: { state: true },
    note: { state: true },
  };

  private links?: Link[];
  private next: string | null = null;
  /** The link whose QR and share buttons are open: the one just made, or one the seller picked. */
  private shown?: Link;
  private confirming?: string;
  private creating = false;
  private note = '';

  protected override async load(after?: string) {
    const page = await this.run(() => this.api.links(after));
    if (!page) return;
    this.links = after ? [...(this.links ?? []), ...page.links] : page.links;
    this.next = page.next;
  }

  private create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const request: NewLinkRequest = {
      amount: Number(data.get('amount')),
      description: String(data.get('description')).trim(),
      expiresIn: Number(data.get('expiresIn')),
    };
    this.creating = true;
    const link = await this.run(() => this.api.createLink(request));
    this.creating = false;
    if (!link) return;
    form.reset();
    this.links = [link, ...(this.links ?? []).filter((l) => l.id !== link.id)];
    this.show(link);
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
      <form class="card" @submit=${this.create}>
        <fieldset ?disabled=${this.creating}>
          <label
            >${t.amount}
            <input name="amount" type="number" inputmode="numeric" min="1" step="1" required autocomplete="off" />
          </label>
          <label
            >${t.description}
            <input name="description" maxlength="200" required autocomplete="off" aria-describedby="description-help" />
            <small id="description-help">${t.descriptionHelp}</small>
          </label>
          <label
            >${t.expiry}
            <select name="expiresIn">
              ${EXPIRIES.map(([key, seconds]) => html`<option value=${seconds} ?selected=${seconds === DEFAULT_EXPIRY}>${t[key]}</option>`)}
            </select>
          </label>
        </fieldset>
        <button type="submit" ?disabled=${this.creating}>${this.creating ? t.creating : t.create}</button>
      </form>
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
    if (!links.length) return html`<p class="muted">${t.noLinks}</p>`;
    return html`<ul class="entries card">
        ${links.map((link) => {
          const paid = link.payments?.filter((p) => p.status === 'paid').length ?? 0;
          return html`<li data-link=${link.id}>
            <span class="title">${link.description}</span>
            <span class="amount">${money(link.amount)}</span>
            <span class="meta">${badge(t, link.status)} ${paid ? format(t.linkPayments, { count: paid }) : ''}</span>
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

/** Payments: search the shop's bills by reference, state and Bangkok days; each opens its own page. */
import { html } from 'lit';
import type { PaymentSearch } from '../../contract/console.ts';
import type { BillStatus, BillSummary } from '../../contract/http.ts';
import { money, when } from '../format.ts';
import { ConsoleView } from '../view.ts';
import { badge, statusText } from './status.ts';

const STATUSES: BillStatus[] = ['paid', 'pending', 'needs_review', 'expired', 'cancelled'];

/** A bill's row, for the search and the review inbox alike. */
export function billRow(t: ConsoleView['t'], bill: BillSummary, title = bill.ref1) {
  return html`<li data-bill=${bill.id}>
    <a class="title" href="#/payments/${encodeURIComponent(bill.id)}">${title}</a>
    <span class="amount">${money(bill.amount)}</span>
    <span class="meta"><time datetime=${bill.createdAt}>${when(t, bill.createdAt)}</time>${badge(t, bill.late ? 'late' : bill.status)}</span>
  </li>`;
}

export class PaymentsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    bills: { state: true },
    next: { state: true },
  };

  private bills?: BillSummary[];
  private next: string | null = null;
  private search: PaymentSearch = {};

  protected override async load(after?: string) {
    const page = await this.run(() => this.api.payments(this.search, after));
    if (!page) return;
    this.bills = after ? [...(this.bills ?? []), ...page.payments] : page.payments;
    this.next = page.next;
  }

  private submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    this.search = { q: field('q'), status: field('status') as BillStatus | undefined, from: field('from'), to: field('to') };
    void this.load();
  };

  override render() {
    const t = this.t;
    return html`<section>
      <h1 tabindex="-1">${t.payments}</h1>
      <form class="card" role="search" @submit=${this.submit}>
        <label>${t.search} <input name="q" type="search" placeholder=${t.searchQ} autocomplete="off" /></label>
        <label
          >${t.status}
          <select name="status">
            <option value="">${t.anyStatus}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${statusText(t, s)}</option>`)}
          </select>
        </label>
        <div class="grid2">
          <label>${t.from} <input name="from" type="date" /></label>
          <label>${t.to} <input name="to" type="date" /></label>
        </div>
        <button type="submit">${t.search}</button>
      </form>
      ${this.errorView()}
      ${this.bills === undefined
        ? this.error ? '' : html`<p class="muted">${t.loading}</p>`
        : this.bills.length
        ? html`<ul class="entries card">
              ${this.bills.map((bill) => billRow(t, bill))}
            </ul>
            ${this.next ? html`<button class="quiet" @click=${() => this.load(this.next!)}>${t.loadMore}</button>` : ''}`
        : html`<p class="muted">${t.noPayments}</p>`}
    </section>`;
  }
}

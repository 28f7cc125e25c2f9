/**
 * Needs review: the bills whose outcome nobody learnt, each saying what to look for in the Mae Manee app, and the
 * owner's answer. "Paid" makes the proxy ask the upstream once more before it records the owner's word; "not paid"
 * ends the bill expired. Each answer is confirmed first, and its outcome shown.
 */
import { html } from 'lit';
import type { PaymentDetail, ResolveRequest } from '../../contract/console.ts';
import type { BillSummary } from '../../contract/http.ts';
import { clock, money, when } from '../format.ts';
import { format, type Strings } from '../i18n/index.ts';
import { ConsoleView } from '../view.ts';

/** What to check in the Mae Manee app for a bill. */
export const reviewHint = (t: Strings, bill: BillSummary) =>
  format(t.reviewHint, { amount: money(bill.amount), time: clock(t, bill.createdAt), ref: bill.ref1 });

/** How a resolved bill ended, in words. */
export function outcome(t: Strings, detail: PaymentDetail): string {
  const resolution = detail.resolution;
  if (!resolution) return '';
  if (resolution.by === 'upstream') return t.resolvedUpstream;
  return format(resolution.found === 'paid' ? t.resolvedPaid : t.resolvedNotPaid, { time: when(t, resolution.at) });
}

export class ReviewView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    bills: { state: true },
    asking: { state: true },
    outcomes: { state: true },
  };

  private bills?: BillSummary[];
  /** The bill and the answer the owner is confirming. */
  private asking?: { id: string; found: ResolveRequest['found'] };
  /** Outcomes of the answers given here, by bill. */
  private outcomes = new Map<string, string>();

  protected override async load() {
    const page = await this.run(() => this.api.payments({ status: 'needs_review' }));
    if (page) this.bills = page.payments;
  }

  private resolve = async (id: string, found: ResolveRequest['found']) => {
    this.asking = undefined;
    const resolved = await this.run(() => this.api.resolve(id, found, this.t.lang));
    if (!resolved) return;
    this.outcomes = new Map(this.outcomes).set(id, outcome(this.t, resolved));
    this.bills = this.bills?.map((b) => (b.id === id ? resolved.bill : b));
    // The review tab's count follows.
    this.dispatchEvent(new CustomEvent('console-resolved', { bubbles: true, composed: true }));
  };

  override render() {
    const t = this.t;
    return html`<section>
      <h1 tabindex="-1">${t.reviewTitle}</h1>
      <p class="muted">${t.reviewHelp}</p>
      ${this.errorView()}
      ${this.bills === undefined
        ? this.error ? '' : html`<p class="muted">${t.loading}</p>`
        : this.bills.length
        ? html`<ul class="review">
            ${this.bills.map((bill) => this.item(bill))}
          </ul>`
        : html`<p class="muted">${t.reviewNone}</p>`}
    </section>`;
  }

  private item(bill: BillSummary) {
    const t = this.t;
    const done = this.outcomes.get(bill.id);
    const asking = this.asking?.id === bill.id ? this.asking.found : undefined;
    return html`<li class="card" data-review=${bill.id}>
      <div class="row">
        <a class="go" href="#/payments/${encodeURIComponent(bill.id)}">${bill.ref1}</a>
        <span class="amount">${money(bill.amount)}</span>
      </div>
      <p>${reviewHint(t, bill)}</p>
      ${done !== undefined
        ? html`<p role="status" class="notice">${done}</p>`
        : asking
        ? html`<p>${asking === 'paid' ? t.confirmPaid : t.confirmNotPaid}</p>
            <div class="actions">
              <button data-confirm @click=${() => this.resolve(bill.id, asking)}>${t.confirmYes}</button>
              <button class="quiet" @click=${() => (this.asking = undefined)}>${t.cancel}</button>
            </div>`
        : html`<div class="actions">
            <button data-found="paid" @click=${() => (this.asking = { id: bill.id, found: 'paid' })}>${t.foundPaid}</button>
            <button data-found="not_paid" class="quiet" @click=${() => (this.asking = { id: bill.id, found: 'not_paid' })}>${t.foundNotPaid}</button>
          </div>`}
    </li>`;
  }
}

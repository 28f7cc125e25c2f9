/** How a bill's or a link's state reads, and the class that colours it. */
import { html } from 'lit';
import type { PaymentEvent } from '../../contract/http.ts';
import type { BillStatus, LinkStatus } from '../../contract/http.ts';
import type { Strings } from '../i18n/index.ts';

export type Shown = BillStatus | LinkStatus | 'late';

export function statusText(t: Strings, status: Shown): string {
  return {
    paid: t.statusPaid,
    late: t.statusLate,
    needs_review: t.statusReview,
    expired: t.statusExpired,
    cancelled: t.statusCancelled,
    pending: t.statusPending,
    open: t.statusOpen,
    disabled: t.statusDisabled,
    sold_out: t.statusSoldOut,
  }[status];
}

export const badge = (t: Strings, status: Shown) => html`<span class="badge ${status}">${statusText(t, status)}</span>`;

/** What an event says of its bill. */
export function eventStatus(event: PaymentEvent): Shown {
  if (event.type === 'payment.paid') return event.data.late ? 'late' : 'paid';
  if (event.type === 'payment.expired') return event.data.cancelled ? 'cancelled' : 'expired';
  return 'needs_review';
}

/**
 * What the page does when its element turns paid, or fails for a reason the page itself explains better: the receipt's
 * link (its path comes from the paid facts the element fires, as the proxy derives it), or the page again, which then
 * says "sold out" or that the link is closed, in the buyer's language.
 */
import type { PaidPayment } from '../contract/http.ts';
import { receiptPath } from '../contract/order.ts';

/** The element's refusals that a fresh page shows better than the element's own error view. */
const PAGE_SAYS = ['sold_out', 'link_closed', 'order_in_progress'];

export function watchElement(root: Document, paid: (element: Element, detail: PaidPayment) => void): void {
  root.addEventListener('maemanee-paid', (event) => paid(event.target as Element, (event as CustomEvent<PaidPayment>).detail));
  root.addEventListener('maemanee-error', (event) => {
    if (PAGE_SAYS.includes((event as CustomEvent<{ code: string }>).detail.code)) location.reload();
  });
}

export function showReceiptLink(element: Element, paid: PaidPayment): void {
  const place = document.querySelector<HTMLElement>('.receipt-link');
  const anchor = place?.querySelector('a');
  if (!place || !anchor || !paid.link || !paid.receipt) return;
  anchor.href = `${element.getAttribute('endpoint') ?? ''}${receiptPath(paid)}`;
  place.hidden = false;
}

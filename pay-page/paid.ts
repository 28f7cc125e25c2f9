/**
 * What the page does when its element turns paid, or fails for a reason the page itself explains better. Paid, it
 * shows what a reload would (the proxy's paid page): the parts the proxy marked `data-paid` show, filled in from the
 * paid facts the element fires (the amount, the reference, the time in Bangkok, the receipt's link, whose path comes
 * from the receipt as the proxy derives it), and those marked `data-unpaid` (the form, the element, a held place) go.
 * A refusal the page says better: the page again, which then says "sold out" or that the link is closed, in the
 * buyer's language.
 */
import type { PaidPayment } from '../contract/http.ts';
import { money, paidTime, receiptPath } from '../contract/order.ts';

/** The element's refusals that a fresh page shows better than the element's own error view. */
const PAGE_SAYS = ['sold_out', 'link_closed', 'order_in_progress'];

export function watchElement(root: Document, paid: (element: Element, detail: PaidPayment) => void): void {
  root.addEventListener('maemanee-paid', (event) => paid(event.target as Element, (event as CustomEvent<PaidPayment>).detail));
  root.addEventListener('maemanee-error', (event) => {
    if (PAGE_SAYS.includes((event as CustomEvent<{ code: string }>).detail.code)) location.reload();
  });
}

export function showPaid(element: Element, paid: PaidPayment): void {
  const notice = document.querySelector<HTMLElement>('.notice[data-paid]');
  if (!notice) return;
  const amount = document.querySelector('.amount[data-paid]');
  if (amount) amount.textContent = money(paid.amount);
  notice.querySelector('.ref')!.textContent = paid.ref1;
  const time = notice.querySelector('time')!;
  time.dateTime = paid.paidAt;
  time.textContent = paidTime(paid.paidAt, document.documentElement.lang);
  const receipt = notice.querySelector<HTMLElement>('.receipt-link');
  if (receipt && paid.link && paid.receipt) {
    receipt.querySelector('a')!.href = `${element.getAttribute('endpoint') ?? ''}${receiptPath(paid)}`;
    receipt.hidden = false;
  }
  // Whoever was using what goes (the pay button, the element's check) is taken to the news.
  const active = document.activeElement;
  const gone = [...document.querySelectorAll<HTMLElement>('[data-unpaid]')];
  const lost = !active || active === document.body || gone.some((part) => part.contains(active));
  for (const part of gone) part.hidden = true;
  for (const part of document.querySelectorAll<HTMLElement>('[data-paid]')) part.hidden = false;
  if (lost) notice.querySelector('h2')!.focus();
}

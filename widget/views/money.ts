/** What the views share besides the texts: how money is written, the same in both languages. */

/**
 * Baht as Thai shops write it in both languages: ฿1,234.00. Written by hand, not with `toLocaleString`: a page's first
 * use of Intl's number formatting was the costliest step of the element's start (some 20 ms in a desktop Chromium),
 * and the first view shows an amount.
 */
export const money = (amount: number) => `฿${amount.toFixed(2).replace(/\B(?=(\d{3})+\.)/g, ',')}`;

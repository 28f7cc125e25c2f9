/** How a link reads in a list, on its page and in a message: what is sold of it, and the words sent with its URL. */
import type { Link } from '../../contract/http.ts';
import { money } from '../format.ts';
import { format, type Strings } from '../i18n/index.ts';
import type { ShopStrings } from '../i18n/shop.ts';

/** What a message carries besides the URL. */
export const shareText = (t: Strings, link: Pick<Link, 'description' | 'amount'>) => format(t.shareText, { description: link.description, amount: money(link.amount) });

/** How a link sells: one payment, or to many buyers with what is sold (of its limit, if it has one). */
export const buyersText = (s: ShopStrings, link: Pick<Link, 'reusable' | 'sold' | 'limit'>) =>
  `${link.reusable ? `${s.manyBuyers} · ${format(link.limit === null ? s.sold : s.soldOf, { sold: link.sold, limit: link.limit ?? '' })}` : s.onePayment}${oversoldText(s, link)}`;

/**
 * Paid orders past a link's places (its limit, or one): a payment made after its QR expired, whose place another buyer
 * had taken meanwhile, is recorded all the same because the money moved. The seller refunds it or finds the stock.
 */
export function oversoldText(s: ShopStrings, link: Pick<Link, 'reusable' | 'sold' | 'limit'>): string {
  const places = link.reusable ? link.limit : 1;
  const over = places === null ? 0 : link.sold - places;
  return over > 0 ? ` · ${format(s.oversold, { over })}` : '';
}

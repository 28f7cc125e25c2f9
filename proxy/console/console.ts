/**
 * The console service's contract: what the seller's console shows and does beyond access, composed from the services
 * the merchant API uses (payments, links), never a second copy of them. The console's routes depend on this
 * interface; `console-service.ts` builds it.
 *
 * Besides the `ApiError`s below, any method may throw what the payments and links services throw.
 */
import type { ConsoleHealth, PaymentDetail, PaymentSearch, Today } from '../../contract/console.ts';
import type { PaymentsPage } from '../../contract/http.ts';
import type { MemberRecord } from '../ledger/ledger.ts';

export type Lang = 'th' | 'en';

export interface ConsoleService {
  /** Today's payments (the Bangkok day of now), newest first, and today's totals; `after`: only what came since. */
  today(after: number | undefined): Promise<Today>;

  /**
   * The shop's bills, newest first, by search, status and the Bangkok days they were made on. Throws 400
   * `invalid_query` for a day that is no `YYYY-MM-DD`, or `from` after `to`.
   */
  search(search: PaymentSearch, page: { after?: number; limit: number }): Promise<PaymentsPage>;

  /** A payment's page, its review hint in `lang`. Throws 404 `payment_not_found`. */
  payment(id: string, lang: Lang): Promise<PaymentDetail>;

  /** The owner's finding on a bill in review (`PaymentsService.resolve`), audited; answers its page. */
  resolve(id: string, found: 'paid' | 'not_paid', member: MemberRecord, lang: Lang): Promise<PaymentDetail>;

  /**
   * The CSV of the bills made on the Bangkok days `from` to `to` (`EXPORT_COLUMNS`, headed and worded in `lang`),
   * UTF-8 with a byte order mark, read from the ledger a page at a time as the stream is read. Throws 400
   * `invalid_query` for days that are not `YYYY-MM-DD`, `from` after `to`, or more than 366 days.
   */
  exportCsv(from: string | undefined, to: string | undefined, lang: Lang): ReadableStream<Uint8Array>;

  /** `/health`'s answer, the proxy's version, and each webhook endpoint's failing and given-up deliveries. */
  health(): Promise<ConsoleHealth>;
}

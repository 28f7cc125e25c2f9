/**
 * Builds the console service (its contract: `console.ts`) from the payments and links services the merchant API uses,
 * the access service's audit list, and `/health`'s own check.
 */
import { type ConsoleHealth, type DeliveryView, type PaymentDetail, type Today, type TodayEntry } from '../../contract/console.ts';
import type { BillSummary, PaymentEvent } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { csvRecords } from '../csv.ts';
import { ApiError } from '../errors.ts';
import { healthOf } from '../health.ts';
import type { LinksService } from '../links/links.ts';
import type { Log } from '../log.ts';
import type { BillHistory, PaymentsService } from '../payments/payments.ts';
import { bangkokDay, bangkokDayStart, DAY_MS, iso } from '../time.ts';
import { VERSION } from '../version.ts';
import type { AccessService } from './access.ts';
import type { ConsoleService, Lang } from './console.ts';
import { exportCells, exportHeader } from './export.ts';
import { REVIEW_HINT } from './texts.ts';

/** Today's entries in one answer at most (the contract's bound). */
const TODAY_LIMIT = 200;
/** The longest export, in days. */
const EXPORT_MAX_DAYS = 366;
/** Bills read from the ledger at a time while an export streams. */
const EXPORT_PAGE = 200;

/** An event as Today shows it to owner and staff alike: a shop order keeps its items and the buyer's name only. */
function forTheCounter(event: PaymentEvent): PaymentEvent {
  if (event.type !== 'payment.paid' || !event.data.order) return event;
  const { name } = event.data.order.fields;
  return { ...event, data: { ...event.data, order: { items: event.data.order.items, fields: name === undefined ? {} : { name } } } };
}

/** Bangkok days `from` to `to` as [start, end) in epoch ms, or 400 `invalid_query`. */
function dayRange(from: string | undefined, to: string | undefined, maxDays?: number): { start?: number; end?: number } {
  const start = from === undefined ? undefined : bangkokDayStart(from);
  const last = to === undefined ? undefined : bangkokDayStart(to);
  if ((from !== undefined && start === undefined) || (to !== undefined && last === undefined)) {
    throw new ApiError(400, 'invalid_query', 'from and to must be days like 2026-11-29 (Bangkok days)');
  }
  const end = last === undefined ? undefined : last + DAY_MS;
  if (start !== undefined && end !== undefined && start >= end) throw new ApiError(400, 'invalid_query', 'from must not be after to');
  if (maxDays !== undefined && (start === undefined || end === undefined || end - start > maxDays * DAY_MS)) {
    throw new ApiError(400, 'invalid_query', `Give from and to, at most ${maxDays} days apart`);
  }
  return { start, end };
}

export function createConsoleService(options: {
  config: ProxyConfig;
  payments: PaymentsService;
  links: LinksService;
  access: AccessService;
  log: Log;
  now?: () => number;
}): ConsoleService {
  const { config, payments, links, access, log } = options;
  const now = options.now ?? Date.now;

  /** What the seller reads for a bill or an event: its link's description, else its reference. */
  const titleOf = async (facts: { ref1: string; link?: string | null }) => (facts.link ? await links.title(facts.link) : undefined) ?? facts.ref1;

  function detail({ bill, events, deliveries, resolution }: BillHistory, title: string, lang: Lang): PaymentDetail {
    return {
      bill,
      title,
      events,
      // The endpoint's host only: its path or query may hold a token.
      deliveries: deliveries.map(
        (d): DeliveryView => ({
          eventId: d.eventId,
          endpoint: new URL(d.endpoint).host,
          attempts: d.attempts,
          deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
          nextAttemptAt: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt),
          lastError: d.lastError,
        }),
      ),
      resolution: resolution && { ...resolution, at: iso(resolution.at) },
      ...(bill.status === 'needs_review' ? { reviewHint: REVIEW_HINT[lang](bill) } : {}),
    };
  }

  const exportRow = async (bill: BillSummary, lang: Lang) => csvRecords([exportCells(bill, await titleOf(bill), lang)]);

  return {
    async today(after) {
      const t = now();
      const day = bangkokDay(t);
      const start = bangkokDayStart(day)!;
      const [rows, paid] = await Promise.all([
        payments.eventsBetween(start, start + DAY_MS, { after, limit: TODAY_LIMIT }),
        payments.paidTotals(start, start + DAY_MS),
      ]);
      const entries = await Promise.all(rows.map(async ({ seq, event }): Promise<TodayEntry> => ({ seq, event: forTheCounter(event), title: await titleOf(event.data) })));
      const today: Today = { day, paid, entries, cursor: Math.max(after ?? 0, ...rows.map((r) => r.seq)) };
      return today;
    },

    async search({ q, status, from, to }, { after, limit }) {
      const { start, end } = dayRange(from, to);
      return payments.list({ q, status, from: start, to: end, before: after, limit });
    },

    async payment(id, lang) {
      const history = await payments.history(id);
      return detail(history, await titleOf(history.bill), lang);
    },

    async resolve(id, found, member, lang) {
      const { history, resolution } = await payments.resolve(id, found, member.id);
      await access.record('payment.resolved', member.id, id, `${found} (${resolution.by})`);
      return detail(history, await titleOf(history.bill), lang);
    },

    exportCsv(from, to, lang) {
      const { start, end } = dayRange(from, to, EXPORT_MAX_DAYS);
      const encoder = new TextEncoder();
      let before: number | undefined;
      let done = false;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          // The byte order mark: Excel reads the file as UTF-8 (Thai intact) only with it.
          controller.enqueue(encoder.encode(`\uFEFF${csvRecords([exportHeader(lang)])}`));
        },
        async pull(controller) {
          if (done) return controller.close();
          const page = await payments.list({ from: start, to: end, before, limit: EXPORT_PAGE });
          const rows = await Promise.all(page.payments.map((bill) => exportRow(bill, lang)));
          if (rows.length) controller.enqueue(encoder.encode(rows.join('')));
          if (page.next === null) done = true;
          else before = Number(page.next);
        },
      });
    },

    async health() {
      // A ledger that cannot be read shows as `ledger: failing` (healthOf's probe), not as a failed answer.
      const [base, trouble] = await Promise.all([healthOf(config, payments, log), payments.webhookTrouble().catch(() => [])]);
      const health: ConsoleHealth = {
        ...base,
        version: VERSION,
        // Each configured endpoint, troubled or not, and any other the ledger still holds failures for.
        webhooks: [...new Set([...config.webhooks.map((w) => w.url), ...trouble.map((t) => t.endpoint)])].map((url) => {
          const found = trouble.find((t) => t.endpoint === url);
          return { endpoint: new URL(url).host, failing: found?.failing ?? 0, gaveUp: found?.gaveUp ?? 0, lastError: found?.lastError ?? null };
        }),
      };
      return health;
    },
  };
}

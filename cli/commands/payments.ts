/** `maemanee-pay payments`: the shop's bills as the proxy's ledger knows them, newest first. */
import type { BillStatus, BillSummary, OrderDetails } from '../../contract/http.ts';
import { printable } from '../../proxy/safe-text.ts';
import { listPayments } from '../../server-kit/merchant-api.ts';
import { CliError, commandLine, defineCommand, wholeNumberArg } from '../command.ts';
import { baht, langOption, localTime, zoneOption } from '../format.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { csv, formatOf, json, table } from '../table.ts';
import { CLI_TEXTS } from '../texts.ts';

const STATUSES: BillStatus[] = ['pending', 'paid', 'expired', 'cancelled', 'needs_review'];
/** What was bought, in one cell: `Red shirt ×2; Tote bag ×1`. */
export const itemsText = (order: OrderDetails | null) => order?.items.map((i) => `${i.name} ×${i.quantity}`).join('; ') ?? '';

/**
 * A program's columns (CSV): the API's field names and values; a shop link's order as its items (one cell) and each
 * detail the buyer gave in a column of its own, for a delivery list.
 */
const COLUMNS = ['id', 'ref1', 'amount', 'status', 'createdAt', 'paidAt', 'late', 'link', 'sandbox', 'items', 'name', 'phone', 'address', 'note'];
const row = (p: BillSummary & { order?: OrderDetails | null }) => [
  p.id,
  p.ref1,
  p.amount.toFixed(2),
  p.status,
  p.createdAt,
  p.paidAt,
  p.late,
  p.link,
  p.sandbox,
  itemsText(p.order),
  p.order?.fields.name,
  p.order?.fields.phone,
  p.order?.fields.address,
  p.order?.fields.note,
];

/** A shop link's order in a table's cell: the items, then who (the name and phone; the rest is in --json and --csv). */
const orderText = (order: OrderDetails | null) =>
  order ? [itemsText(order), [order.fields.name, order.fields.phone].filter(Boolean).join(' ')].filter(Boolean).join(' · ') : '';

export const paymentsCommand = defineCommand({
  name: 'payments',
  summary: "list the shop's bills (by ref1, by status), as a table, JSON or CSV",
  usage: '[--ref1 R] [--status S] [--limit N] [--after CURSOR] [--json | --csv] [--lang th|en] [--tz ZONE] [--endpoint URL]',
  help: `
Lists the bills in the proxy's ledger, newest first: what happened to order 1001?

  maemanee-pay payments --ref1 order-1001
  maemanee-pay payments --status paid --csv > paid.csv

Options:
  --ref1 R         one reference's bills
  --status S       ${STATUSES.join(', ')}
  --limit N        at most N bills (1 to 500, default 50)
  --after CURSOR   the page after the one that printed this cursor
  --json           the page as the API answers it (times in ISO UTC), a shop link's order in each bill's order
  --csv            RFC 4180 CSV, for a spreadsheet (times in ISO UTC); a shop link's order as its items and the
                   buyer's name, phone, address and note, each in a column
  --lang th|en     the table's language (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE        the table's time zone, an IANA name (default Asia/Bangkok)
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    ref1: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    after: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    lang: { type: 'string' },
    tz: { type: 'string' },
  },
  async run(args, io) {
    const { values } = args;
    const lang = langOption(values.lang, io.env);
    const zone = zoneOption(values.tz, lang);
    const t = CLI_TEXTS[lang];
    const status = values.status as BillStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new CliError(`--status must be one of ${STATUSES.join(', ')}, not "${status}"`);
    const query = {
      ref1: values.ref1 as string | undefined,
      status,
      limit: wholeNumberArg('--limit', values.limit as string | undefined, 1, 500),
      after: values.after as string | undefined,
    };
    const target = await merchantTarget(values.endpoint, io.env);
    const page = await target.call((endpoint, secret) => listPayments(endpoint, secret, query));
    const format = formatOf(values);
    if (format === 'json') return io.out(json(page));
    if (format === 'csv') return io.out(csv(COLUMNS, page.payments.map(row)));
    // The order's column only where a bill of the page has one (a shop link's): a shop without them sees no empty column.
    const orders = page.payments.some((p) => p.order);
    const columns = [t.bill, t.ref1, t.amount, t.status, t.created(zone), t.paidAt(zone), t.late, t.link, t.sandbox, ...(orders ? [t.order] : [])];
    const shown = (p: BillSummary) => [
      p.id,
      p.ref1,
      baht(p.amount),
      t.statuses[p.status] ?? p.status,
      localTime(p.createdAt, zone),
      localTime(p.paidAt, zone),
      p.late ? t.yes : '',
      p.link,
      p.sandbox ? t.yes : '',
      ...(orders ? [orderText(p.order)] : []),
    ];
    io.out(page.payments.length ? table(columns, page.payments.map(shown)) : `${t.noBills}\n`);
    if (page.next) io.err(`${printable(t.morePayments(commandLine(paymentsCommand, args, { after: page.next })))}\n`);
  },
});

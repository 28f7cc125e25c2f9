/** `maemanee-pay payments`: the shop's bills as the proxy's ledger knows them, newest first. */
import type { BillStatus, BillSummary } from '../../../contract/http.ts';
import { listPayments } from '../../server/merchant-api.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { csv, formatOf, table } from '../table.ts';

const STATUSES: BillStatus[] = ['pending', 'paid', 'expired', 'cancelled', 'needs_review'];
const COLUMNS = ['id', 'ref1', 'amount', 'status', 'createdAt', 'paidAt', 'late', 'link', 'sandbox'];
const row = (p: BillSummary) => [p.id, p.ref1, p.amount.toFixed(2), p.status, p.createdAt, p.paidAt, p.late, p.link, p.sandbox];

export const paymentsCommand = defineCommand({
  name: 'payments',
  summary: "list the shop's bills (by ref1, by status), as a table, JSON or CSV",
  usage: '[--ref1 R] [--status S] [--limit N] [--after CURSOR] [--json | --csv] [--endpoint URL]',
  help: `
Lists the bills in the proxy's ledger, newest first: what happened to order 1001?

  maemanee-pay payments --ref1 order-1001
  maemanee-pay payments --status paid --csv > paid.csv

Options:
  --ref1 R         one reference's bills
  --status S       ${STATUSES.join(', ')}
  --limit N        at most N bills (1 to 500, default 50)
  --after CURSOR   the page after the one that printed this cursor
  --json           the page as the API answers it
  --csv            RFC 4180 CSV, for a spreadsheet
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    ref1: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    after: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  },
  async run({ values }, io) {
    const status = values.status as BillStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new CliError(`--status must be one of ${STATUSES.join(', ')}, not "${status}"`);
    const { endpoint, secret } = merchantTarget(values.endpoint, io.env);
    const page = await listPayments(endpoint, secret, {
      ref1: values.ref1 as string | undefined,
      status,
      limit: wholeNumberArg('--limit', values.limit as string | undefined, 1, 500),
      after: values.after as string | undefined,
    });
    const format = formatOf(values);
    if (format === 'json') return io.out(`${JSON.stringify(page, null, 2)}\n`);
    if (format === 'csv') return io.out(csv(COLUMNS, page.payments.map(row)));
    io.out(page.payments.length ? table(COLUMNS, page.payments.map(row)) : 'no bills\n');
    if (page.next) io.err(`more: maemanee-pay payments --after ${page.next}\n`);
  },
});

/** `maemanee-pay events`: the ledger's payment events, oldest first; `--follow` watches for new ones. */
import { PAYMENT_EVENT_TYPES as EVENT_TYPES, type PaymentEvent, type PaymentEventType } from '../../contract/http.ts';
import { listEvents, MerchantApiError } from '../../server-kit/merchant-api.ts';
import { printable, terminalJson } from '../../proxy/safe-text.ts';
import { CliError, commandLine, defineCommand, wholeNumberArg } from '../command.ts';
import { baht, langOption, localTime, zoneOption } from '../format.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { csv, formatOf, json, table } from '../table.ts';
import { CLI_TEXTS } from '../texts.ts';

/** A program's columns (CSV): the API's field names and values. */
const COLUMNS = ['created', 'type', 'id', 'ref1', 'amount', 'late', 'link', 'sandbox'];
const row = (e: PaymentEvent) => [e.created, e.type, e.data.id, e.data.ref1, e.data.amount.toFixed(2), 'late' in e.data ? e.data.late : '', e.data.link, e.data.sandbox];

export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'list the payment events (paid, expired, needs review); --follow to watch',
  usage: '[--type T] [--after CURSOR] [--limit N] [--follow [--every S]] [--json | --csv] [--lang th|en] [--tz ZONE] [--endpoint URL]',
  help: `
Lists the events the proxy's ledger recorded, oldest first: the same events your webhook receives, so a cron job
can reconcile without trusting a webhook. The cursor to pass as --after next time goes to standard error.

  maemanee-pay events --type payment.paid --csv
  maemanee-pay events --follow

Options:
  --type T       ${EVENT_TYPES.join(', ')}
  --after C      events after this cursor (default: from the first)
  --limit N      at most N events a page (1 to 500, default 100)
  --follow       keep asking, and print each new event as it is recorded, until Ctrl-C
  --every S      with --follow: seconds between asks (default 2)
  --json         JSON (with --follow: one event per line), times in ISO UTC
  --csv          RFC 4180 CSV, for a spreadsheet, times in ISO UTC
  --lang th|en   the table's language (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE      the table's time zone, an IANA name (default Asia/Bangkok)
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    type: { type: 'string' },
    after: { type: 'string' },
    limit: { type: 'string' },
    follow: { type: 'boolean' },
    every: { type: 'string' },
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
    const columns = [t.eventTime(zone), t.eventType, t.bill, t.ref1, t.amount, t.late, t.link, t.sandbox];
    const shown = (e: PaymentEvent) => [localTime(e.created, zone), e.type, e.data.id, e.data.ref1, baht(e.data.amount), 'late' in e.data && e.data.late ? t.yes : '', e.data.link, e.data.sandbox ? t.yes : ''];
    const type = values.type as PaymentEventType | undefined;
    if (type !== undefined && !EVENT_TYPES.includes(type)) throw new CliError(`--type must be one of ${EVENT_TYPES.join(', ')}, not "${type}"`);
    const after = values.after as string | undefined;
    if (after !== undefined && !/^\d+$/.test(after)) throw new CliError(`--after takes a cursor this command printed, not "${after}"`);
    const limit = wholeNumberArg('--limit', values.limit as string | undefined, 1, 500);
    const everyMs = 1000 * (wholeNumberArg('--every', values.every as string | undefined, 1, 3600) ?? 2);
    const target = await merchantTarget(values.endpoint, io.env);
    const format = formatOf(values);
    const page = (cursor: string | undefined) => target.call((endpoint, secret) => listEvents(endpoint, secret, { after: cursor, limit, type }));

    if (!values.follow) {
      const { events, next } = await page(after);
      if (format === 'json') io.out(json({ events, next }));
      else if (format === 'csv') io.out(csv(COLUMNS, events.map(row)));
      else io.out(events.length ? table(columns, events.map(shown)) : `${t.noEvents}\n`);
      if (format !== 'json') io.err(`${printable(t.nextEvents(commandLine(eventsCommand, args, { after: next })))}\n`);
      return;
    }

    // Following: one line per event as it comes, in a form that stays parseable when piped.
    let cursor = after;
    let first = true;
    if (format === 'csv') io.out(csv(COLUMNS, []));
    else if (format === 'table') io.err(`${t.watching}\n`);
    let stop = false;
    void io.stopped.then(() => (stop = true));
    const wait = () => Promise.race([io.stopped, new Promise((r) => setTimeout(r, everyMs))]);
    while (!stop) {
      let answer: Awaited<ReturnType<typeof page>>;
      try {
        answer = await page(cursor);
      } catch (error) {
        // A proxy restarting or a network blip is waited out; a refusal (a wrong secret) ends the watch.
        const passing = (error instanceof TypeError && error.message === 'fetch failed') || (error instanceof MerchantApiError && error.status >= 500);
        if (!passing) throw error;
        io.err(`${t.unreachable(error instanceof MerchantApiError ? String(error.status) : t.noConnection)}\n`);
        await wait();
        continue;
      }
      const { events, next } = answer;
      for (const event of events) {
        if (format === 'json') io.out(`${terminalJson(event, 0)}\n`);
        else if (format === 'csv') io.out(csv(COLUMNS, [row(event)]).replace(/^.*\r\n/, ''));
        else io.out(`${shown(event).map((cell) => printable(cell ?? '')).join('  ')}\n`);
      }
      cursor = next;
      if (events.length === (limit ?? 100)) continue; // a full page: more may be waiting
      if (first && format === 'table' && events.length === 0) io.err(`${t.noEventsYet}\n`);
      first = false;
      await wait();
    }
    io.err(`${printable(t.nextEvents(commandLine(eventsCommand, args, { after: cursor ?? '0' })))}\n`);
  },
});

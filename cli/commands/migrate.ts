/** `maemanee-pay migrate`: the ledger's tables made or upgraded, or a ledger copied into another (SQLite to PostgreSQL). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ledgerLocation, shownLedger, type LedgerLocation } from '../../proxy/config.ts';
import { copyLedger } from '../../proxy/ledger/copy.ts';
import { SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
import { openNodeLedger } from '../../proxy/runtime/node-ledger.ts';
import { CliError, defineCommand } from '../command.ts';
import { langOption } from '../format.ts';
import { table } from '../table.ts';
import { CLI_TEXTS } from '../texts.ts';

const same = (a: LedgerLocation, b: LedgerLocation) =>
  a.engine === 'sqlite' && b.engine === 'sqlite' ? a.path !== ':memory:' && resolve(a.path) === resolve(b.path) : a.engine === b.engine && (a as { url: string }).url === (b as { url: string }).url;

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: "make or upgrade the ledger's tables, or copy a ledger into another (--from a file --to postgres://…)",
  usage: '[--from LEDGER] [--to LEDGER] [--merge] [--lang th|en]',
  help: `
Without --from: makes the ledger's tables in MAEMANEE_DB (or --to), or upgrades them to this version's, as a proxy
does when it starts: for a deploy step before the new version's proxies start.

With --from: copies every table the ledger has from one ledger into another (bills with their resolutions and
orders, order claims, pay and shop links with their buyers' orders, events, webhook deliveries, and the console's
members, sign-in links, sessions, passkeys and audit list), then counts the rows of each on both sides. The usual move is from an SQLite file to PostgreSQL:
  maemanee-pay migrate --from /var/lib/maemanee-pay/ledger.sqlite --to postgres://maemanee:…@db.internal/maemanee_pay
Stop every proxy on the source first (a payment recorded during the copy would not come along), then start them on
the target. Both ledgers are brought to this version's schema first. Bills and events keep their numbers, so the
shop's events cursor carries over; the console's sessions and passkeys still sign in. The target must be empty;
--merge copies into one that is not, keeping the rows it already has as they are, numbering the copied bills, events
and audit entries after its own, and copying nothing twice however often it runs.

Options:
  --from LEDGER  the ledger to copy: an SQLite file (a path, or file:path) or postgres://…
  --to LEDGER    the ledger to make, upgrade or copy into (default: MAEMANEE_DB)
  --merge        copy into a ledger that already has rows
  --lang th|en   the language of what this prints (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)`,
  options: { from: { type: 'string' }, to: { type: 'string' }, merge: { type: 'boolean' }, lang: { type: 'string' } },
  async run({ values }, io) {
    const t = CLI_TEXTS[langOption(values.lang, io.env)];
    const toGiven = (values.to as string | undefined) ?? io.env.MAEMANEE_DB;
    if (!toGiven) throw new CliError('say which ledger: --to, or MAEMANEE_DB in the environment');
    const to = ledgerLocation(toGiven);
    const from = values.from === undefined ? undefined : ledgerLocation(values.from as string);
    if (from?.engine === 'sqlite' && (from.path === ':memory:' || !existsSync(from.path))) throw new CliError(`--from: no ledger file at ${from.path}`);
    if (from && same(from, to)) throw new CliError('--from and --to are the same ledger');
    const quiet = () => {};
    const source = from && (await openNodeLedger(from, { log: quiet }));
    try {
      const target = await openNodeLedger(to, { log: quiet });
      try {
        if (!source) {
          io.out(`${t.ledgerReady(shownLedger(to), SCHEMA_VERSION)}\n`);
          return;
        }
        const copies = await copyLedger(source.driver, target.driver, { merge: Boolean(values.merge) });
        io.out(table(t.copyHeads, copies.map((c) => [c.table, c.source, c.copied, c.after])));
        io.out(`${t.ledgerCopied(shownLedger(from!), shownLedger(to), SCHEMA_VERSION)}\n`);
      } finally {
        await target.close();
      }
    } finally {
      await source?.close();
    }
  },
});

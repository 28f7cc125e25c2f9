/**
 * The Node engine for more than one machine: the ledger in a PostgreSQL database (MAEMANEE_DB=postgres://…), through
 * Postgres.js (`postgres`: no dependencies of its own, its types included, statements prepared once per connection,
 * a pool with a bound, and a failure on the query that met it, never on the process). Every proxy process on every
 * machine shares the one database, with the guarantees the SQL implementation gives on SQLite (`sql-ledger.ts` says
 * why each claim still has one winner), in the PostgreSQL dialect (`dialect.ts`).
 *
 * A database that cannot be reached, that is restarting, or that refuses a statement makes each call a `LedgerFault`
 * (503 ledger_unavailable, /health failing), never a wrong answer; the pool connects again as soon as it comes back.
 * A batch is one round trip and one implicit transaction: all of it is recorded, or none.
 */
import postgres from 'postgres';
import { shownLedger } from '../config.ts';
import type { Log } from '../log.ts';
import { advisoryKey, POSTGRES, toPostgres, type SqlValue } from './dialect.ts';
import { LedgerFault, type Ledger } from './ledger.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

export interface PostgresLedgerOptions {
  log?: Log;
  /** How long opening waits for a server that is not answering yet (starting, say) before it refuses (default 30 s). */
  startWaitMs?: number;
}

const START_WAIT_MS = 30_000;

/**
 * The driver's settings where the URL's query does not give its own (`?max=5&sslmode=require`): a request waits at
 * most 5 s for a connection and 10 s for its statement, so that it answers 503 rather than hang while the server is
 * gone; and while it is, the pool tries again within a second, not after the driver's backoff of up to 20 s, so that
 * the proxy recovers within seconds of its return.
 */
const DEFAULTS = {
  connect_timeout: 5,
  queue_timeout: 5,
  query_timeout: 10,
  backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
} as const;

/** Errors that say the server is not there (yet): opening waits them out. Anything else is refused at once. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'QUEUE_TIMEOUT', '57P03']);

const codeOf = (error: unknown) => String((error as { code?: unknown })?.code ?? '');

const fault = (error: unknown) =>
  error instanceof LedgerFault ? error : new LedgerFault(`the ledger database cannot be used (${codeOf(error) || 'error'}): ${(error as Error)?.message}`, codeOf(error) || undefined);

/** Statements in the PostgreSQL dialect, rewritten once each. */
const rewritten = new Map<string, string>();
const inPostgres = (sql: string) => {
  let text = rewritten.get(sql);
  if (text === undefined) rewritten.set(sql, (text = toPostgres(sql)));
  return text;
};

/** Rows as the SQL implementation reads them: a flag PostgreSQL computes (EXISTS, a comparison) as 1 or 0. */
const plain = (rows: readonly Record<string, unknown>[]) =>
  rows.map((row) => {
    const out: Record<string, SqlValue> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'boolean' ? Number(v) : (v as SqlValue);
    return out;
  });

/** Bigints as numbers: epoch milliseconds and counts are well within 2^53. */
const TYPES = { int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } };
type Sql = postgres.Sql<{ int8: number }> | postgres.TransactionSql<{ int8: number }>;

function driverOn(sql: Sql, prepare: boolean): SqlDriver {
  // Prepared, as the pool's statements are unless the URL says ?prepare=false (a pooler that cannot keep them): the
  // ledger's statements are a few dozen texts, each prepared once per connection.
  const statement = (text: string, args: SqlValue[] = []) => sql.unsafe(inPostgres(text), args, { prepare });
  return {
    dialect: POSTGRES,
    async query(text, args) {
      try {
        return plain(await statement(text, args));
      } catch (error) {
        throw fault(error);
      }
    },
    async batch(statements) {
      try {
        return (await sql.batch(statements.map((s) => statement(s.sql, s.args)))).map((result) => result.count);
      } catch (error) {
        throw fault(error);
      }
    },
  };
}

/**
 * Connects to the database, makes or upgrades the ledger's tables (one process at a time, under an advisory lock
 * held for the transaction: several proxies may start at once), and refuses one it cannot write.
 */
export async function openPostgresLedger(url: string, options: PostgresLedgerOptions = {}): Promise<Ledger & { close(): Promise<void>; readonly driver: SqlDriver }> {
  const given = new URLSearchParams(url.split('?')[1] ?? '');
  const settings = Object.fromEntries(Object.entries(DEFAULTS).filter(([k]) => !given.has(k)));
  const sql = postgres(url, {
    ...settings,
    types: TYPES,
    // "relation already exists, skipping": the schema's IF NOT EXISTS, meant.
    onnotice: () => {},
    connection: { application_name: 'maemanee-pay' },
  });
  const shown = shownLedger({ engine: 'postgres', url });
  const host = /^[a-z]+:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '';
  const encrypted = given.has('sslmode') || given.has('ssl') || process.env.PGSSLMODE !== undefined;
  if (!encrypted && host !== '' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host)) {
    options.log?.({ level: 'warn', msg: 'ledger_not_encrypted', ledger: shown, fix: 'add ?sslmode=require to MAEMANEE_DB, unless the network between this machine and the database is private' });
  }
  const driver = driverOn(sql, sql.options.prepare);
  const ledger = sqlLedger(driver);
  const deadline = Date.now() + (options.startWaitMs ?? START_WAIT_MS);
  for (;;) {
    try {
      await sql.begin(async (tx) => {
        await tx.unsafe('SELECT pg_advisory_xact_lock($1)', [advisoryKey('migrate')]);
        await migrate(driverOn(tx, sql.options.prepare));
      });
      await ledger.probe();
      break;
    } catch (error) {
      if (UNREACHABLE.has(codeOf(error)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      await sql.end({ timeout: 1 });
      const reason = error instanceof LedgerFault ? error.message : `${codeOf(error)}: ${(error as Error)?.message}`;
      throw new LedgerFault(`the ledger database ${shown} cannot be opened for writing: ${reason}`, codeOf(error) || undefined);
    }
  }
  return Object.assign(ledger, { close: () => sql.end({ timeout: 5 }), driver });
}

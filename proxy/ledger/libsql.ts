/**
 * The Node engine: an SQLite file through @libsql/client, whose native binary ships inside a registry package (no
 * install script, works on Node 20). Several proxy processes may share one file. The driver is synchronous under its
 * promises, so SQLite's own busy wait would stop the whole process while another holds the file: it is kept to
 * 50 ms, and a statement refused as busy is tried again after a pause that lets the event loop run, for up to 5 s
 * (30 s for the whole start, which may first meet another process's commit or a killed one's journal to roll back).
 * The file and its directory are its owner's alone: they hold bills, references, client IPs and receipts.
 *
 * A rollback journal, not WAL. WAL keeps its index in a memory-mapped
 * `-shm` file, and when that file cannot be written (made immutable or read-only, truncated, its disk remounted
 * read-only) the next touch of the mapping kills the process with SIGBUS, with no log line. With a journal, a storage
 * fault is an error the proxy reports. Every commit is synced (synchronous FULL), so a paid fact survives a power cut.
 */
import { chmodSync, closeSync, existsSync, openSync, statSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { createClient, type Client, type InStatement } from '@libsql/client';
import type { Log } from '../log.ts';
import { LedgerFault, type Ledger } from './ledger.ts';
import { sqliteCode, whileBusy } from './busy.ts';
import { SQLITE } from './dialect.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

export interface SqliteLedgerOptions {
  /**
   * Told when a new ledger file is created (a ledger that silently starts empty would hide every earlier payment),
   * and when an existing one may be read by others.
   */
  log?: Log;
  /** How long opening waits while another process holds the file before it refuses (default 30 s). */
  startWaitMs?: number;
}

/** How long SQLite itself waits for a lock, blocking the process. */
const SQLITE_BUSY_WAIT_MS = 50;
/** How long a statement is tried again while another process holds the file. */
const BUSY_DEADLINE_MS = 5_000;
/**
 * How long a proxy starting waits for the file: beside running processes, a restarted one may first meet a commit
 * in progress or a journal a killed one left (rolled back under the file's exclusive lock), not only one write.
 */
const START_WAIT_MS = 30_000;

const isBusy = (error: unknown) => sqliteCode(error)?.startsWith('SQLITE_BUSY') ?? false;

/** Why a ledger file cannot be opened, naming it: the proxy refuses to start rather than run without its ledger. */
function refusal(file: string, error: unknown, waitedMs: number) {
  const code = sqliteCode(error);
  return isBusy(error)
    ? new LedgerFault(`the ledger ${file} is held by another process: still locked after ${waitedMs / 1000} s (${code})`, code)
    : new LedgerFault(`the ledger ${file} cannot be opened for writing: ${(error as Error)?.message}`, code);
}

/**
 * A new ledger's directories (those it creates) and file, readable by their owner only, whatever the process's
 * umask: the ledger holds bills, references, client IPs and receipts. SQLite gives the journal it writes beside the
 * file the file's own mode. Several processes may create the same file at once; one of them does.
 */
async function createPrivately(file: string): Promise<boolean> {
  const dir = dirname(file);
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first) {
    // mkdir's mode passes through the umask; each directory it made, from the first to the file's own.
    const made = relative(first, dir).split(sep).filter(Boolean);
    for (let i = 0; i <= made.length; i++) chmodSync(resolve(first, ...made.slice(0, i)), 0o700);
  }
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  chmodSync(file, 0o600);
  return true;
}

/**
 * Says so when an existing ledger may be read by others. Its mode is its owner's to choose (a backup account in its
 * group, say), so it is not changed here.
 */
function warnIfShared(file: string, log?: Log) {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    log?.({ level: 'warn', msg: 'ledger_not_private', path: file, mode: mode.toString(8), fix: `chmod 600 ${file}` });
  }
}

/** Opens (or creates, saying so) the ledger file, and refuses one it cannot write. */
export async function openSqliteLedger(path: string, options: SqliteLedgerOptions = {}): Promise<Ledger & { close(): void; readonly driver: SqlDriver }> {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  // The whole start, from opening the file to its first write, waits within one bound.
  const waitMs = options.startWaitMs ?? START_WAIT_MS;
  const startBy = Date.now() + waitMs;
  let starting = true;
  if (!memory) {
    try {
      if (!existsSync(file) && (await createPrivately(file))) options.log?.({ level: 'warn', msg: 'ledger_created', path: file });
      else warnIfShared(file, options.log);
    } catch (error) {
      throw refusal(file, error, waitMs);
    }
  }
  const connect = async () => {
    const opened = createClient({ url: memory ? ':memory:' : `file:${file}` });
    try {
      if (!memory) {
        await opened.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_WAIT_MS}`);
        await opened.execute('PRAGMA synchronous = FULL');
      }
      return opened;
    } catch (error) {
      opened.close();
      throw error;
    }
  };
  /**
   * The connection, opened again after one met SQLITE_BUSY: the client leaves the refused statement unfinished, and
   * every later commit on that connection fails with "SQL statements in progress". Opening may itself meet the file
   * held (reading it needs a lock too), and is then tried again with the step.
   */
  let connection: Promise<Client> | undefined;
  const connected = () =>
    (connection ??= connect().catch((error) => {
      connection = undefined;
      throw error;
    }));
  /** Lets go of a connection (once whatever opens it has), unless another step already replaced it. */
  const drop = (held: Promise<Client> | undefined) => {
    if (!held || connection !== held) return;
    connection = undefined;
    held.then((client) => client.close(), () => {});
  };
  const fault = (error: unknown) => {
    const code = sqliteCode(error);
    return code ? new LedgerFault(`the ledger file cannot be used (${code})`, code) : error;
  };
  /**
   * Runs a step, again while another process holds the file (a batch that fails is rolled back whole, so trying it
   * again is safe): until the start's bound while starting (whose refusal says why in full), then each for 5 s.
   */
  const patiently = async <T>(step: (client: Client) => Promise<T>): Promise<T> => {
    try {
      return await whileBusy(
        async () => {
          const held = connected();
          try {
            return await step(await held);
          } catch (error) {
            if (!memory && isBusy(error)) drop(held);
            throw error;
          }
        },
        { deadlineMs: starting ? Math.max(0, startBy - Date.now()) : BUSY_DEADLINE_MS },
      );
    } catch (error) {
      throw starting ? error : fault(error);
    }
  };
  const driver: SqlDriver = {
    dialect: SQLITE,
    query: (sql, args = []) => patiently(async (client) => (await client.execute({ sql, args })).rows as unknown as Record<string, string | number | null>[]),
    batch: (statements) =>
      patiently(async (client) => (await client.batch(statements.map((s) => ({ sql: s.sql, args: s.args ?? [] }) as InStatement), 'write')).map((r) => r.rowsAffected)),
  };
  const close = () => drop(connection);
  const ledger = sqlLedger(driver);
  const write = ledger.probe;
  // The file this process opened: one removed or replaced under it would take the writes nowhere anyone reads.
  let identity: Stats | undefined;
  const probe = async () => {
    if (identity) {
      const now = statSync(file, { throwIfNoEntry: false });
      if (!now || now.ino !== identity.ino || now.dev !== identity.dev) throw new LedgerFault('the ledger file was removed or replaced');
    }
    await write();
  };
  try {
    if (!memory) await patiently((client) => client.execute('PRAGMA journal_mode = DELETE'));
    await migrate(driver);
    identity = memory ? undefined : statSync(file);
    await probe();
  } catch (error) {
    close();
    throw refusal(file, error, waitMs);
  }
  starting = false;
  return Object.assign(ledger, { probe, close, driver });
}

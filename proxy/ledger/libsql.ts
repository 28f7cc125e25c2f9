/**
 * The Node engine: an SQLite file through @libsql/client, whose native binary ships inside a registry package (no
 * install script, works on Node 20). Several proxy processes may share one file. The driver is synchronous under its
 * promises, so SQLite's own busy wait would stop the whole process while another holds the file: it is kept to
 * 50 ms, and a statement refused as busy is tried again after a pause that lets the event loop run, for up to 5 s.
 *
 * A rollback journal, not WAL. WAL keeps its index in a memory-mapped
 * `-shm` file, and when that file cannot be written (made immutable or read-only, truncated, its disk remounted
 * read-only) the next touch of the mapping kills the process with SIGBUS, with no log line. With a journal, a storage
 * fault is an error the proxy reports. Every commit is synced (synchronous FULL), so a paid fact survives a power cut.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type Client, type InStatement } from '@libsql/client';
import type { Log } from '../log.ts';
import { LedgerFault, type Ledger } from './ledger.ts';
import { sqliteCode, whileBusy } from './busy.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

export interface SqliteLedgerOptions {
  /** Told when a new ledger file is created: a ledger that silently starts empty would hide every earlier payment. */
  log?: Log;
}

/** How long SQLite itself waits for a lock, blocking the process. */
const SQLITE_BUSY_WAIT_MS = 50;
/** How long a statement is tried again while another process holds the file. */
const BUSY_DEADLINE_MS = 5_000;

/** Why a ledger file cannot be opened, naming it: the proxy refuses to start rather than run without its ledger. */
const refusal = (file: string, error: unknown) =>
  new LedgerFault(`the ledger ${file} cannot be opened for writing: ${(error as Error)?.message}`, sqliteCode(error));

/** Opens (or creates, saying so) the ledger file, and refuses one it cannot write. */
export async function openSqliteLedger(path: string, options: SqliteLedgerOptions = {}): Promise<Ledger & { close(): void }> {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory && !existsSync(file)) {
    await mkdir(dirname(file), { recursive: true });
    options.log?.({ level: 'warn', msg: 'ledger_created', path: file });
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
  let client: Client;
  try {
    client = await connect();
  } catch (error) {
    throw refusal(file, error);
  }
  const fault = (error: unknown) => {
    const code = sqliteCode(error);
    return code ? new LedgerFault(`the ledger file cannot be used (${code})`, code) : error;
  };
  /**
   * Runs a step, again while another process holds the file (a batch that fails is rolled back whole, so trying it
   * again is safe). A connection that met SQLITE_BUSY is replaced first: the client leaves the refused statement
   * unfinished, and every later commit on that connection fails with "SQL statements in progress".
   */
  const patiently = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await whileBusy(
        async () => {
          try {
            return await step();
          } catch (error) {
            if (!memory && sqliteCode(error)?.startsWith('SQLITE_BUSY')) {
              client.close();
              client = await connect();
            }
            throw error;
          }
        },
        { deadlineMs: BUSY_DEADLINE_MS },
      );
    } catch (error) {
      throw fault(error);
    }
  };
  const driver: SqlDriver = {
    query: (sql, args = []) => patiently(async () => (await client.execute({ sql, args })).rows as unknown as Record<string, string | number | null>[]),
    batch: (statements) =>
      patiently(async () => (await client.batch(statements.map((s) => ({ sql: s.sql, args: s.args ?? [] }) as InStatement), 'write')).map((r) => r.rowsAffected)),
  };
  try {
    if (!memory) await patiently(() => client.execute('PRAGMA journal_mode = DELETE'));
    await migrate(driver);
  } catch (error) {
    client.close();
    throw refusal(file, error);
  }
  // The file this process opened: one removed or replaced under it would take the writes nowhere anyone reads.
  const identity = memory ? undefined : statSync(file);
  const ledger = sqlLedger(driver);
  const write = ledger.probe;
  const probe = async () => {
    if (identity) {
      const now = statSync(file, { throwIfNoEntry: false });
      if (!now || now.ino !== identity.ino || now.dev !== identity.dev) throw new LedgerFault('the ledger file was removed or replaced');
    }
    await write();
  };
  try {
    await probe();
  } catch (error) {
    client.close();
    throw refusal(file, error);
  }
  return Object.assign(ledger, { probe, close: () => client.close() });
}

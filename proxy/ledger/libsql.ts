/**
 * The Node engine: an SQLite file through @libsql/client, whose native binary ships inside a registry package (no
 * install script, works on Node 20). Several proxy processes may share one file; the busy timeout makes a writer
 * wait for another rather than fail.
 *
 * A rollback journal, not WAL. WAL keeps its index in a memory-mapped
 * `-shm` file, and when that file cannot be written (made immutable or read-only, truncated, its disk remounted
 * read-only) the next touch of the mapping kills the process with SIGBUS, with no log line. With a journal, a storage
 * fault is an error the proxy reports. Every commit is synced (synchronous FULL), so a paid fact survives a power cut.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type InStatement } from '@libsql/client';
import type { Log } from '../log.ts';
import { LedgerFault, type Ledger } from './ledger.ts';
import { sqliteCode, whileBusy } from './busy.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

export interface SqliteLedgerOptions {
  /** Told when a new ledger file is created: a ledger that silently starts empty would hide every earlier payment. */
  log?: Log;
  /** How long one statement waits for another process's write. */
  busyTimeoutMs?: number;
}

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
  const client = createClient({ url: memory ? ':memory:' : `file:${file}` });
  const fault = (error: unknown) => {
    const code = sqliteCode(error);
    return code ? new LedgerFault(`the ledger file cannot be used (${code})`, code) : error;
  };
  const driver: SqlDriver = {
    async query(sql, args = []) {
      try {
        return (await client.execute({ sql, args })).rows as unknown as Record<string, string | number | null>[];
      } catch (error) {
        throw fault(error);
      }
    },
    async batch(statements) {
      try {
        const results = await client.batch(statements.map((s) => ({ sql: s.sql, args: s.args ?? [] }) as InStatement), 'write');
        return results.map((r) => r.rowsAffected);
      } catch (error) {
        throw fault(error);
      }
    },
  };
  try {
    if (!memory) {
      await client.execute(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      await whileBusy(() => client.execute('PRAGMA journal_mode = DELETE'));
      await client.execute('PRAGMA synchronous = FULL');
    }
    await whileBusy(() => migrate(driver));
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
    await whileBusy(probe);
  } catch (error) {
    client.close();
    throw refusal(file, error);
  }
  return Object.assign(ledger, { probe, close: () => client.close() });
}

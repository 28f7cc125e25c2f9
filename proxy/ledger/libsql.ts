/**
 * The Node engine: an SQLite file through @libsql/client, whose native binary ships inside a registry package (no
 * install script, works on Node 20). WAL lets several proxy processes on one file read while one writes; the busy
 * timeout makes a writer wait for another rather than fail.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type InStatement } from '@libsql/client';
import type { Ledger } from './ledger.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

export const DEFAULT_DB = '.maemanee/ledger.sqlite';

/**
 * Runs an opening step again while another process holds the file. The busy timeout does not cover these: where
 * waiting could deadlock (two processes that both read the new file and both want to switch it to WAL), SQLite
 * answers SQLITE_BUSY at once, and the loser only has to try again once the winner is done.
 */
export async function whileBusy<T>(step: () => Promise<T>, { deadlineMs = 10_000, pauseMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, pauseMs + Math.random() * pauseMs));
    }
  }
}

export async function openSqliteLedger(path: string): Promise<Ledger & { close(): void }> {
  const memory = path === ':memory:';
  if (!memory) await mkdir(dirname(resolve(path)), { recursive: true });
  const client = createClient({ url: memory ? ':memory:' : `file:${resolve(path)}` });
  if (!memory) {
    await client.execute('PRAGMA busy_timeout = 5000');
    await whileBusy(() => client.execute('PRAGMA journal_mode = WAL'));
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  const driver: SqlDriver = {
    async query(sql, args = []) {
      return (await client.execute({ sql, args })).rows as unknown as Record<string, string | number | null>[];
    },
    async batch(statements) {
      const results = await client.batch(statements.map((s) => ({ sql: s.sql, args: s.args ?? [] }) as InStatement), 'write');
      return results.map((r) => r.rowsAffected);
    },
  };
  await whileBusy(() => migrate(driver));
  return Object.assign(sqlLedger(driver), { close: () => client.close() });
}

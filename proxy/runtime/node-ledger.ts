/** The Node ledger where MAEMANEE_DB says: an SQLite file one machine's processes share, or a PostgreSQL database. */
import type { LedgerLocation } from '../config.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { SqlDriver } from '../ledger/sql-ledger.ts';
import { openSqliteLedger } from '../ledger/libsql.ts';
import { openPostgresLedger } from '../ledger/postgres.ts';
import type { Log } from '../log.ts';

export interface NodeLedgerOptions {
  log?: Log;
  /** How long opening waits for the file another process holds, or for a database not answering yet (default 30 s). */
  startWaitMs?: number;
}

/** The ledger, its SQL driver (for `maemanee-pay migrate`'s copy), and how to let it go. */
export async function openNodeLedger(db: LedgerLocation, options: NodeLedgerOptions = {}): Promise<Ledger & { close(): Promise<void>; readonly driver: SqlDriver }> {
  if (db.engine === 'postgres') return openPostgresLedger(db.url, options);
  const ledger = await openSqliteLedger(db.path, options);
  const close = ledger.close;
  return Object.assign(ledger, { close: async () => close() });
}

/**
 * Moving a shop's ledger from one engine to another (`maemanee-pay migrate --from … --to …`): every row of every
 * table the schema makes, from one SQL ledger into another of the same schema, in batches, then counted on both
 * sides. Rows keep their seq, so that the events API's cursors and the bills' order carry over; `meta` (the schema's
 * own version and marks) stays each ledger's own.
 */
import type { SqlValue, Statement } from './dialect.ts';
import { LedgerFault } from './ledger.ts';
import { LEDGER_TABLES } from './schema.ts';
import type { SqlDriver } from './sql-ledger.ts';

/** Rows per INSERT: well within either engine's limit on parameters, with a bill's QR a few KB each. */
const BATCH_ROWS = 100;

export interface TableCopy {
  table: string;
  /** Rows in the source. */
  source: number;
  /** Rows the target had before. */
  before: number;
  /** Rows copied in; the rest of the source's were already in the target (`merge`), which kept its own. */
  copied: number;
  /** Rows the target has after. */
  after: number;
}

/** The rows in one INSERT, as they are, seq included. */
function insertRows(table: string, columns: string[], rows: Record<string, SqlValue>[]): Statement {
  const values = rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
  return { sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON CONFLICT DO NOTHING`, args: rows.flatMap((row) => columns.map((c) => row[c])) };
}

/**
 * A row merged into a ledger that has rows of its own: left out where the target has its key, or a row equal in every
 * column but seq (a table whose only key is its seq, such as the audit list, would otherwise gain it again each run).
 * NULLs are matched by IS NULL, since a parameter is never compared with NULL (portable SQL).
 */
function mergeRow(table: string, columns: string[], row: Record<string, SqlValue>): Statement {
  const equal = columns.map((c) => (row[c] === null ? `${c} IS NULL` : `${c} = ?`)).join(' AND ');
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map(() => '?').join(', ')}
          WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${equal}) ON CONFLICT DO NOTHING`,
    args: [...columns.map((c) => row[c]), ...columns.flatMap((c) => (row[c] === null ? [] : [row[c]]))],
  };
}

const count = async (driver: SqlDriver, table: string) => Number((await driver.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

/**
 * Copies the ledger `from` into `to`, which must be empty unless `merge`: then a row whose key the target already has
 * is left as the target has it, and bills and events are numbered after the target's own (a cursor from the source no
 * longer points where it did). Throws a LedgerFault when the counts do not add up.
 */
export async function copyLedger(from: SqlDriver, to: SqlDriver, { merge = false } = {}): Promise<TableCopy[]> {
  const tables = LEDGER_TABLES.filter((t) => t !== 'meta');
  const before = await Promise.all(tables.map((t) => count(to, t)));
  const held = tables.flatMap((t, i) => (before[i] > 0 ? [`${t}: ${before[i]}`] : []));
  if (held.length > 0 && !merge) {
    throw new LedgerFault(`the target ledger is not empty (${held.join(', ')}): copy into an empty one, or add --merge to keep what it has and add the rest`);
  }
  const copies: TableCopy[] = [];
  for (const [i, table] of tables.entries()) {
    const [first] = await from.query(`SELECT * FROM ${table} LIMIT 1`);
    const all = first ? Object.keys(first) : [];
    const columns = merge ? all.filter((c) => c !== 'seq') : all;
    // Every column in the order, so that pages never overlap whatever the table's key.
    const order = all.join(', ');
    let copied = 0;
    let read = 0;
    for (;;) {
      const rows = all.length ? await from.query(`SELECT * FROM ${table} ORDER BY ${order} LIMIT ? OFFSET ?`, [BATCH_ROWS, read]) : [];
      if (rows.length === 0) break;
      read += rows.length;
      const changed = await to.batch(merge ? rows.map((row) => mergeRow(table, columns, row)) : [insertRows(table, columns, rows)]);
      copied += changed.reduce((a, b) => a + b, 0);
    }
    const renumber = all.includes('seq') && !merge ? to.dialect.seqAfterCopy(table) : [];
    if (renumber.length > 0) await to.batch(renumber);
    const copy = { table, source: await count(from, table), before: before[i], copied, after: await count(to, table) };
    copies.push(copy);
    if (copy.source !== read || copy.after !== copy.before + copy.copied || (!merge && copy.copied !== copy.source) || copy.after < copy.source) {
      throw new LedgerFault(`the copy of ${table} does not add up: ${copy.source} rows in the source (${read} read), ${copy.before} in the target before, ${copy.copied} copied, ${copy.after} after`);
    }
  }
  return copies;
}

/**
 * What differs between the ledger's engines, in one place: the SQL implementation (`sql-ledger.ts`) is written once,
 * in the portable SQL its header describes, and each engine's driver names its dialect. SQLite (a file on Node, a
 * Durable Object on Workers) runs that SQL as it is; PostgreSQL runs it through `toPostgres`, which rewrites what
 * can be rewritten and refuses, naming the rule, what cannot.
 */

export type SqlValue = string | number | null;
export interface Statement {
  sql: string;
  args?: SqlValue[];
}

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** An SQL expression that is true (1) when the named table exists; the name is a constant of the schema. */
  tableExists(table: string): string;
  /**
   * Statements to put in a transaction just before it adds rows to a table whose `seq` others read as a cursor
   * (`events?after=`), so that those rows become visible in `seq` order: a reader that has seen seq 11 never later
   * finds a 10. SQLite writes one transaction at a time, so it needs none. PostgreSQL hands out sequence values to
   * concurrent transactions that may commit in another order, so the adding transactions take turns, from the
   * statement to their commit.
   */
  inSeqOrder(table: string): Statement[];
  /**
   * Statements that make a table's seq go on after the highest one in it, once rows were copied in with their own
   * (`maemanee-pay migrate`). SQLite's INTEGER PRIMARY KEY does so by itself; PostgreSQL's identity has a sequence of
   * its own to move on.
   */
  seqAfterCopy(table: string): Statement[];
}

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  tableExists: (table) => `EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${table}')`,
  inSeqOrder: () => [],
  seqAfterCopy: () => [],
};

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  tableExists: (table) => `to_regclass('${table}') IS NOT NULL`,
  inSeqOrder: (table) => [{ sql: 'SELECT pg_advisory_xact_lock(?)', args: [advisoryKey(`seq:${table}`)] }],
  seqAfterCopy: (table) => [{ sql: `SELECT setval(pg_get_serial_sequence('${table}', 'seq'), MAX(seq)) FROM ${table} HAVING MAX(seq) IS NOT NULL` }],
};

/**
 * A PostgreSQL advisory lock's key for one of the ledger's own locks: a 48-bit hash of its name under the product's
 * (an exact number in JavaScript, and not one another application on the same database is likely to take).
 */
export function advisoryKey(name: string): number {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`maemanee-pay:${name}`)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return Number(hash >> 16n);
}

/** A statement that breaks a rule of portable SQL (sql-ledger.ts), found by `toPostgres`. */
export class NotPortable extends Error {
  constructor(sql: string, rule: string) {
    super(`not portable SQL (${rule}): ${sql.replace(/\s+/g, ' ').trim()}`);
    this.name = 'NotPortable';
  }
}

/** The statement in pieces: code, and what the rewrites never touch (quoted text, comments). */
function pieces(sql: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  let i = 0;
  let start = 0;
  const cut = (code: boolean, end: number) => {
    if (end > start) out.push({ code, text: sql.slice(start, end) });
    start = end;
  };
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const closer = sql[i] === "'" ? "'" : two === '--' ? '\n' : two === '/*' ? '*/' : undefined;
    if (closer === undefined) {
      i++;
      continue;
    }
    cut(true, i);
    let end = sql.indexOf(closer, i + (closer === "'" ? 1 : 2));
    // '' inside a quoted text is a quote.
    while (closer === "'" && end !== -1 && sql[end + 1] === "'") end = sql.indexOf("'", end + 2);
    i = end === -1 ? sql.length : end + closer.length;
    cut(false, i);
  }
  cut(true, sql.length);
  return out;
}

/** Where the parenthesis opened at `open` closes, and whether a comma stands at its own depth. */
function group(code: string, open: number): { close: number; comma: boolean } {
  let depth = 0;
  let comma = false;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return { close: i, comma };
    else if (code[i] === ',' && depth === 1) comma = true;
  }
  return { close: code.length, comma };
}

/** The rules `toPostgres` can tell by reading a statement, each with what to write instead. */
const RULES: [RegExp, string][] = [
  [/\?\d/, 'placeholders are ? in order, never numbered'],
  [/\b(rowid|_rowid_|oid)\b/i, 'no rowid: order by an explicit seq column'],
  [/\bsqlite_\w+/i, "no SQLite catalog: the dialect's tableExists"],
  [/\bINSERT\s+OR\b|\bREPLACE\s+INTO\b/i, 'INSERT … ON CONFLICT (…) DO NOTHING | DO UPDATE, not INSERT OR / REPLACE'],
  [/\bAUTOINCREMENT\b/i, 'a seq is INTEGER PRIMARY KEY, without AUTOINCREMENT'],
  [/\?\s*IS\s+(NOT\s+)?NULL|\bWHEN\s+\?\s+THEN\b/i, 'a parameter needs a type from what it is compared with: build the WHERE from the filters given, and write ? = 1 for a flag'],
  [/\b(TRUE|FALSE)\b/i, 'flags are INTEGER 0 and 1, not TRUE and FALSE'],
  [/\b(IFNULL|IIF|GROUP_CONCAT|JSON_EXTRACT|JSON_OBJECT|STRFTIME|DATETIME|JULIANDAY|UNIXEPOCH|PRINTF|INSTR)\s*\(/i, 'an SQLite function: COALESCE or CASE, or do it in TypeScript'],
  [/\bLIMIT\s+\S+\s*,/i, 'LIMIT ? OFFSET ?, not LIMIT ?, ?'],
  [/"/, 'no double quotes: text in single quotes, names unquoted'],
  [/`|\[\w+\]/, 'names unquoted'],
];

/** Refuses a statement the rewrite cannot carry to PostgreSQL. */
function check(sql: string, code: string): void {
  for (const [pattern, rule] of RULES) if (pattern.test(code)) throw new NotPortable(sql, rule);
  for (const m of code.matchAll(/\b(MIN|MAX)\s*\(/gi)) {
    if (group(code, m.index + m[0].length - 1).comma) throw new NotPortable(sql, `no scalar ${m[1].toUpperCase()}(a, b): a CASE`);
  }
  for (const m of code.matchAll(/\b(FROM|JOIN)\s*\(/gi)) {
    const after = code.slice(group(code, m.index + m[0].length - 1).close + 1);
    if (!/^\s*(AS\s+)?(?!(WHERE|ORDER|GROUP|LIMIT|UNION|JOIN|ON|INNER|LEFT)\b)[a-z_]\w*/i.test(after)) throw new NotPortable(sql, 'a subquery in FROM has a name: (SELECT …) AS name');
  }
}

/** Column types as PostgreSQL spells them: epoch milliseconds outgrow its INTEGER, and its REAL is single precision. */
const TYPES: [RegExp, string][] = [
  [/\bINTEGER\s+PRIMARY\s+KEY\b/gi, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'],
  [/\bINTEGER\b/gi, 'BIGINT'],
  [/\bREAL\b/gi, 'DOUBLE PRECISION'],
];

/**
 * A statement of portable SQL as PostgreSQL takes it: `?` become `$1`, `$2`…, and the column types become
 * PostgreSQL's (a seq that numbers itself, 64-bit integers, double precision), outside quoted text and comments.
 * Throws a `NotPortable` naming the rule a statement breaks.
 */
export function toPostgres(sql: string): string {
  const parts = pieces(sql);
  check(sql, parts.map((p) => (p.code ? p.text : ' ')).join(''));
  let n = 0;
  return parts
    .map((p) => (p.code ? TYPES.reduce((code, [pattern, type]) => code.replace(pattern, type), p.text).replace(/\?/g, () => `$${++n}`) : p.text))
    .join('');
}

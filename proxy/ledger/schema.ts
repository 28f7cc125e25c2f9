/**
 * The ledger's tables, the same on both engines, and their version. Schema 2 is the first released one: its
 * statements are never edited, since ledger files were written with them. Each later change is a numbered step in
 * `MIGRATIONS`, which `migrate` runs once, in order, on a ledger of an earlier schema (a new ledger is made as schema 2
 * and stepped up the same way). A ledger of a schema newer than this code knows is refused, never guessed at.
 */
export const SCHEMA_2 = [
  `CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS bills (
    id TEXT PRIMARY KEY,
    ref1 TEXT NOT NULL,
    amount REAL NOT NULL,
    expires_at INTEGER NOT NULL,
    order_key TEXT,
    link_id TEXT,
    sandbox INTEGER NOT NULL,
    client_ip TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    qr TEXT NOT NULL,
    pay_url TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    checked_at INTEGER,
    asks_open INTEGER NOT NULL DEFAULT 0,
    doubtful INTEGER NOT NULL DEFAULT 0,
    last_answer TEXT,
    next_check_at INTEGER NOT NULL,
    paid TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS bills_by_order ON bills (order_key, created_at) WHERE order_key IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS bills_due ON bills (next_check_at) WHERE status = 'pending'`,
  `CREATE INDEX IF NOT EXISTS bills_by_ref1 ON bills (ref1)`,
  // Each bill's events, once per type (id is `<type>:<id_pay>`). Rows are never deleted, so seq (INTEGER PRIMARY KEY: it numbers itself) only
  // grows and serves as the events API's cursor.
  `CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bill_id TEXT NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Workers: whether the event has reached the feed object (Node's feed is this table itself).
    published INTEGER NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX IF NOT EXISTS events_by_type ON events (type, seq)`,
  // The webhook outbox: one row per event and endpoint, each with its own attempts and its own dead end.
  `CREATE TABLE IF NOT EXISTS deliveries (
    event_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    first_attempt_at INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    PRIMARY KEY (event_id, endpoint)
  )`,
  `CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
  // Who is creating an order's next bill, and until when (on Workers, in the order's own object).
  `CREATE TABLE IF NOT EXISTS order_claims (order_key TEXT PRIMARY KEY, until INTEGER NOT NULL)`,
  // Pay links (on Workers, each in its own object); their bills are the bills of the order `link:<id>`.
  `CREATE TABLE IF NOT EXISTS links (
    id TEXT PRIMARY KEY,
    amount REAL NOT NULL,
    description TEXT NOT NULL,
    ref1 TEXT NOT NULL,
    lang TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    disabled_at INTEGER
  )`,
];

/** One step from schema `to - 1` to `to`, run in a transaction of its own. */
export interface Migration {
  to: number;
  statements: readonly string[];
}

/** The bills table's columns after its id, as schema 2 made them (both are frozen). */
const BILL_COLUMNS = SCHEMA_2[1].slice(SCHEMA_2[1].indexOf('id TEXT PRIMARY KEY,') + 'id TEXT PRIMARY KEY,'.length, SCHEMA_2[1].lastIndexOf(')')).trim();
const BILL_NAMES = BILL_COLUMNS.split(',').map((c) => c.trim().split(' ')[0]).join(', ');
/** Schema 2's indexes of the bills table, made again with it. */
const BILL_INDEXES = SCHEMA_2.filter((sql) => / ON bills /.test(sql));

export const MIGRATIONS: readonly Migration[] = [
  // Each pay link keeps the base URL it was made through, so that its page never takes one from a request's Host.
  // Links from before have none (NULL).
  { to: 3, statements: ['ALTER TABLE links ADD COLUMN base TEXT'] },
  // Bills are listed newest first by a seq of their own, as events are, rather than by SQLite's rowid, which
  // PostgreSQL has not. SQLite adds such a column only by making the table again; the bills keep the order they were
  // made in.
  {
    to: 4,
    statements: [
      `CREATE TABLE bills_4 (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ${BILL_COLUMNS})`,
      `INSERT INTO bills_4 (id, ${BILL_NAMES}) SELECT id, ${BILL_NAMES} FROM bills ORDER BY created_at, id`,
      'DROP TABLE bills',
      'ALTER TABLE bills_4 RENAME TO bills',
      ...BILL_INDEXES,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.to ?? 2;

/**
 * The ledger's tables as its statements leave them (made, renamed, dropped): what `maemanee-pay migrate --from …
 * --to …` copies, so that a table a later step makes comes along by itself.
 */
export const LEDGER_TABLES: readonly string[] = [...SCHEMA_2, ...MIGRATIONS.flatMap((m) => m.statements)].reduce<string[]>((tables, sql) => {
  const made = /^\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)/i.exec(sql);
  const dropped = /^\s*DROP TABLE (?:IF EXISTS )?(\w+)/i.exec(sql);
  const renamed = /^\s*ALTER TABLE (\w+) RENAME TO (\w+)/i.exec(sql);
  if (made) return [...tables, made[1]];
  if (dropped) return tables.filter((t) => t !== dropped[1]);
  if (renamed) return tables.map((t) => (t === renamed[1] ? renamed[2] : t));
  return tables;
}, []);

/**
 * Workers only: what the directory objects keep. An order's object lists its bills; the feed object orders every
 * event for the events API. Each bill's facts stay in the bill's own object.
 */
export const DIRECTORY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS order_bills (bill_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS feed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS feed_by_type ON feed (type, seq)`,
  // The feed also lists every bill for the merchant's lookups: each bill's object sends its summary when it changes.
  `CREATE TABLE IF NOT EXISTS bill_index (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ref1 TEXT NOT NULL, status TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS bill_index_by_ref1 ON bill_index (ref1, seq)`,
];

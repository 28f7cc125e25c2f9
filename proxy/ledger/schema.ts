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
  // The seller's console. Events keep their time (epoch ms) for the day's list and totals (those recorded before have
  // none: they belong to no day); bills are found by the day they were made, and keep the owner's resolution of a
  // review (JSON); links are listed newest first; an endpoint's undelivered deliveries are counted for health.
  // Then the console's access: members, one-time invites and sessions (their secrets as SHA-256 hashes), passkeys,
  // the challenge of each passkey attempt, and the audit list (seq: the order entries were added).
  {
    to: 5,
    statements: [
      'ALTER TABLE events ADD COLUMN created_at INTEGER',
      'CREATE INDEX IF NOT EXISTS events_by_time ON events (created_at)',
      'ALTER TABLE bills ADD COLUMN resolution TEXT',
      'CREATE INDEX IF NOT EXISTS bills_by_created ON bills (created_at)',
      'CREATE INDEX IF NOT EXISTS links_by_created ON links (created_at)',
      'CREATE INDEX IF NOT EXISTS deliveries_undelivered ON deliveries (endpoint) WHERE delivered_at IS NULL',
      `CREATE TABLE IF NOT EXISTS console_members (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      )`,
      `CREATE TABLE IF NOT EXISTS console_invites (
        token_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT,
        member_id TEXT NOT NULL,
        base TEXT NOT NULL,
        created_by TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        session_id TEXT
      )`,
      `CREATE TABLE IF NOT EXISTS console_sessions (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        member_id TEXT NOT NULL,
        base TEXT NOT NULL,
        label TEXT NOT NULL,
        passkey INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
      )`,
      'CREATE INDEX IF NOT EXISTS console_sessions_by_member ON console_sessions (member_id)',
      `CREATE TABLE IF NOT EXISTS console_passkeys (
        id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        counter INTEGER NOT NULL,
        transports TEXT NOT NULL,
        base TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER
      )`,
      'CREATE INDEX IF NOT EXISTS console_passkeys_by_member ON console_passkeys (member_id)',
      `CREATE TABLE IF NOT EXISTS console_challenges (
        challenge TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        member_id TEXT,
        origin TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS console_audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        member_id TEXT,
        action TEXT NOT NULL,
        subject TEXT,
        detail TEXT
      )`,
    ],
  },
  // Shop links: a link's items, the buyer's details it asks for, reusable with a limit (links from before are plain:
  // NULL, NULL, 0, NULL); each buyer's order with the place it holds against the limit (on Workers, in the link's own
  // object); and the order details kept with a bill. `last_order_at` is also what a placement takes first, so that a
  // link's placements are one at a time on every engine (on PostgreSQL, the row's lock).
  {
    to: 6,
    statements: [
      'ALTER TABLE links ADD COLUMN items TEXT',
      'ALTER TABLE links ADD COLUMN fields TEXT',
      'ALTER TABLE links ADD COLUMN reusable INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE links ADD COLUMN stock_limit INTEGER',
      'ALTER TABLE links ADD COLUMN last_order_at INTEGER',
      'ALTER TABLE bills ADD COLUMN order_details TEXT',
      `CREATE TABLE IF NOT EXISTS link_orders (
        id TEXT PRIMARY KEY,
        link_id TEXT NOT NULL,
        order_key TEXT NOT NULL UNIQUE,
        buyer TEXT NOT NULL,
        amount INTEGER NOT NULL,
        details TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        held_until INTEGER NOT NULL,
        sold INTEGER NOT NULL DEFAULT 0
      )`,
      'CREATE INDEX IF NOT EXISTS link_orders_by_buyer ON link_orders (link_id, buyer, created_at)',
      'CREATE INDEX IF NOT EXISTS bills_by_link ON bills (link_id, created_at) WHERE link_id IS NOT NULL',
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
 * Workers only: what the directory objects keep. An order's object lists its bills; a link's, its bills too; the feed
 * object orders every event for the events API. Each bill's facts stay in the bill's own object.
 */
export const DIRECTORY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS order_bills (bill_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS feed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS feed_by_type ON feed (type, seq)`,
  // The feed also lists every bill for the merchant's lookups: each bill's object sends its summary when it changes.
  `CREATE TABLE IF NOT EXISTS bill_index (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ref1 TEXT NOT NULL, status TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS bill_index_by_ref1 ON bill_index (ref1, seq)`,
  // A link's object lists the bills made for it (a shop link's orders' bills), for the link's view.
  `CREATE TABLE IF NOT EXISTS link_bills (bill_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`,
  // The console's: each link as it is made (links made before are not listed), and each bill's deliveries that failed.
  `CREATE TABLE IF NOT EXISTS link_index (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS link_index_by_created ON link_index (created_at)`,
  `CREATE TABLE IF NOT EXISTS delivery_trouble (
    event_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    bill_id TEXT NOT NULL,
    gave_up INTEGER NOT NULL,
    last_error TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (event_id, endpoint)
  )`,
  `CREATE INDEX IF NOT EXISTS delivery_trouble_by_bill ON delivery_trouble (bill_id)`,
];

/**
 * Workers only: the directory objects' own steps, after `DIRECTORY_SCHEMA` (which only creates what is missing), each
 * run once, in order (`meta` key `directory`). The feed's events keep their time, and its bill index the time each
 * bill was made and its link, for the console's days and search; rows from before are filled in from their JSON.
 */
export const DIRECTORY_MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    statements: [
      'ALTER TABLE feed ADD COLUMN created_at INTEGER',
      'CREATE INDEX IF NOT EXISTS feed_by_time ON feed (created_at)',
      'ALTER TABLE bill_index ADD COLUMN created_at INTEGER',
      'ALTER TABLE bill_index ADD COLUMN link_id TEXT',
      'CREATE INDEX IF NOT EXISTS bill_index_by_created ON bill_index (created_at)',
    ],
  },
];

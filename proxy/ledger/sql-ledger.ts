/**
 * The ledger in SQL, over any driver of either dialect (`dialect.ts`): SQLite (a file on Node, a Durable Object on
 * Workers) and PostgreSQL (several machines on one database). Every write that several instances may race on is one
 * conditional statement (or one atomic batch), so that the engines need no locks of their own: the database decides
 * who wins. SQLite runs one writer at a time; PostgreSQL, at READ COMMITTED, has an UPDATE wait for the row's lock
 * and test its WHERE again on the row as the winner left it, and an INSERT … ON CONFLICT wait for the other insert's
 * outcome, so each claim below still has one winner.
 *
 * Portable SQL: every statement here, and in any table or statement added later, is written once and runs on both.
 * The rules (PostgreSQL's `toPostgres` refuses, naming the rule, a statement that breaks the ones it can read):
 * - Parameters are `?`, in order; never `?1` or `:name`. PostgreSQL's become `$1`, `$2`….
 * - A parameter gets its type from what it meets: a column it is compared with or stored in. Never `? IS NULL` (build
 *   the WHERE from the filters given) nor `CASE WHEN ? THEN` (write `? = 1`).
 * - Column types are TEXT, INTEGER and REAL, which PostgreSQL gets as TEXT, BIGINT (epoch milliseconds outgrow its
 *   INTEGER) and DOUBLE PRECISION. Flags are INTEGER 0 and 1, never TRUE or a BOOLEAN column; JSON is TEXT, parsed in
 *   TypeScript.
 * - Rows in the order they were added: an explicit `seq INTEGER PRIMARY KEY` column (SQLite's rowid alias; an
 *   identity column on PostgreSQL), never rowid. A table whose seq others follow as a cursor is added to after
 *   `dialect.inSeqOrder(table)` in the same batch, so that its rows become visible in seq order.
 * - Insert-or-else is `INSERT … ON CONFLICT (key) DO NOTHING` or `DO UPDATE SET x = excluded.x WHERE …`; never
 *   INSERT OR IGNORE / REPLACE. The changed-row count each engine reports is what a claim reads.
 * - No SQLite-only functions: no scalar `MAX(a, b)` / `MIN(a, b)` (a CASE), no IFNULL (COALESCE), no date or JSON
 *   functions (epoch ms as INTEGER, JSON in TypeScript). A subquery in FROM has a name: `(SELECT …) AS due`.
 * - Text in single quotes; names unquoted, lower case. The catalog differs: `dialect.tableExists(name)`.
 * - A schema change is a new numbered step in `MIGRATIONS` (schema.ts), in the same SQL, and its tables come along in
 *   `maemanee-pay migrate --from … --to …`, which copies every table the schema makes.
 */
import type { PaidPayment, PaymentEvent } from '../../contract/http.ts';
import {
  enteredFrom,
  LedgerFault,
  linkOrderKey,
  summaryOf,
  type BillRecord,
  type BillStatus,
  type Ledger,
  type LinkOrder,
  type LinkRecord,
  type NewBill,
  type Outbox,
} from './ledger.ts';
import { MIGRATIONS, SCHEMA_2, SCHEMA_VERSION } from './schema.ts';
import type { SqlDialect, SqlValue, Statement } from './dialect.ts';
import { iso } from '../time.ts';


/** What an engine provides: queries, and an atomic batch of writes, in its dialect. */
export interface SqlDriver {
  readonly dialect: SqlDialect;
  query(sql: string, args?: SqlValue[]): Promise<Record<string, SqlValue>[]>;
  /** Runs the statements in one transaction; returns how many rows each changed. */
  batch(statements: Statement[]): Promise<number[]>;
}

const schemaOf = async (driver: SqlDriver) => Number((await driver.query(`SELECT v FROM meta WHERE k = 'schema'`))[0]?.v ?? 0);

/**
 * Makes a new ledger, or brings one of an earlier schema up to this code's, one step at a time; refuses one of a schema
 * this code does not know. Several processes may open the same new or old file at once: each step is one transaction
 * that begins by writing the step's mark (which a second writer of the same step fails on, undoing all of its own)
 * and moves the version on only from the step before; a step that fails because another process ran it first is told
 * by the version it left. (On PostgreSQL the engine also runs the whole of it under a lock, as its DDL can race.)
 */
export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.batch([{ sql: SCHEMA_2[0] }]);
  // One statement, one snapshot: another process creating the same new file cannot be mistaken for an old schema.
  const [found] = await driver.query(
    `SELECT (SELECT v FROM meta WHERE k = 'schema') AS version,
            ${driver.dialect.tableExists('bills')} AS tables`,
  );
  if (found.version === null && Number(found.tables) === 1) {
    throw new LedgerFault('this ledger file was written by a development build before schema 2 (nothing was released with it): move it aside and start again');
  }
  if (found.version !== null && Number(found.version) > SCHEMA_VERSION) {
    throw new LedgerFault(`this ledger has schema ${found.version}, newer than this proxy knows (${SCHEMA_VERSION}): upgrade the proxy to use it`);
  }
  if (found.version === null) {
    // A new ledger, made as schema 2 and stepped up below (IF NOT EXISTS, DO NOTHING: another process may be making it too).
    await driver.batch([
      ...SCHEMA_2.slice(1).map((sql) => ({ sql })),
      { sql: `INSERT INTO meta (k, v) VALUES ('schema', '2') ON CONFLICT (k) DO NOTHING` },
    ]);
  }
  for (const step of MIGRATIONS) {
    if ((await schemaOf(driver)) >= step.to) continue;
    try {
      await driver.batch([
        { sql: `INSERT INTO meta (k, v) VALUES (?, ?)`, args: [`step ${step.to}`, iso(Date.now())] },
        ...step.statements.map((sql) => ({ sql })),
        { sql: `UPDATE meta SET v = ? WHERE k = 'schema' AND v = ?`, args: [String(step.to), String(step.to - 1)] },
      ]);
    } catch (error) {
      if ((await schemaOf(driver)) < step.to) throw error;
    }
  }
}

const num = (v: SqlValue) => (v === null ? null : Number(v));
const text = (v: SqlValue) => (v === null ? null : String(v));
/** JSON kept as TEXT (a missing column of an older row reads as null too). */
const parsed = <T>(v: SqlValue | undefined): T | null => (v === null || v === undefined ? null : (JSON.parse(String(v)) as T));

function toBill(row: Record<string, SqlValue>): BillRecord {
  return {
    id: String(row.id),
    ref1: String(row.ref1),
    amount: Number(row.amount),
    expiresAt: Number(row.expires_at),
    orderKey: text(row.order_key),
    linkId: text(row.link_id),
    order: parsed(row.order_details),
    sandbox: Number(row.sandbox) === 1,
    clientIp: String(row.client_ip),
    createdAt: Number(row.created_at),
    qr: String(row.qr),
    payUrl: text(row.pay_url),
    status: row.status as BillStatus,
    checkedAt: num(row.checked_at),
    asksOpen: Number(row.asks_open),
    doubtful: Number(row.doubtful) === 1,
    lastAnswer: text(row.last_answer),
    nextCheckAt: Number(row.next_check_at),
    paid: row.paid === null ? null : (JSON.parse(String(row.paid)) as PaidPayment),
  };
}

function toLink(row: Record<string, SqlValue>): LinkRecord {
  return {
    id: String(row.id),
    amount: Number(row.amount),
    description: String(row.description),
    ref1: String(row.ref1),
    lang: row.lang === 'en' || row.lang === 'th' ? row.lang : null,
    base: text(row.base),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    disabledAt: num(row.disabled_at),
    items: parsed(row.items),
    fields: parsed(row.fields) ?? [],
    reusable: Number(row.reusable) === 1,
    limit: num(row.stock_limit),
  };
}

function toLinkOrder(row: Record<string, SqlValue>): LinkOrder {
  return {
    id: String(row.id),
    linkId: String(row.link_id),
    buyer: String(row.buyer),
    amount: Number(row.amount),
    details: JSON.parse(String(row.details)),
    createdAt: Number(row.created_at),
    heldUntil: Number(row.held_until),
    sold: Number(row.sold) === 1,
  };
}

/** `status IN (…)`: the statuses from which a bill may enter `to`, from the one table of transitions (constants, not input). */
const mayEnter = (to: BillStatus) => `status IN (${enteredFrom(to).map((s) => `'${s}'`).join(', ')})`;

/** One ask fewer open, never fewer than none. */
const CLOSE_ASK = 'CASE WHEN asks_open > 0 THEN asks_open - 1 ELSE 0 END';

/** Ends an order's claim; also run with the statement that records the order's bill, in its transaction. */
export const RELEASE_ORDER_SQL = 'DELETE FROM order_claims WHERE order_key = ?';

/**
 * A shop link's order with a bill holds its place at least until the bill expires (args: the expiry twice, the order
 * key); run with the statement that records the bill (on Workers, in the link's object).
 */
export const HOLD_FOR_BILL_SQL = 'UPDATE link_orders SET held_until = CASE WHEN held_until < ? THEN ? ELSE held_until END WHERE order_key = ?';

/** The link order of a paid bill is sold (arg: its order key); on Workers, the bill's object tells the link's. */
export const SELL_LINK_ORDER_SQL = 'UPDATE link_orders SET sold = 1 WHERE order_key = ?';

/**
 * The statements that record an event, once, if its bill now has the status the event tells of, and queue its
 * deliveries; run in the transaction that set the status.
 */
function eventStatements(dialect: SqlDialect, event: PaymentEvent, status: BillStatus, outbox: Outbox): Statement[] {
  return [
    ...dialect.inSeqOrder('events'),
    {
      sql: `INSERT INTO events (id, bill_id, type, body) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM bills WHERE id = ? AND status = ?)
            ON CONFLICT (id) DO NOTHING`,
      args: [event.id, event.data.id, event.type, JSON.stringify(event), event.data.id, status],
    },
    ...outbox.endpoints.map((endpoint) => ({
      sql: `INSERT INTO deliveries (event_id, endpoint, next_attempt_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE id = ?)
            ON CONFLICT DO NOTHING`,
      args: [event.id, endpoint, outbox.at, event.id],
    })),
  ];
}

export function sqlLedger(driver: SqlDriver): Ledger {
  const run = async (sql: string, args: SqlValue[]) => (await driver.batch([{ sql, args }]))[0];
  return {
    async recordBill(b: NewBill) {
      await driver.batch([
        {
          sql: `INSERT INTO bills (id, ref1, amount, expires_at, order_key, link_id, order_details, sandbox, client_ip, created_at, next_check_at, qr, pay_url)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          args: [
            b.id,
            b.ref1,
            b.amount,
            b.expiresAt,
            b.orderKey,
            b.linkId,
            b.order === null ? null : JSON.stringify(b.order),
            b.sandbox ? 1 : 0,
            b.clientIp,
            b.createdAt,
            b.nextCheckAt,
            b.qr,
            b.payUrl,
          ],
        },
        ...(b.orderKey === null
          ? []
          : [
              { sql: RELEASE_ORDER_SQL, args: [b.orderKey] },
              { sql: HOLD_FOR_BILL_SQL, args: [b.expiresAt, b.expiresAt, b.orderKey] },
            ]),
      ]);
    },

    async bill(id) {
      const [row] = await driver.query('SELECT * FROM bills WHERE id = ?', [id]);
      return row && toBill(row);
    },

    async billForOrder(orderKey) {
      const [row] = await driver.query(
        `SELECT * FROM bills WHERE order_key = ? ORDER BY status = 'paid' DESC, created_at DESC LIMIT 1`,
        [orderKey],
      );
      return row && toBill(row);
    },

    async billsForOrder(orderKey) {
      const rows = await driver.query(`SELECT * FROM bills WHERE order_key = ? ORDER BY created_at DESC`, [orderKey]);
      return rows.map(toBill);
    },

    async listBills({ ref1, status, before, limit }) {
      // seq grows with each bill recorded: newest first, and a cursor that a new bill never shifts.
      const where: string[] = [];
      const args: SqlValue[] = [];
      for (const [condition, value] of [['ref1 = ?', ref1], ['status = ?', status], ['seq < ?', before]] as const) {
        if (value === undefined) continue;
        where.push(condition);
        args.push(value);
      }
      const rows = await driver.query(
        `SELECT * FROM bills ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
        [...args, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), bill: summaryOf(toBill(r)) }));
    },

    async recordLink(l) {
      await run(
        `INSERT INTO links (id, amount, description, ref1, lang, base, created_at, expires_at, items, fields, reusable, stock_limit)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          l.id,
          l.amount,
          l.description,
          l.ref1,
          l.lang,
          l.base,
          l.createdAt,
          l.expiresAt,
          l.items === null ? null : JSON.stringify(l.items),
          l.fields.length ? JSON.stringify(l.fields) : null,
          l.reusable ? 1 : 0,
          l.limit,
        ],
      );
    },

    async link(id) {
      const [row] = await driver.query('SELECT * FROM links WHERE id = ?', [id]);
      return row && toLink(row);
    },

    async disableLink(id, at) {
      await run('UPDATE links SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?', [at, id]);
      const [row] = await driver.query('SELECT * FROM links WHERE id = ?', [id]);
      return row && toLink(row);
    },

    async placeLinkOrder(o, limit, now) {
      const insert = 'INSERT INTO link_orders (id, link_id, order_key, buyer, amount, details, created_at, held_until)';
      const args = [o.id, o.linkId, linkOrderKey(o.linkId, o.id), o.buyer, o.amount, JSON.stringify(o.details), o.createdAt, o.heldUntil];
      // The link's row first: its placements are one at a time, and the count below sees every one before it.
      const [, placed] = await driver.batch([
        { sql: 'UPDATE links SET last_order_at = ? WHERE id = ?', args: [now, o.linkId] },
        limit === null
          ? { sql: `${insert} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, args }
          : {
              sql: `${insert} SELECT ?, ?, ?, ?, ?, ?, ?, ?
                    WHERE (SELECT COUNT(*) FROM link_orders WHERE link_id = ? AND (sold = 1 OR held_until > ?)) < ?`,
              args: [...args, o.linkId, now, limit],
            },
      ]);
      return placed === 1;
    },

    async holdLinkOrder(linkId, id, until, limit, now) {
      const room =
        limit === null
          ? { sql: '', args: [] }
          : {
              sql: ` AND (sold = 1 OR held_until > ? OR (SELECT COUNT(*) FROM link_orders o WHERE o.link_id = ? AND o.id <> ? AND (o.sold = 1 OR o.held_until > ?)) < ?)`,
              args: [now, linkId, id, now, limit],
            };
      const [, held] = await driver.batch([
        { sql: 'UPDATE links SET last_order_at = ? WHERE id = ?', args: [now, linkId] },
        {
          sql: `UPDATE link_orders SET held_until = CASE WHEN held_until < ? THEN ? ELSE held_until END WHERE link_id = ? AND id = ?${room.sql}`,
          args: [until, until, linkId, id, ...room.args],
        },
      ]);
      return held === 1;
    },

    async linkOrder(linkId, id) {
      const [row] = await driver.query('SELECT * FROM link_orders WHERE link_id = ? AND id = ?', [linkId, id]);
      return row && toLinkOrder(row);
    },

    async buyerOrder(linkId, buyer) {
      const [row] = await driver.query('SELECT * FROM link_orders WHERE link_id = ? AND buyer = ? ORDER BY created_at DESC LIMIT 1', [linkId, buyer]);
      return row && toLinkOrder(row);
    },

    async linkStock(linkId, now) {
      const [row] = await driver.query(
        `SELECT COALESCE(SUM(sold), 0) AS sold, COALESCE(SUM(CASE WHEN sold = 0 AND held_until > ? THEN 1 ELSE 0 END), 0) AS held
         FROM link_orders WHERE link_id = ?`,
        [now, linkId],
      );
      return { sold: Number(row?.sold ?? 0), held: Number(row?.held ?? 0) };
    },

    async billsForLink(linkId, limit) {
      const rows = await driver.query('SELECT * FROM bills WHERE link_id = ? ORDER BY created_at DESC LIMIT ?', [linkId, limit]);
      return rows.map(toBill);
    },

    async claimOrder(orderKey, now, leaseMs) {
      const changed = await run(
        `INSERT INTO order_claims (order_key, until) VALUES (?, ?)
         ON CONFLICT (order_key) DO UPDATE SET until = excluded.until WHERE order_claims.until <= ?`,
        [orderKey, now + leaseMs, now],
      );
      return changed === 1;
    },

    async releaseOrder(orderKey) {
      await run(RELEASE_ORDER_SQL, [orderKey]);
    },

    async claimCheck(id, now, gapMs) {
      const changed = await run(
        `UPDATE bills SET asks_open = asks_open + 1, checked_at = ?
         WHERE id = ? AND ${mayEnter('paid')} AND (checked_at IS NULL OR checked_at <= ?)`,
        [now, id, now - gapMs],
      );
      return changed === 1;
    },

    async recordCheck(id, outcome) {
      await run(
        `UPDATE bills SET last_answer = ?, next_check_at = ?, asks_open = ${CLOSE_ASK},
           doubtful = CASE WHEN ? = 1 THEN 1 ELSE doubtful END
         WHERE id = ?`,
        [outcome.answer, outcome.nextCheckAt, outcome.doubtful ? 1 : 0, id],
      );
    },

    async recordPaid(id, paid, event, outbox) {
      await driver.batch([
        {
          sql: `UPDATE bills SET status = 'paid', paid = ?, last_answer = 'paid', asks_open = ${CLOSE_ASK}
                WHERE id = ? AND ${mayEnter('paid')}`,
          args: [JSON.stringify(paid), id],
        },
        ...eventStatements(driver.dialect, event, 'paid', outbox),
        // A shop link's order paid counts for good (on Workers its link's object is told; here, nothing to match).
        { sql: `UPDATE link_orders SET sold = 1 WHERE order_key = (SELECT order_key FROM bills WHERE id = ? AND status = 'paid')`, args: [id] },
      ]);
      const [row] = await driver.query('SELECT status, paid FROM bills WHERE id = ?', [id]);
      if (!row || row.paid === null) throw new LedgerFault(`bill ${id} is ${row ? row.status : 'not in the ledger'}: its paid answer cannot be recorded`);
      return JSON.parse(String(row.paid)) as PaidPayment;
    },

    async recordUnpaid(id, status, event, outbox) {
      // Each bill keeps its one story; each event is recorded once whatever the order of calls.
      const [changed] = await driver.batch([
        { sql: `UPDATE bills SET status = ? WHERE id = ? AND ${mayEnter(status)}`, args: [status, id] },
        ...(event ? eventStatements(driver.dialect, event, status, outbox) : []),
      ]);
      return changed === 1;
    },

    async expireNow(id, now) {
      await run(`UPDATE bills SET expires_at = CASE WHEN expires_at < ? THEN expires_at ELSE ? END WHERE id = ?`, [now - 1000, now - 1000, id]);
    },

    async dueChecks(now, limit) {
      const rows = await driver.query(
        `SELECT id FROM bills WHERE status = 'pending' AND next_check_at <= ? ORDER BY next_check_at LIMIT ?`,
        [now, limit],
      );
      return rows.map((r) => String(r.id));
    },

    async dueDeliveries(now, limit) {
      const rows = await driver.query(
        `SELECT event_id, endpoint FROM deliveries WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
         ORDER BY next_attempt_at LIMIT ?`,
        [now, limit],
      );
      return rows.map((r) => ({ eventId: String(r.event_id), endpoint: String(r.endpoint) }));
    },

    async claimDelivery({ eventId, endpoint }, now, leaseMs) {
      const changed = await run(
        `UPDATE deliveries SET next_attempt_at = ?, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?)
         WHERE event_id = ? AND endpoint = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`,
        [now + leaseMs, now, eventId, endpoint, now],
      );
      if (changed !== 1) return undefined;
      const [row] = await driver.query(
        `SELECT e.body, d.attempts, d.first_attempt_at FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.event_id = ? AND d.endpoint = ?`,
        [eventId, endpoint],
      );
      return { eventId, endpoint, event: JSON.parse(String(row.body)), attempt: Number(row.attempts), firstAttemptAt: Number(row.first_attempt_at) };
    },

    async recordDelivery({ eventId, endpoint }, outcome) {
      if ('deliveredAt' in outcome) {
        await run(
          `UPDATE deliveries SET delivered_at = ?, next_attempt_at = NULL, last_error = NULL WHERE event_id = ? AND endpoint = ?`,
          [outcome.deliveredAt, eventId, endpoint],
        );
      } else {
        await run(`UPDATE deliveries SET next_attempt_at = ?, last_error = ? WHERE event_id = ? AND endpoint = ?`, [
          outcome.nextAttemptAt,
          outcome.error,
          eventId,
          endpoint,
        ]);
      }
    },

    async events(after, limit, type) {
      const rows = type
        ? await driver.query('SELECT seq, body FROM events WHERE type = ? AND seq > ? ORDER BY seq LIMIT ?', [type, after, limit])
        : await driver.query('SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [after, limit]);
      return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.body)) as PaymentEvent }));
    },

    async redeliver(eventId, endpoints, now) {
      const [known] = await driver.query('SELECT 1 AS x FROM events WHERE id = ?', [eventId]);
      if (!known) return undefined;
      // A delivery still waiting (queued, or in flight under its claim) is left alone: asking again sends once.
      const changed = await driver.batch(
        endpoints.map((endpoint) => ({
          sql: `INSERT INTO deliveries (event_id, endpoint, next_attempt_at) VALUES (?, ?, ?)
                ON CONFLICT (event_id, endpoint) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, attempts = 0,
                  first_attempt_at = NULL, delivered_at = NULL, last_error = NULL
                WHERE deliveries.next_attempt_at IS NULL`,
          args: [eventId, endpoint, now],
        })),
      );
      return changed.reduce((a, b) => a + b, 0);
    },

    async nextWake() {
      const [row] = await driver.query(
        `SELECT MIN(t) AS t FROM (
           SELECT MIN(next_check_at) AS t FROM bills WHERE status = 'pending'
           UNION ALL SELECT MIN(next_attempt_at) FROM deliveries WHERE next_attempt_at IS NOT NULL) AS due`,
      );
      return num(row?.t ?? null);
    },

    async probe() {
      await run(`INSERT INTO meta (k, v) VALUES ('probe', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, [String(Date.now())]);
    },
  };
}

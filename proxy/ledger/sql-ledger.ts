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
import type { BillSummary, PaidPayment, PaymentEvent } from '../../contract/http.ts';
import {
  enteredFrom,
  LedgerFault,
  linkOrderKey,
  summaryOf,
  type AuditRecord,
  type BillFilter,
  type BillRecord,
  type BillStatus,
  type ChallengeRecord,
  type Ledger,
  type LinkOrder,
  type LinkRecord,
  type MemberRecord,
  type NewBill,
  type Outbox,
  type PasskeyRecord,
  type ResolutionRecord,
  type SessionRecord,
} from './ledger.ts';
import { DIRECTORY_MIGRATIONS, DIRECTORY_SCHEMA, MIGRATIONS, SCHEMA_2, SCHEMA_VERSION } from './schema.ts';
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
    resolution: row.resolution === null || row.resolution === undefined ? null : (JSON.parse(String(row.resolution)) as ResolutionRecord),
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

function toMember(row: Record<string, SqlValue>, prefix = ''): MemberRecord {
  return {
    id: String(row[`${prefix}id`]),
    role: row[`${prefix}role`] === 'owner' ? 'owner' : 'staff',
    name: text(row[`${prefix}name`]),
    createdAt: Number(row[`${prefix}created_at`]),
    revokedAt: num(row[`${prefix}revoked_at`]),
  };
}

function toSession(row: Record<string, SqlValue>): SessionRecord {
  return {
    id: String(row.id),
    secretHash: String(row.secret_hash),
    memberId: String(row.member_id),
    base: String(row.base),
    label: String(row.label),
    passkey: Number(row.passkey) === 1,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    revokedAt: num(row.revoked_at),
  };
}

function toPasskey(row: Record<string, SqlValue>): PasskeyRecord {
  return {
    id: String(row.id),
    memberId: String(row.member_id),
    publicKey: String(row.public_key),
    counter: Number(row.counter),
    transports: JSON.parse(String(row.transports)) as string[],
    base: String(row.base),
    label: String(row.label),
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
  };
}

const SESSION_WITH_MEMBER = `SELECT s.*, m.id AS m_id, m.role AS m_role, m.name AS m_name, m.created_at AS m_created_at, m.revoked_at AS m_revoked_at
  FROM console_sessions s JOIN console_members m ON m.id = s.member_id`;

/** An event's time as the ledger keeps it (epoch ms), or null for one whose `created` is no time. */
function eventTime(event: PaymentEvent): number | null {
  const t = Date.parse(event.created);
  return Number.isNaN(t) ? null : t;
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
      sql: `INSERT INTO events (id, bill_id, type, body, created_at) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM bills WHERE id = ? AND status = ?)
            ON CONFLICT (id) DO NOTHING`,
      args: [event.id, event.data.id, event.type, JSON.stringify(event), eventTime(event), event.data.id, status],
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
  async function sessionOf(secretHash: string) {
    const [row] = await driver.query(`${SESSION_WITH_MEMBER} WHERE s.secret_hash = ?`, [secretHash]);
    return row && { session: toSession(row), member: toMember(row, 'm_') };
  }
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

    async listBills(filter) {
      // seq grows with each bill recorded: newest first, and a cursor that a new bill never shifts.
      const { where, args } = billWhere(filter, 'seq');
      const rows = await driver.query(`SELECT * FROM bills ${where} ORDER BY seq DESC LIMIT ?`, [...args, filter.limit]);
      return rows.map((r) => ({ seq: Number(r.seq), bill: summaryOf(toBill(r)) }));
    },

    async billHistory(id) {
      const events = await driver.query('SELECT body FROM events WHERE bill_id = ? ORDER BY seq', [id]);
      const deliveries = await driver.query(
        `SELECT event_id, endpoint, attempts, delivered_at, next_attempt_at, last_error FROM deliveries
         WHERE event_id IN (SELECT id FROM events WHERE bill_id = ?) ORDER BY event_id, endpoint`,
        [id],
      );
      return {
        events: events.map((r) => JSON.parse(String(r.body)) as PaymentEvent),
        deliveries: deliveries.map((r) => ({
          eventId: String(r.event_id),
          endpoint: String(r.endpoint),
          attempts: Number(r.attempts),
          deliveredAt: num(r.delivered_at),
          nextAttemptAt: num(r.next_attempt_at),
          lastError: text(r.last_error),
        })),
      };
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

    async listLinks({ before, limit }) {
      const rows = before
        ? await driver.query('SELECT * FROM links WHERE created_at < ? OR (created_at = ? AND id < ?) ORDER BY created_at DESC, id DESC LIMIT ?', [
            before.createdAt,
            before.createdAt,
            before.id,
            limit,
          ])
        : await driver.query('SELECT * FROM links ORDER BY created_at DESC, id DESC LIMIT ?', [limit]);
      return rows.map(toLink);
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

    async recordPaid(id, paid, event, outbox, resolution) {
      await driver.batch([
        {
          sql: `UPDATE bills SET status = 'paid', paid = ?, last_answer = 'paid', asks_open = ${CLOSE_ASK}${resolution ? ', resolution = ?' : ''}
                WHERE id = ? AND ${resolution ? "status = 'needs_review'" : mayEnter('paid')}`,
          // The owner's word settles a bill only while it waits for review: one that another resolution ended stays
          // as that one left it (an upstream's paid answer still turns an ended bill paid: the money moved).
          args: [JSON.stringify(paid), ...(resolution ? [JSON.stringify(resolution)] : []), id],
        },
        ...eventStatements(driver.dialect, event, 'paid', outbox),
        // A shop link's order paid counts for good (on Workers its link's object is told; here, nothing to match).
        { sql: `UPDATE link_orders SET sold = 1 WHERE order_key = (SELECT order_key FROM bills WHERE id = ? AND status = 'paid')`, args: [id] },
      ]);
      const [row] = await driver.query('SELECT status, paid FROM bills WHERE id = ?', [id]);
      if (!row || row.paid === null) throw new LedgerFault(`bill ${id} is ${row ? row.status : 'not in the ledger'}: its paid answer cannot be recorded`);
      return JSON.parse(String(row.paid)) as PaidPayment;
    },

    async recordUnpaid(id, status, event, outbox, resolution) {
      // Each bill keeps its one story; each event is recorded once whatever the order of calls.
      const [changed] = await driver.batch([
        {
          sql: `UPDATE bills SET status = ?${resolution ? ', resolution = ?' : ''} WHERE id = ? AND ${mayEnter(status)}`,
          args: [status, ...(resolution ? [JSON.stringify(resolution)] : []), id],
        },
        ...(event ? eventStatements(driver.dialect, event, status, outbox) : []),
      ]);
      return changed === 1;
    },

    async recordResolution(id, resolution) {
      await run('UPDATE bills SET resolution = ? WHERE id = ? AND resolution IS NULL', [JSON.stringify(resolution), id]);
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

    eventsBetween: (from, to, page) => eventsIn(driver, 'events', from, to, page),
    paidTotals: (from, to) => paidIn(driver, 'events', from, to),
    webhookTrouble: () =>
      troubleOf(driver, { table: 'deliveries', where: 'delivered_at IS NULL AND last_error IS NOT NULL', gaveUp: 'next_attempt_at IS NULL', latest: 'first_attempt_at' }),

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

    // --- the console's access ----------------------------------------------------------------------------------

    async recordInvite(i) {
      await run(
        `INSERT INTO console_invites (token_hash, role, name, member_id, base, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [i.tokenHash, i.role, i.name, i.memberId, i.base, i.createdBy, i.createdAt, i.expiresAt],
      );
    },

    async redeemInvite(tokenHash, s, now) {
      // One batch: the invite is used by this session's id, and only that makes the member and the session.
      const [used] = await driver.batch([
        {
          sql: 'UPDATE console_invites SET used_at = ?, session_id = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
          args: [now, s.id, tokenHash, now],
        },
        {
          sql: `INSERT INTO console_members (id, role, name, created_at) SELECT member_id, role, name, ? FROM console_invites
                WHERE token_hash = ? AND session_id = ? ON CONFLICT (id) DO NOTHING`,
          args: [now, tokenHash, s.id],
        },
        {
          sql: `INSERT INTO console_sessions (id, secret_hash, member_id, base, label, passkey, created_at, last_seen_at, expires_at)
                SELECT ?, ?, member_id, base, ?, ?, ?, ?, ? FROM console_invites WHERE token_hash = ? AND session_id = ?`,
          args: [s.id, s.secretHash, s.label, s.passkey ? 1 : 0, s.createdAt, s.lastSeenAt, s.expiresAt, tokenHash, s.id],
        },
      ]);
      if (used !== 1) {
        const [invite] = await driver.query('SELECT used_at FROM console_invites WHERE token_hash = ?', [tokenHash]);
        return { refused: !invite ? 'unknown' : invite.used_at !== null ? 'used' : 'expired' };
      }
      return (await sessionOf(s.secretHash))!;
    },

    async consoleBases() {
      return (await driver.query('SELECT DISTINCT base FROM console_invites')).map((r) => String(r.base));
    },

    session: sessionOf,

    async recordSession(s) {
      await run(
        `INSERT INTO console_sessions (id, secret_hash, member_id, base, label, passkey, created_at, last_seen_at, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [s.id, s.secretHash, s.memberId, s.base, s.label, s.passkey ? 1 : 0, s.createdAt, s.lastSeenAt, s.expiresAt, s.revokedAt],
      );
    },

    async touchSession(id, lastSeenAt, expiresAt) {
      await run('UPDATE console_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL', [lastSeenAt, expiresAt, id]);
    },

    async revokeSession(id, at) {
      await run('UPDATE console_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?', [at, id]);
      const [row] = await driver.query('SELECT * FROM console_sessions WHERE id = ?', [id]);
      return row && toSession(row);
    },

    async revokeMember(id, at) {
      await driver.batch([
        { sql: 'UPDATE console_members SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?', args: [at, id] },
        { sql: 'UPDATE console_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE member_id = ?', args: [at, id] },
        { sql: 'DELETE FROM console_passkeys WHERE member_id = ?', args: [id] },
      ]);
      const [row] = await driver.query('SELECT * FROM console_members WHERE id = ?', [id]);
      return row && toMember(row);
    },

    async consoleMembers(now) {
      const members = (await driver.query(`SELECT * FROM console_members ORDER BY CASE WHEN role = 'owner' THEN 0 ELSE 1 END, created_at, id`)).map((r) => toMember(r));
      const sessions = (await driver.query('SELECT * FROM console_sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at, id', [now])).map(toSession);
      const passkeys = (await driver.query('SELECT * FROM console_passkeys ORDER BY created_at, id')).map(toPasskey);
      return members.map((member) => ({
        member,
        sessions: sessions.filter((s) => s.memberId === member.id),
        passkeys: passkeys.filter((p) => p.memberId === member.id),
      }));
    },

    async recordPasskey(p) {
      await run(
        `INSERT INTO console_passkeys (id, member_id, public_key, counter, transports, base, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [p.id, p.memberId, p.publicKey, p.counter, JSON.stringify(p.transports), p.base, p.label, p.createdAt, p.lastUsedAt],
      );
    },

    async passkey(id) {
      const [row] = await driver.query('SELECT * FROM console_passkeys WHERE id = ?', [id]);
      return row && toPasskey(row);
    },

    async passkeysOf(memberId) {
      return (await driver.query('SELECT * FROM console_passkeys WHERE member_id = ? ORDER BY created_at, id', [memberId])).map(toPasskey);
    },

    async usePasskey(id, counter, newCounter, at) {
      return (await run('UPDATE console_passkeys SET counter = ?, last_used_at = ? WHERE id = ? AND counter = ?', [newCounter, at, id, counter])) === 1;
    },

    async removePasskey(id) {
      const [row] = await driver.query('SELECT * FROM console_passkeys WHERE id = ?', [id]);
      if (!row || (await run('DELETE FROM console_passkeys WHERE id = ?', [id])) !== 1) return undefined;
      return toPasskey(row);
    },

    async recordChallenge(c: ChallengeRecord, now) {
      await driver.batch([
        { sql: 'DELETE FROM console_challenges WHERE expires_at <= ?', args: [now] },
        {
          sql: 'INSERT INTO console_challenges (challenge, purpose, member_id, origin, expires_at) VALUES (?, ?, ?, ?, ?)',
          args: [c.challenge, c.purpose, c.memberId, c.origin, c.expiresAt],
        },
      ]);
    },

    async takeChallenge(challenge, now) {
      const [row] = await driver.query('SELECT * FROM console_challenges WHERE challenge = ?', [challenge]);
      // Whoever deletes it has it: a second answer to the same challenge finds nothing.
      if (!row || (await run('DELETE FROM console_challenges WHERE challenge = ?', [challenge])) !== 1 || Number(row.expires_at) <= now) return undefined;
      return {
        challenge: String(row.challenge),
        purpose: row.purpose === 'register' ? 'register' : 'signin',
        memberId: text(row.member_id),
        origin: String(row.origin),
        expiresAt: Number(row.expires_at),
      };
    },

    async recordAudit(e) {
      await run('INSERT INTO console_audit (at, member_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)', [e.at, e.memberId, e.action, e.subject, e.detail]);
    },

    async audit({ before, limit }) {
      const rows = before === undefined
        ? await driver.query('SELECT * FROM console_audit ORDER BY seq DESC LIMIT ?', [limit])
        : await driver.query('SELECT * FROM console_audit WHERE seq < ? ORDER BY seq DESC LIMIT ?', [before, limit]);
      return rows.map(
        (r): AuditRecord => ({
          seq: Number(r.seq),
          at: Number(r.at),
          memberId: text(r.member_id),
          action: String(r.action) as AuditRecord['action'],
          subject: text(r.subject),
          detail: text(r.detail),
        }),
      );
    },
  };
}

/**
 * Workers' directory objects, in SQL over any driver (so that Node tests it too): `DIRECTORY_SCHEMA`, then each step of
 * `DIRECTORY_MIGRATIONS` not yet run, in one transaction with what it fills in: the time and link of each event and
 * bill the feed took before it kept them, from their JSON.
 */
export async function migrateDirectory(driver: SqlDriver): Promise<void> {
  await driver.batch(DIRECTORY_SCHEMA.map((sql) => ({ sql })));
  for (const step of DIRECTORY_MIGRATIONS) {
    const [row] = await driver.query(`SELECT v FROM meta WHERE k = 'directory'`);
    if (Number(row?.v ?? 0) >= step.to) continue;
    const fill: Statement[] = [];
    if (step.to === 1) {
      for (const e of await driver.query('SELECT seq, body FROM feed')) {
        const t = Date.parse((JSON.parse(String(e.body)) as PaymentEvent).created);
        if (!Number.isNaN(t)) fill.push({ sql: 'UPDATE feed SET created_at = ? WHERE seq = ?', args: [t, e.seq] });
      }
      for (const b of await driver.query('SELECT seq, body FROM bill_index')) {
        const bill = JSON.parse(String(b.body)) as BillSummary;
        fill.push({ sql: 'UPDATE bill_index SET created_at = ?, link_id = ? WHERE seq = ?', args: [Date.parse(bill.createdAt), bill.link, b.seq] });
      }
    }
    await driver.batch([
      ...step.statements.map((sql) => ({ sql })),
      ...fill,
      { sql: `INSERT INTO meta (k, v) VALUES ('directory', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, args: [String(step.to)] },
    ]);
  }
}

/**
 * The WHERE of a bill listing, made of the filters given (each with its own parameter), over a table with the bills'
 * column names (the ledger's bills, a Workers feed's bill index); `seq` is the column that orders it.
 */
export function billWhere({ ref1, status, q, from, to, before }: BillFilter, seq: string): { where: string; args: SqlValue[] } {
  const where: string[] = [];
  const args: SqlValue[] = [];
  const filter = (sql: string, ...values: SqlValue[]) => (where.push(sql), args.push(...values));
  if (ref1 !== undefined) filter('ref1 = ?', ref1);
  if (status !== undefined) filter('status = ?', status);
  if (q !== undefined) filter('(ref1 = ? OR id = ? OR link_id = ?)', q, q, q);
  if (from !== undefined) filter('created_at >= ?', from);
  if (to !== undefined) filter('created_at < ?', to);
  if (before !== undefined) filter(`${seq} < ?`, before);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** `Ledger.eventsBetween` over a table of events (the ledger's own, a Workers feed). */
export async function eventsIn(driver: SqlDriver, table: string, from: number, to: number, { after, limit }: { after?: number; limit: number }) {
  const rows =
    after === undefined
      ? await driver.query(`SELECT seq, body FROM ${table} WHERE created_at >= ? AND created_at < ? ORDER BY seq DESC LIMIT ?`, [from, to, limit])
      : (await driver.query(`SELECT seq, body FROM ${table} WHERE created_at >= ? AND created_at < ? AND seq > ? ORDER BY seq LIMIT ?`, [from, to, after, limit])).reverse();
  return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.body)) as PaymentEvent }));
}

/** `Ledger.paidTotals` over a table of events. The amounts are in each event's JSON, which SQL leaves to TypeScript. */
export async function paidIn(driver: SqlDriver, table: string, from: number, to: number) {
  const rows = await driver.query(`SELECT body FROM ${table} WHERE type = 'payment.paid' AND created_at >= ? AND created_at < ?`, [from, to]);
  const sum = rows.reduce((total, r) => total + Number((JSON.parse(String(r.body)) as PaymentEvent).data.amount), 0);
  // Baht with satang: a float sum of many x.50s would grow a tail.
  return { count: rows.length, sum: Math.round(sum * 100) / 100 };
}

/**
 * `Ledger.webhookTrouble` over the rows of undelivered failures in a table (the ledger's deliveries, or a Workers
 * feed's copy of them): those `where` picks, given up where `gaveUp` holds, the latest by `latest`.
 */
export async function troubleOf(driver: SqlDriver, { table, where, gaveUp, latest }: { table: string; where: string; gaveUp: string; latest: string }) {
  const rows = await driver.query(
    `SELECT endpoint, SUM(CASE WHEN ${gaveUp} THEN 0 ELSE 1 END) AS failing, SUM(CASE WHEN ${gaveUp} THEN 1 ELSE 0 END) AS gave_up
     FROM ${table} WHERE ${where} GROUP BY endpoint ORDER BY endpoint`,
  );
  return Promise.all(
    rows.map(async (r) => {
      const [last] = await driver.query(`SELECT last_error FROM ${table} WHERE endpoint = ? AND ${where} ORDER BY ${latest} DESC LIMIT 1`, [String(r.endpoint)]);
      return { endpoint: String(r.endpoint), failing: Number(r.failing), gaveUp: Number(r.gave_up), lastError: text(last?.last_error ?? null) };
    }),
  );
}

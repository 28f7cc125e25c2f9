/**
 * The ledger in SQL, over any SQLite driver. Every write that several instances may race on is one conditional
 * statement (or one atomic batch), so that the engines need no locks of their own: SQLite decides who wins.
 */
import type { PaidPayment, PaymentEvent } from '../../contract/http.ts';
import type { BillRecord, BillStatus, Ledger, NewBill } from './ledger.ts';
import { SCHEMA } from './schema.ts';

export type SqlValue = string | number | null;
export interface Statement {
  sql: string;
  args?: SqlValue[];
}

/** What an engine provides: queries, and an atomic batch of writes. */
export interface SqlDriver {
  query(sql: string, args?: SqlValue[]): Promise<Record<string, SqlValue>[]>;
  /** Runs the statements in one transaction; returns how many rows each changed. */
  batch(statements: Statement[]): Promise<number[]>;
}

export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.batch(SCHEMA.map((sql) => ({ sql })));
}

const num = (v: SqlValue) => (v === null ? null : Number(v));

function toBill(row: Record<string, SqlValue>): BillRecord {
  return {
    id: String(row.id),
    ref1: String(row.ref1),
    amount: Number(row.amount),
    expiresAt: Number(row.expires_at),
    orderKey: row.order_key === null ? null : String(row.order_key),
    sandbox: Number(row.sandbox) === 1,
    clientIp: String(row.client_ip),
    createdAt: Number(row.created_at),
    status: row.status as BillStatus,
    checkedAt: num(row.checked_at),
    lastAnswer: row.last_answer === null ? null : String(row.last_answer),
    nextCheckAt: Number(row.next_check_at),
    paid: row.paid === null ? null : (JSON.parse(String(row.paid)) as PaidPayment),
  };
}

/** Ends an order's claim; also run with the statement that records the order's bill, in its transaction. */
export const RELEASE_ORDER_SQL = 'DELETE FROM order_claims WHERE order_key = ?';

export function sqlLedger(driver: SqlDriver): Ledger {
  const run = async (sql: string, args: SqlValue[]) => (await driver.batch([{ sql, args }]))[0];
  return {
    async recordBill(b: NewBill) {
      await driver.batch([
        {
          sql: `INSERT INTO bills (id, ref1, amount, expires_at, order_key, sandbox, client_ip, created_at, next_check_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          args: [b.id, b.ref1, b.amount, b.expiresAt, b.orderKey, b.sandbox ? 1 : 0, b.clientIp, b.createdAt, b.nextCheckAt],
        },
        ...(b.orderKey === null ? [] : [{ sql: RELEASE_ORDER_SQL, args: [b.orderKey] }]),
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
        `UPDATE bills SET checked_at = ? WHERE id = ? AND status = 'pending' AND (checked_at IS NULL OR checked_at <= ?)`,
        [now, id, now - gapMs],
      );
      return changed === 1;
    },

    async recordCheck(id, answer, nextCheckAt, status) {
      await run(
        `UPDATE bills SET last_answer = ?, next_check_at = ?, status = CASE WHEN status = 'pending' THEN ? ELSE status END
         WHERE id = ?`,
        [answer, nextCheckAt, status ?? 'pending', id],
      );
    },

    async recordPaid(id, paid, event: PaymentEvent, deliverAt) {
      await driver.batch([
        {
          sql: `UPDATE bills SET status = 'paid', paid = ?, last_answer = 'paid' WHERE id = ? AND paid IS NULL`,
          args: [JSON.stringify(paid), id],
        },
        {
          sql: `INSERT INTO events (id, body, next_attempt_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          args: [id, JSON.stringify(event), deliverAt],
        },
      ]);
      const [row] = await driver.query('SELECT paid FROM bills WHERE id = ?', [id]);
      return JSON.parse(String(row.paid)) as PaidPayment;
    },

    async expireNow(id, now) {
      await run(`UPDATE bills SET expires_at = MIN(expires_at, ?) WHERE id = ?`, [now - 1000, id]);
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
        `SELECT id FROM events WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
        [now, limit],
      );
      return rows.map((r) => String(r.id));
    },

    async claimDelivery(id, now, leaseMs) {
      const changed = await run(
        `UPDATE events SET next_attempt_at = ?, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?)
         WHERE id = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`,
        [now + leaseMs, now, id, now],
      );
      if (changed !== 1) return undefined;
      const [row] = await driver.query('SELECT body, attempts, first_attempt_at FROM events WHERE id = ?', [id]);
      return { event: JSON.parse(String(row.body)), attempt: Number(row.attempts), firstAttemptAt: Number(row.first_attempt_at) };
    },

    async recordDelivery(id, outcome) {
      if ('deliveredAt' in outcome) {
        await run(`UPDATE events SET delivered_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?`, [outcome.deliveredAt, id]);
      } else {
        await run(`UPDATE events SET next_attempt_at = ?, last_error = ? WHERE id = ?`, [outcome.nextAttemptAt, outcome.error, id]);
      }
    },

    async events(after, limit) {
      const rows = await driver.query('SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [after, limit]);
      return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.body)) as PaymentEvent }));
    },

    async redeliver(id, now) {
      const changed = await run(
        `UPDATE events SET next_attempt_at = ?, attempts = 0, first_attempt_at = NULL, delivered_at = NULL, last_error = NULL
         WHERE id = ?`,
        [now, id],
      );
      return changed === 1;
    },

    async nextWake() {
      const [row] = await driver.query(
        `SELECT MIN(t) AS t FROM (
           SELECT MIN(next_check_at) AS t FROM bills WHERE status = 'pending'
           UNION ALL SELECT MIN(next_attempt_at) FROM events WHERE next_attempt_at IS NOT NULL)`,
      );
      return num(row?.t ?? null);
    },
  };
}

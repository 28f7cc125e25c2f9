/**
 * The Workers engine: the ledger in a SQLite-backed Durable Object, the one writer of its money facts for every
 * isolate in every location, with an alarm set to the next thing due (a check of a pending bill, a webhook attempt)
 * so that work survives evictions and restarts. Isolates reach it through `durableLedger`, one RPC per ledger call.
 */
import { DurableObject, type DurableObjectState, type DurableObjectStorage } from 'cloudflare:workers';
import type { Ledger } from './ledger.ts';
import { migrate, sqlLedger, type SqlDriver } from './sql-ledger.ts';

/** Every ledger method, so the RPC front and the object agree on what may be called. */
const METHODS = [
  'recordBill',
  'bill',
  'billForOrder',
  'claimCheck',
  'recordCheck',
  'recordPaid',
  'expireNow',
  'dueChecks',
  'dueDeliveries',
  'claimDelivery',
  'recordDelivery',
  'events',
  'redeliver',
  'nextWake',
] as const satisfies readonly (keyof Ledger)[];
type Method = (typeof METHODS)[number];

/** The calls that change nothing, after which the alarm needs no new time. */
const READS: readonly Method[] = ['bill', 'billForOrder', 'dueChecks', 'dueDeliveries', 'events', 'nextWake'];

function storageDriver(storage: DurableObjectStorage): SqlDriver {
  return {
    async query(sql, args = []) {
      return storage.sql.exec(sql, ...args).toArray();
    },
    // Statements in one transactionSync commit together; changes() counts the rows each one changed.
    async batch(statements) {
      return storage.transactionSync(() =>
        statements.map((s) => {
          storage.sql.exec(s.sql, ...(s.args ?? []));
          return Number(storage.sql.exec('SELECT changes() AS n').one().n);
        }),
      );
    },
  };
}

export abstract class LedgerObject<Env = unknown> extends DurableObject<Env> {
  protected readonly ledger: Ledger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const driver = storageDriver(ctx.storage);
    ctx.blockConcurrencyWhile(() => migrate(driver));
    this.ledger = sqlLedger(driver);
  }

  /** One ledger call, by RPC; after a write, the alarm follows whatever is due next. */
  async call(method: Method, args: unknown[]): Promise<unknown> {
    if (!METHODS.includes(method)) throw new TypeError(`no ledger method ${method}`);
    const result = await (this.ledger[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    if (!READS.includes(method)) await this.followDue();
    return result;
  }

  async alarm(): Promise<void> {
    await this.runDue();
    await this.followDue();
  }

  /** Checks the pending bills and sends the webhooks that are due, with this object's ledger. */
  protected abstract runDue(): Promise<void>;

  private async followDue(): Promise<void> {
    const at = await this.ledger.nextWake();
    const storage = this.ctx.storage;
    if (at === null) return storage.deleteAlarm();
    const next = Math.max(at, Date.now());
    if ((await storage.getAlarm()) !== next) await storage.setAlarm(next);
  }
}

/** What a Worker's env holds for the binding (typed loosely: RPC stubs are generated at run time). */
export interface LedgerNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { call(method: Method, args: unknown[]): Promise<unknown> };
}

/** The ledger as the Worker's isolates see it: every call goes to the one Durable Object named "ledger". */
export function durableLedger(namespace: LedgerNamespace): Ledger {
  const stub = () => namespace.get(namespace.idFromName('ledger'));
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => stub().call(m, args)])) as unknown as Ledger;
}

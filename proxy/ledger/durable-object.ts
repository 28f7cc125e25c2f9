/**
 * The Workers engine: the ledger in SQLite-backed Durable Objects, one per bill (`bill:<id_pay>`), the single writer
 * of that bill's facts, with an alarm set to the next thing due for it (a check while it is pending, a webhook
 * attempt) so that work survives evictions and restarts. Directory objects sit beside them: one per order
 * (`order:<ref1 and amount>`), listing its bills and holding the claim of whoever creates the next one; one per pay link
 * (`link:<id>`), holding the link, its buyers' orders with the places they hold (so that a limit is kept by one
 * writer), and the list of its bills; one feed (`feed`) that orders every event for the events API and indexes bills
 * and links for lookups; and one `console` holding the console's members, invites, sessions, passkeys and audit list.
 * Isolates reach them through `durableLedger`, one RPC per call; every object is the same class.
 */
import { DurableObject, type DurableObjectState, type DurableObjectStorage } from 'cloudflare:workers';
import type { BillSummary, PaymentEvent, PaymentEventType } from '../../contract/http.ts';
import {
  billOfEvent,
  summaryOf,
  type BillFilter,
  type BillRecord,
  type ConsoleLedger,
  type DeliveryRef,
  type Ledger,
  type LinkRecord,
  type NewBill,
  type WebhookTrouble,
} from './ledger.ts';
import {
  billWhere,
  eventsIn,
  HOLD_FOR_BILL_SQL,
  migrate,
  migrateDirectory,
  paidIn,
  RELEASE_ORDER_SQL,
  SELL_LINK_ORDER_SQL,
  sqlLedger,
  troubleOf,
  type SqlDriver,
} from './sql-ledger.ts';
import { SQLITE } from './dialect.ts';

/** The ledger calls that concern one bill, and so go to that bill's object. */
const BILL_METHODS = [
  'recordBill',
  'bill',
  'claimCheck',
  'recordCheck',
  'recordPaid',
  'recordUnpaid',
  'expireNow',
  'claimDelivery',
  'recordDelivery',
  'redeliver',
  'billHistory',
  'recordResolution',
  // A link's object holds the link and its orders (a bill's object, its bill): the same calls, to another object.
  'recordLink',
  'link',
  'disableLink',
  'placeLinkOrder',
  'holdLinkOrder',
  'linkOrder',
  'buyerOrder',
  'linkStock',
] as const satisfies readonly (keyof Ledger)[];
type BillMethod = (typeof BILL_METHODS)[number];

/** The calls that change nothing, after which the alarm needs no new time. */
const READS: readonly BillMethod[] = ['bill', 'link', 'billHistory', 'linkOrder', 'buyerOrder', 'linkStock'];

/**
 * The calls that change what the feed indexes of the bill: what the merchant's lookups show, and its deliveries that
 * failed (a redelivery starts them afresh).
 */
const SUMMARY_CHANGES: readonly BillMethod[] = ['recordBill', 'recordPaid', 'recordUnpaid', 'expireNow', 'recordResolution', 'redeliver', 'recordDelivery'];

/** The console's calls, which go to its one object. */
const CONSOLE_METHODS = [
  'recordInvite',
  'redeemInvite',
  'consoleBases',
  'session',
  'recordSession',
  'touchSession',
  'revokeSession',
  'revokeMember',
  'consoleMembers',
  'recordPasskey',
  'passkey',
  'passkeysOf',
  'usePasskey',
  'removePasskey',
  'recordChallenge',
  'takeChallenge',
  'recordAudit',
  'audit',
] as const satisfies readonly (keyof ConsoleLedger)[];
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];

/** A bill's delivery that failed and is not delivered, as its object sends it to the feed. */
export interface DeliveryTrouble {
  eventId: string;
  endpoint: string;
  gaveUp: boolean;
  lastError: string | null;
  /** Its first attempt, which orders an endpoint's troubles for its latest error. */
  at: number;
}

/** How long a bill's object waits before trying again to publish its event to the feed. */
const PUBLISH_RETRY_MS = 5_000;

function storageDriver(storage: DurableObjectStorage): SqlDriver {
  return {
    dialect: SQLITE,
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

/** What a bill's object is told with each call: where its events are published. */
export interface BillScope {
  feed: string;
}

/** The RPC surface of a ledger object, as the isolates see it. */
export interface LedgerStub {
  call(method: BillMethod, args: unknown[], scope: BillScope): Promise<unknown>;
  /** A call of the console's ledger, in the `console` object. */
  consoleCall(method: ConsoleMethod, args: unknown[]): Promise<unknown>;
  orderAdd(orderKey: string, billId: string, createdAt: number): Promise<void>;
  orderBills(): Promise<string[]>;
  orderClaim(orderKey: string, now: number, leaseMs: number): Promise<boolean>;
  orderRelease(orderKey: string): Promise<void>;
  /** A link's object: a bill made for the link (for its order, if a shop link's, whose place it holds until it expires). */
  linkBillAdd(orderKey: string | null, billId: string, createdAt: number, expiresAt: number): Promise<void>;
  /** A link's object: its bills' ids, newest first. */
  linkBills(limit: number): Promise<string[]>;
  /** A link's object: the order whose bill was paid is sold. */
  linkSold(orderKey: string): Promise<void>;
  feedAppend(event: PaymentEvent): Promise<void>;
  feedRead(after: number, limit: number, type?: PaymentEventType): Promise<{ seq: number; event: PaymentEvent }[]>;
  /**
   * A bill's summary and failed deliveries as its object last sent them (`rev` grows with each change, so a late
   * arrival changes nothing).
   */
  feedIndex(bill: BillSummary, rev: number, troubles: DeliveryTrouble[]): Promise<void>;
  feedBills(filter: BillFilter): Promise<{ seq: number; bill: BillSummary }[]>;
  feedBetween(from: number, to: number, page: { after?: number; limit: number }): Promise<{ seq: number; event: PaymentEvent }[]>;
  feedPaidTotals(from: number, to: number): Promise<{ count: number; sum: number }>;
  feedTrouble(): Promise<WebhookTrouble[]>;
  /** A link made, for the console's list (each link's facts stay in its own object). */
  feedLinkAdd(id: string, createdAt: number): Promise<void>;
  feedLinks(filter: { before?: { createdAt: number; id: string }; limit: number }): Promise<string[]>;
  /** Throws unless this object can write its storage. */
  probe(): Promise<void>;
}

/** What a Worker's env holds for the binding (typed loosely: RPC stubs are generated at run time). */
export interface LedgerNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): LedgerStub;
}

export abstract class LedgerObject<Env = unknown> extends DurableObject<Env> implements LedgerStub {
  /** This object's own ledger: one bill's row and its event, when the object is a bill's. */
  protected readonly ledger: Ledger;
  private readonly driver: SqlDriver;
  /** The feed this bill's object last stored, so that a call writes it only when it changes. */
  private feed?: string;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.driver = storageDriver(ctx.storage);
    ctx.blockConcurrencyWhile(async () => {
      await migrate(this.driver);
      await migrateDirectory(this.driver);
    });
    this.ledger = sqlLedger(this.driver);
  }

  /** The object that holds a name's ledger role, for publishing to the feed. */
  protected abstract objectNamed(name: string): LedgerStub;

  /** Checks this bill if due and sends its webhook if due, with this object's ledger. */
  protected abstract runDue(): Promise<void>;

  // --- a bill's object -------------------------------------------------------------------------------------------

  async call(method: BillMethod, args: unknown[], scope: BillScope): Promise<unknown> {
    if (!BILL_METHODS.includes(method)) throw new TypeError(`no ledger method ${method}`);
    // Kept in storage for the alarm, which runs with no caller to say; written once, not on every call.
    if (scope.feed !== this.feed) {
      await this.driver.batch([{ sql: `INSERT INTO meta (k, v) VALUES ('feed', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, args: [scope.feed] }]);
      this.feed = scope.feed;
    }
    const result = await (this.ledger[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    if (SUMMARY_CHANGES.includes(method)) await this.setMeta('index_rev', (await this.meta('index_rev')) + 1);
    if (method === 'recordPaid' || method === 'recordUnpaid' || SUMMARY_CHANGES.includes(method)) await this.publish();
    if (!READS.includes(method)) await this.followDue();
    return result;
  }

  private async meta(k: string): Promise<number> {
    const [row] = await this.driver.query('SELECT v FROM meta WHERE k = ?', [k]);
    return row ? Number(row.v) : 0;
  }

  private async setMeta(k: string, v: number): Promise<void> {
    await this.driver.batch([{ sql: 'INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', args: [k, String(v)] }]);
  }

  /** Whether this bill has changed since the feed last took its summary. */
  private async indexBehind(): Promise<boolean> {
    return (await this.meta('index_rev')) > (await this.meta('indexed_rev'));
  }

  async alarm(): Promise<void> {
    await this.publish();
    // The due work writes through this object's own ledger, not `call`: what it changes of the index is sent from here.
    const before = await this.indexed();
    await this.runDue();
    if ((await this.indexed()) !== before) await this.setMeta('index_rev', (await this.meta('index_rev')) + 1);
    await this.publish();
    await this.followDue();
  }

  /** What the feed indexes of this bill, as text to compare; empty for an object that holds no bill. */
  private async indexed(): Promise<string> {
    const [bill] = await this.driver.query('SELECT id FROM bills LIMIT 1');
    return bill ? JSON.stringify([summaryOf((await this.ledger.bill(String(bill.id)))!), await this.troubles()]) : '';
  }

  /** This bill's deliveries that failed and are not delivered. */
  private async troubles(): Promise<DeliveryTrouble[]> {
    const rows = await this.driver.query(
      'SELECT event_id, endpoint, next_attempt_at, last_error, first_attempt_at FROM deliveries WHERE delivered_at IS NULL AND last_error IS NOT NULL ORDER BY event_id, endpoint',
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      endpoint: String(r.endpoint),
      gaveUp: r.next_attempt_at === null,
      lastError: r.last_error === null ? null : String(r.last_error),
      at: Number(r.first_attempt_at ?? 0),
    }));
  }

  /** The paid bill of a shop link's order whose link's object has not yet been told it is sold: its link and order key. */
  private async untoldSale(): Promise<{ link: string; orderKey: string } | undefined> {
    const [row] = await this.driver.query(`SELECT link_id, order_key FROM bills WHERE status = 'paid' AND link_id IS NOT NULL AND order_key IS NOT NULL`);
    if (!row || String(row.order_key).split(':').length !== 3 || (await this.meta('sale_told')) === 1) return undefined;
    return { link: String(row.link_id), orderKey: String(row.order_key) };
  }

  /**
   * Hands the feed this bill's events, in order, and its summary when it changed, and tells a shop link's object that
   * its order is sold; the alarm tries again if one does not answer.
   */
  private async publish(): Promise<void> {
    const rows = await this.driver.query('SELECT id, body FROM events WHERE published = 0 ORDER BY seq');
    const behind = await this.indexBehind();
    const sale = await this.untoldSale();
    if (rows.length === 0 && !behind && !sale) return;
    const [feedName] = await this.driver.query(`SELECT v FROM meta WHERE k = 'feed'`);
    if (sale) {
      // Objects are named under the same prefix as the feed (`<prefix>feed`).
      const prefix = String(feedName.v).slice(0, -'feed'.length);
      try {
        await this.objectNamed(`${prefix}link:${sale.link}`).linkSold(sale.orderKey);
        await this.setMeta('sale_told', 1);
      } catch {
        // told on the next try
      }
    }
    const feed = this.objectNamed(String(feedName.v));
    for (const row of rows) {
      try {
        await feed.feedAppend(JSON.parse(String(row.body)));
      } catch {
        return;
      }
      await this.driver.batch([{ sql: 'UPDATE events SET published = 1 WHERE id = ?', args: [row.id] }]);
    }
    const [bill] = await this.driver.query('SELECT * FROM bills LIMIT 1');
    if (!behind || !bill) return;
    const rev = await this.meta('index_rev');
    try {
      await feed.feedIndex(summaryOf((await this.ledger.bill(String(bill.id)))!), rev, await this.troubles());
    } catch {
      return;
    }
    await this.setMeta('indexed_rev', rev);
  }

  private async followDue(): Promise<void> {
    const [unpublished] = await this.driver.query('SELECT 1 AS x FROM events WHERE published = 0');
    const [bill] = await this.driver.query('SELECT 1 AS x FROM bills LIMIT 1');
    const retry = unpublished || (bill && (await this.indexBehind())) || (await this.untoldSale()) ? Date.now() + PUBLISH_RETRY_MS : null;
    const due = await this.ledger.nextWake();
    const at = due === null ? retry : retry === null ? due : Math.min(due, retry);
    const storage = this.ctx.storage;
    if (at === null) return storage.deleteAlarm();
    const next = Math.max(at, Date.now());
    if ((await storage.getAlarm()) !== next) await storage.setAlarm(next);
  }

  // --- the console's object -------------------------------------------------------------------------------------

  async consoleCall(method: ConsoleMethod, args: unknown[]): Promise<unknown> {
    if (!CONSOLE_METHODS.includes(method)) throw new TypeError(`no console ledger method ${method}`);
    return (this.ledger[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  }

  // --- an order's object -----------------------------------------------------------------------------------------

  async orderAdd(orderKey: string, billId: string, createdAt: number): Promise<void> {
    await this.driver.batch([
      { sql: 'INSERT INTO order_bills (bill_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING', args: [billId, createdAt] },
      { sql: RELEASE_ORDER_SQL, args: [orderKey] },
    ]);
  }

  async orderBills(): Promise<string[]> {
    return (await this.driver.query('SELECT bill_id FROM order_bills ORDER BY created_at DESC')).map((r) => String(r.bill_id));
  }

  orderClaim(orderKey: string, now: number, leaseMs: number): Promise<boolean> {
    return this.ledger.claimOrder(orderKey, now, leaseMs);
  }

  orderRelease(orderKey: string): Promise<void> {
    return this.ledger.releaseOrder(orderKey);
  }

  // --- a link's object: besides the link and its orders (`call`) ------------------------------------------------

  async linkBillAdd(orderKey: string | null, billId: string, createdAt: number, expiresAt: number): Promise<void> {
    await this.driver.batch([
      { sql: 'INSERT INTO link_bills (bill_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING', args: [billId, createdAt] },
      ...(orderKey === null ? [] : [{ sql: HOLD_FOR_BILL_SQL, args: [expiresAt, expiresAt, orderKey] }]),
    ]);
  }

  async linkBills(limit: number): Promise<string[]> {
    return (await this.driver.query('SELECT bill_id FROM link_bills ORDER BY created_at DESC LIMIT ?', [limit])).map((r) => String(r.bill_id));
  }

  async linkSold(orderKey: string): Promise<void> {
    await this.driver.batch([{ sql: SELL_LINK_ORDER_SQL, args: [orderKey] }]);
  }

  // --- the feed --------------------------------------------------------------------------------------------------

  async feedAppend(event: PaymentEvent): Promise<void> {
    const t = Date.parse(event.created);
    await this.driver.batch([
      {
        sql: 'INSERT INTO feed (id, type, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
        args: [event.id, event.type, JSON.stringify(event), Number.isNaN(t) ? null : t],
      },
    ]);
  }

  async feedRead(after: number, limit: number, type?: PaymentEventType): Promise<{ seq: number; event: PaymentEvent }[]> {
    const rows = type
      ? await this.driver.query('SELECT seq, body FROM feed WHERE type = ? AND seq > ? ORDER BY seq LIMIT ?', [type, after, limit])
      : await this.driver.query('SELECT seq, body FROM feed WHERE seq > ? ORDER BY seq LIMIT ?', [after, limit]);
    return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.body)) as PaymentEvent }));
  }

  async feedIndex(bill: BillSummary, rev: number, troubles: DeliveryTrouble[]): Promise<void> {
    // The troubles are replaced only by the summary's own revision: a late arrival changes neither.
    const current = `EXISTS (SELECT 1 FROM bill_index WHERE id = ? AND rev = ?)`;
    await this.driver.batch([
      {
        sql: `INSERT INTO bill_index (id, ref1, status, rev, body, created_at, link_id) VALUES (?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE SET status = excluded.status, rev = excluded.rev, body = excluded.body,
                created_at = excluded.created_at, link_id = excluded.link_id
              WHERE excluded.rev > bill_index.rev`,
        args: [bill.id, bill.ref1, bill.status, rev, JSON.stringify(bill), Date.parse(bill.createdAt), bill.link],
      },
      { sql: `DELETE FROM delivery_trouble WHERE bill_id = ? AND ${current}`, args: [bill.id, bill.id, rev] },
      ...troubles.map((t) => ({
        sql: `INSERT INTO delivery_trouble (event_id, endpoint, bill_id, gave_up, last_error, at) SELECT ?, ?, ?, ?, ?, ? WHERE ${current}
              ON CONFLICT DO NOTHING`,
        args: [t.eventId, t.endpoint, bill.id, t.gaveUp ? 1 : 0, t.lastError, t.at, bill.id, rev],
      })),
    ]);
  }

  async feedBills(filter: BillFilter): Promise<{ seq: number; bill: BillSummary }[]> {
    const { where, args } = billWhere(filter, 'seq');
    const rows = await this.driver.query(`SELECT seq, body FROM bill_index ${where} ORDER BY seq DESC LIMIT ?`, [...args, filter.limit]);
    return rows.map((r) => ({ seq: Number(r.seq), bill: JSON.parse(String(r.body)) as BillSummary }));
  }

  feedBetween(from: number, to: number, page: { after?: number; limit: number }): Promise<{ seq: number; event: PaymentEvent }[]> {
    return eventsIn(this.driver, 'feed', from, to, page);
  }

  feedPaidTotals(from: number, to: number): Promise<{ count: number; sum: number }> {
    return paidIn(this.driver, 'feed', from, to);
  }

  feedTrouble(): Promise<WebhookTrouble[]> {
    // Every row is a failure not delivered: the bills' objects send only those.
    return troubleOf(this.driver, { table: 'delivery_trouble', where: 'last_error IS NOT NULL', gaveUp: 'gave_up = 1', latest: 'at' });
  }

  async feedLinkAdd(id: string, createdAt: number): Promise<void> {
    await this.driver.batch([{ sql: 'INSERT INTO link_index (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', args: [id, createdAt] }]);
  }

  async feedLinks({ before, limit }: { before?: { createdAt: number; id: string }; limit: number }): Promise<string[]> {
    const rows = before
      ? await this.driver.query('SELECT id FROM link_index WHERE created_at < ? OR (created_at = ? AND id < ?) ORDER BY created_at DESC, id DESC LIMIT ?', [
          before.createdAt,
          before.createdAt,
          before.id,
          limit,
        ])
      : await this.driver.query('SELECT id FROM link_index ORDER BY created_at DESC, id DESC LIMIT ?', [limit]);
    return rows.map((r) => String(r.id));
  }

  probe(): Promise<void> {
    return this.ledger.probe();
  }
}

/**
 * The ledger as a Worker's isolates see it: each bill's calls go to its own object, orders to theirs, events to the
 * feed. `prefix` keeps several ledgers apart in one namespace (the tests). The calls that scan for due work are
 * answered empty here: on Workers, each bill's object runs its own due work from its alarm.
 */
export function durableLedger(namespace: LedgerNamespace, prefix = ''): Ledger {
  const named = (name: string) => namespace.get(namespace.idFromName(prefix + name));
  const scope: BillScope = { feed: `${prefix}feed` };
  const bill = (id: string) => named(`bill:${id}`);
  const billCall = (method: BillMethod) => (id: string, ...rest: unknown[]) => bill(id).call(method, [id, ...rest], scope);
  async function billsForOrder(orderKey: string): Promise<BillRecord[]> {
    const ids = await named(`order:${orderKey}`).orderBills();
    const rows = (await Promise.all(ids.map((id) => bill(id).call('bill', [id], scope)))) as (BillRecord | undefined)[];
    return rows.filter((r): r is BillRecord => r !== undefined).sort((a, b) => b.createdAt - a.createdAt);
  }
  // A delivery's calls go to the object of the bill whose event it carries.
  const deliveryCall = (method: BillMethod) => (ref: DeliveryRef, ...rest: unknown[]) =>
    bill(billOfEvent(ref.eventId)).call(method, [ref, ...rest], scope);
  const link = (id: string) => named(`link:${id}`);
  const linkCall = (method: BillMethod) => (id: string, ...rest: unknown[]) => link(id).call(method, [id, ...rest], scope);
  return {
    async recordBill(b: NewBill) {
      await bill(b.id).call('recordBill', [b], scope);
      if (b.orderKey !== null) await named(`order:${b.orderKey}`).orderAdd(b.orderKey, b.id, b.createdAt);
      if (b.linkId !== null) await link(b.linkId).linkBillAdd(b.orderKey?.startsWith(`link:${b.linkId}:`) ? b.orderKey : null, b.id, b.createdAt, b.expiresAt);
    },
    bill: billCall('bill') as Ledger['bill'],
    billsForOrder,
    async billForOrder(orderKey) {
      const known = await billsForOrder(orderKey);
      return known.find((r) => r.paid) ?? known[0];
    },
    async recordLink(l) {
      await link(l.id).call('recordLink', [l], scope);
      await named('feed').feedLinkAdd(l.id, l.createdAt);
    },
    link: linkCall('link') as Ledger['link'],
    async listLinks(filter) {
      const ids = await named('feed').feedLinks(filter);
      const links = (await Promise.all(ids.map((id) => link(id).call('link', [id], scope)))) as (LinkRecord | undefined)[];
      return links.filter((l): l is LinkRecord => l !== undefined);
    },
    disableLink: linkCall('disableLink') as Ledger['disableLink'],
    placeLinkOrder: (o, limit, now) => link(o.linkId).call('placeLinkOrder', [o, limit, now], scope) as Promise<boolean>,
    holdLinkOrder: linkCall('holdLinkOrder') as Ledger['holdLinkOrder'],
    linkOrder: linkCall('linkOrder') as Ledger['linkOrder'],
    buyerOrder: linkCall('buyerOrder') as Ledger['buyerOrder'],
    linkStock: linkCall('linkStock') as Ledger['linkStock'],
    async billsForLink(linkId, limit) {
      const ids = await link(linkId).linkBills(limit);
      const rows = (await Promise.all(ids.map((id) => bill(id).call('bill', [id], scope)))) as (BillRecord | undefined)[];
      return rows.filter((r): r is BillRecord => r !== undefined);
    },
    claimOrder: (orderKey, now, leaseMs) => named(`order:${orderKey}`).orderClaim(orderKey, now, leaseMs),
    releaseOrder: (orderKey) => named(`order:${orderKey}`).orderRelease(orderKey),
    claimCheck: billCall('claimCheck') as Ledger['claimCheck'],
    recordCheck: billCall('recordCheck') as Ledger['recordCheck'],
    recordPaid: billCall('recordPaid') as Ledger['recordPaid'],
    recordUnpaid: billCall('recordUnpaid') as Ledger['recordUnpaid'],
    recordResolution: billCall('recordResolution') as Ledger['recordResolution'],
    billHistory: billCall('billHistory') as Ledger['billHistory'],
    expireNow: billCall('expireNow') as Ledger['expireNow'],
    claimDelivery: deliveryCall('claimDelivery') as Ledger['claimDelivery'],
    recordDelivery: deliveryCall('recordDelivery') as Ledger['recordDelivery'],
    redeliver: (eventId, endpoints, now) => bill(billOfEvent(eventId)).call('redeliver', [eventId, endpoints, now], scope) as ReturnType<Ledger['redeliver']>,
    events: (after, limit, type) => named('feed').feedRead(after, limit, type),
    listBills: (filter) => named('feed').feedBills(filter),
    eventsBetween: (from, to, page) => named('feed').feedBetween(from, to, page),
    paidTotals: (from, to) => named('feed').feedPaidTotals(from, to),
    webhookTrouble: () => named('feed').feedTrouble(),
    ...(Object.fromEntries(CONSOLE_METHODS.map((m) => [m, (...args: unknown[]) => named('console').consoleCall(m, args)])) as unknown as ConsoleLedger),
    probe: () => named('feed').probe(),
    dueChecks: async () => [],
    dueDeliveries: async () => [],
    nextWake: async () => null,
  };
}

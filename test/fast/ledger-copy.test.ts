/**
 * `maemanee-pay migrate --from … --to …`'s copy, between two SQLite ledgers (PostgreSQL's side is in
 * test/node/postgres-migrate.test.ts): the tables it copies are the ones the schema makes, every one of them comes
 * across row for row, and a merge copies nothing twice, not even a table whose rows have no key but their seq.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyLedger } from '../../proxy/ledger/copy.ts';
import { eventId, type Ledger } from '../../proxy/ledger/ledger.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { LEDGER_TABLES } from '../../proxy/ledger/schema.ts';
import type { SqlDriver } from '../../proxy/ledger/sql-ledger.ts';
import { bill, paid, paidEvent, T } from '../contract/ledger-contract.ts';

const quiet = () => {};

/** A row in every table the ledger has, each made by the ledger's own calls. */
async function fill(ledger: Ledger) {
  const outbox = { endpoints: ['https://shop.example/hook'], at: T };
  await ledger.recordLink({
    id: 'shop', amount: 250, description: 'Tee', ref1: 'link-shop', lang: 'th', base: 'https://pay.example.com', createdAt: T, expiresAt: T + 86_400_000, disabledAt: null,
    items: [{ name: 'Tee', price: 250, quantity: 1 }], fields: [{ key: 'name', required: true }], reusable: true, limit: 3,
  });
  assert.ok(await ledger.placeLinkOrder({ id: 'o1', linkId: 'shop', buyer: 'b1', amount: 250, details: { items: [{ name: 'Tee', price: 250, quantity: 1 }], fields: { name: 'Nok' } }, createdAt: T, heldUntil: T + 60_000, sold: false }, 3, T));
  await ledger.recordBill(bill('1', { orderKey: 'link:shop:o1', linkId: 'shop', order: { items: [{ name: 'Tee', price: 250, quantity: 1 }], fields: { name: 'Nok' } } }));
  await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), outbox);
  await ledger.recordBill(bill('2', { createdAt: T + 1 }));
  await ledger.recordUnpaid('2', 'needs_review', { id: eventId('payment.needs_review', '2'), type: 'payment.needs_review', created: 'c', data: { id: '2', ref1: 'r', amount: 50, expiresAt: 'e', sandbox: false, reason: 'lost' } }, outbox);
  await ledger.recordResolution('2', { found: 'not_paid', by: 'merchant', memberId: 'owner', at: T + 5 });
  assert.ok(await ledger.claimOrder('["order-1",50]', T, 60_000));
  await ledger.recordInvite({ tokenHash: 'h1', role: 'owner', name: null, memberId: 'owner', base: 'https://pay.example.com', createdBy: null, createdAt: T, expiresAt: T + 600_000 });
  await ledger.redeemInvite('h1', { id: 's1', secretHash: 'secret-1', label: 'iPhone · Safari', passkey: false, createdAt: T, lastSeenAt: T, expiresAt: T + 1e9 }, T);
  await ledger.recordPasskey({ id: 'k1', memberId: 'owner', publicKey: 'pk', counter: 3, transports: ['internal'], base: 'https://pay.example.com', label: 'iPhone', createdAt: T, lastUsedAt: T + 1 });
  await ledger.recordChallenge({ challenge: 'c1', purpose: 'signin', memberId: null, origin: 'https://pay.example.com', expiresAt: T + 300_000 }, T);
  await ledger.recordAudit({ at: T, memberId: 'owner', action: 'signin.link', subject: 's1', detail: 'iPhone · Safari' });
  await ledger.recordAudit({ at: T + 1, memberId: 'owner', action: 'passkey.added', subject: 'k1', detail: 'iPhone' });
}

/** The tables SQLite's own catalog lists. */
const catalog = async (driver: SqlDriver) =>
  (await driver.query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).map((r) => String(r.name));

/** A table's rows, every column, in one order. */
async function rows(driver: SqlDriver, table: string) {
  const [first] = await driver.query(`SELECT * FROM ${table} LIMIT 1`);
  return first ? driver.query(`SELECT * FROM ${table} ORDER BY ${Object.keys(first).join(', ')}`) : [];
}

test("the tables migrate copies are the ones the schema makes, as SQLite's catalog lists them", async () => {
  const ledger = await openSqliteLedger(':memory:', { log: quiet });
  try {
    assert.deepEqual(await catalog(ledger.driver), [...LEDGER_TABLES].sort());
  } finally {
    ledger.close();
  }
});

test('every table comes across row for row, seq and all, each counted; meta stays each ledger\'s own', async () => {
  const [from, to] = [await openSqliteLedger(':memory:', { log: quiet }), await openSqliteLedger(':memory:', { log: quiet })];
  try {
    await fill(from);
    const tables = (await catalog(from.driver)).filter((t) => t !== 'meta');
    for (const table of tables) assert.ok((await rows(from.driver, table)).length > 0, `the fixture has no row in ${table}: fill it, so that its copy is checked`);
    const copies = await copyLedger(from.driver, to.driver);
    assert.deepEqual(copies.map((c) => c.table).sort(), tables, 'one count per table');
    for (const c of copies) assert.deepEqual([c.source, c.before, c.copied, c.after], [c.source, 0, c.source, c.source], c.table);
    for (const table of tables) assert.deepEqual(await rows(to.driver, table), await rows(from.driver, table), table);
    assert.deepEqual(await to.linkStock('shop', T), { sold: 1, held: 0 });
    assert.equal((await to.session('secret-1'))?.member.role, 'owner');
    assert.equal((await to.bill('2'))?.resolution?.found, 'not_paid');
  } finally {
    from.close();
    to.close();
  }
});

test('a merge into a ledger that has rows copies each row once, however often it runs: the audit list (keyed by seq alone) too', async () => {
  const [from, to] = [await openSqliteLedger(':memory:', { log: quiet }), await openSqliteLedger(':memory:', { log: quiet })];
  try {
    await fill(from);
    await to.recordAudit({ at: T - 1, memberId: null, action: 'invite.created', subject: 'h0', detail: null });
    await to.recordBill(bill('9', { createdAt: T - 1 }));
    const first = await copyLedger(from.driver, to.driver, { merge: true });
    assert.deepEqual(first.find((c) => c.table === 'console_audit'), { table: 'console_audit', source: 2, before: 1, copied: 2, after: 3 });
    assert.deepEqual(first.find((c) => c.table === 'bills'), { table: 'bills', source: 2, before: 1, copied: 2, after: 3 });
    const second = await copyLedger(from.driver, to.driver, { merge: true });
    assert.deepEqual(second.filter((c) => c.copied > 0), [], 'nothing twice');
    assert.deepEqual((await to.audit({ limit: 10 })).map((e) => e.action), ['passkey.added', 'signin.link', 'invite.created'], "the target's first, the copied after it");
  } finally {
    from.close();
    to.close();
  }
});

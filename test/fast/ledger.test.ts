/**
 * The ledger on SQLite, in this process: the contract every engine keeps, a busy file, a file written by an older
 * release, and a new file private to its owner. Several processes on one file: test/node/ledger.test.ts.
 */
import assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { whileBusy } from '../../proxy/ledger/busy.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { DIRECTORY_MIGRATIONS, SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
import { SQLITE, type SqlValue } from '../../proxy/ledger/dialect.ts';
import { billWhere, eventsIn, migrateDirectory, paidIn, type SqlDriver } from '../../proxy/ledger/sql-ledger.ts';
import type { LogEntry } from '../../proxy/log.ts';
import { ledgerContract } from '../contract/ledger-contract.ts';
import { schema2File } from '../helpers/schema-2-ledger.ts';

const quiet = { log: () => {} };
const modeOf = (path: string) => statSync(path).mode & 0o777;
const newFile = async () => join(await mkdtemp(join(tmpdir(), 'maemanee-ledger-')), 'ledger.sqlite');

for (const c of ledgerContract) {
  test(`ledger contract (SQLite): ${c.name}`, async () => {
    const ledger = await openSqliteLedger(':memory:');
    await c.run(ledger);
    ledger.close();
  });
}

test('opening a ledger file: a step refused with SQLITE_BUSY is tried again, any other error at once, and not forever', async () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  let calls = 0;
  assert.equal(await whileBusy(async () => (++calls < 4 ? Promise.reject(busy) : 'open'), { pauseMs: 1 }), 'open');
  assert.equal(calls, 4);
  calls = 0;
  const other = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
  await assert.rejects(whileBusy(async () => (calls++, Promise.reject(other)), { pauseMs: 1 }), /disk I\/O/);
  assert.equal(calls, 1);
  await assert.rejects(whileBusy(() => Promise.reject(busy), { deadlineMs: 30, pauseMs: 1 }), /locked/);
});

test('a schema-2 ledger file upgrades to the current schema with nothing lost; its links have no base and are plain, its bills a seq and no order, its events no time (no day lists them), no resolution; a newer schema is refused', async () => {
  const path = await schema2File();
  const ledger = await openSqliteLedger(path);
  try {
    const bill = (await ledger.bill('700'))!;
    assert.deepEqual([bill.status, bill.paid?.amount, bill.linkId, bill.ref1, bill.order], ['paid', 45, 'oldLinkAAAAAAAAAAAAAA', 'link-old', null]);
    assert.deepEqual((await ledger.events(0, 10)).map((e) => e.event.id), ['payment.paid:700']);
    assert.deepEqual(await ledger.dueDeliveries(1_800_000_000_000, 10), [{ eventId: 'payment.paid:700', endpoint: 'https://a.example/hook' }]);
    assert.equal(await ledger.claimOrder('["o",1]', 1_800_000_000_000 - 1, 1000), false, 'the order claim survived');
    const old = (await ledger.link('oldLinkAAAAAAAAAAAAAA'))!;
    assert.deepEqual([old.description, old.lang, old.base], ['Old scarf', 'th', null]);
    assert.deepEqual([old.items, old.fields, old.reusable, old.limit], [null, [], false, null], 'a plain link');
    assert.deepEqual(await ledger.linkStock(old.id, 0), { sold: 0, held: 0 });
    await ledger.recordLink({ ...old, id: 'newLinkAAAAAAAAAAAAAA', base: 'https://pay.example.com' });
    assert.equal((await ledger.link('newLinkAAAAAAAAAAAAAA'))?.base, 'https://pay.example.com');
    assert.equal(bill.resolution, null);
    assert.deepEqual(await ledger.eventsBetween(0, Number.MAX_SAFE_INTEGER, { limit: 10 }), [], 'an event from before kept no time');
    assert.deepEqual((await ledger.listBills({ from: bill.createdAt, to: bill.createdAt + 1, limit: 10 })).map((r) => r.bill.id), ['700'], 'its bill is found by the time it was made');
    assert.deepEqual((await ledger.listLinks({ limit: 10 })).map((l) => l.id), ['oldLinkAAAAAAAAAAAAAA', 'newLinkAAAAAAAAAAAAAA'], 'listed (made at the same time: by id)');
    await ledger.recordBill({ ...bill, id: '701', createdAt: bill.createdAt + 1, orderKey: null });
    assert.deepEqual((await ledger.listBills({ limit: 10 })).map((r) => r.bill.id), ['701', '700'], 'newest first, the old bill first in seq');
  } finally {
    ledger.close();
  }
  const client = createClient({ url: `file:${path}` });
  assert.equal((await client.execute(`SELECT v FROM meta WHERE k = 'schema'`)).rows[0].v, String(SCHEMA_VERSION));
  const reopened = await openSqliteLedger(path);
  assert.equal((await reopened.link('newLinkAAAAAAAAAAAAAA'))?.base, 'https://pay.example.com', 'opened again: nothing run twice');
  reopened.close();
  await client.execute({ sql: `UPDATE meta SET v = ? WHERE k = 'schema'`, args: [String(SCHEMA_VERSION + 1)] });
  client.close();
  await assert.rejects(
    openSqliteLedger(path),
    new RegExp(`this ledger has schema ${SCHEMA_VERSION + 1}, newer than this proxy knows \\(${SCHEMA_VERSION}\\): upgrade the proxy`),
  );
});

test("a Workers directory object from before the console: its feed's events and its bill index get their times and links from their JSON, once", async () => {
  const client = createClient({ url: ':memory:' });
  const driver: SqlDriver = {
    dialect: SQLITE,
    query: async (sql, args = []) => (await client.execute({ sql, args })).rows as unknown as Record<string, SqlValue>[],
    batch: async (statements) => (await client.batch(statements.map((st) => ({ sql: st.sql, args: st.args ?? [] })), 'write')).map((r) => r.rowsAffected),
  };
  const paidAt = '2026-11-29T10:00:00.000Z';
  const summary = { id: '700', ref1: 'link-old', amount: 45, status: 'paid', createdAt: '2026-11-29T09:58:00.000Z', expiresAt: paidAt, paidAt, late: false, link: 'oldLink', sandbox: false };
  const event = { id: 'payment.paid:700', type: 'payment.paid', created: paidAt, data: { id: '700', ref1: 'link-old', amount: 45, paidAt, late: false, sandbox: false } };
  // The tables as the first release made them in every object.
  await driver.batch([
    { sql: 'CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)' },
    { sql: 'CREATE TABLE feed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, body TEXT NOT NULL)' },
    { sql: 'CREATE TABLE bill_index (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ref1 TEXT NOT NULL, status TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL)' },
    { sql: 'INSERT INTO feed (id, type, body) VALUES (?, ?, ?)', args: [event.id, event.type, JSON.stringify(event)] },
    { sql: 'INSERT INTO bill_index (id, ref1, status, rev, body) VALUES (?, ?, ?, ?, ?)', args: ['700', 'link-old', 'paid', 3, JSON.stringify(summary)] },
  ]);
  await migrateDirectory(driver);
  await migrateDirectory(driver);
  const day = Date.parse('2026-11-29T00:00:00+07:00');
  assert.deepEqual((await eventsIn(driver, 'feed', day, day + 86_400_000, { limit: 10 })).map((e) => e.event.id), ['payment.paid:700'], 'in its day');
  assert.deepEqual(await paidIn(driver, 'feed', day, day + 86_400_000), { count: 1, sum: 45 });
  const { where, args } = billWhere({ q: 'oldLink', from: day, to: day + 86_400_000, limit: 10 }, 'seq');
  assert.deepEqual((await driver.query(`SELECT id FROM bill_index ${where}`, args)).map((r) => r.id), ['700'], 'found by its link and its day');
  assert.equal((await driver.query(`SELECT v FROM meta WHERE k = 'directory'`))[0].v, String(DIRECTORY_MIGRATIONS.at(-1)!.to));
  client.close();
});

test('a new ledger is private to its owner whatever the umask: its directories 0700, its file 0600, and its journal as its file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'maemanee-h4-'));
  const file = join(root, 'var', 'maemanee', 'ledger.sqlite');
  const rootMode = modeOf(root);
  const umask = process.umask(0);
  let ledger: Awaited<ReturnType<typeof openSqliteLedger>>;
  try {
    ledger = await openSqliteLedger(file, quiet);
  } finally {
    process.umask(umask);
  }
  try {
    assert.deepEqual([modeOf(join(root, 'var')), modeOf(dirname(file)), modeOf(file)], [0o700, 0o700, 0o600]);
    assert.equal(modeOf(root), rootMode, 'a directory that was there is left as it was');
    // SQLite gives the journal its database file's mode, whatever the umask: caught while another connection writes.
    const other = createClient({ url: `file:${file}` });
    const writing = await other.transaction('write');
    try {
      await writing.execute("INSERT INTO meta (k, v) VALUES ('journal-mode-test', '1')");
      assert.equal(modeOf(`${file}-journal`), 0o600);
    } finally {
      await writing.rollback();
      other.close();
    }
  } finally {
    ledger.close();
  }
});

test('an existing ledger that others may read is named in the log, and left as its owner set it', async () => {
  const file = await newFile();
  (await openSqliteLedger(file, quiet)).close();
  const logs: LogEntry[] = [];
  (await openSqliteLedger(file, { log: (e) => logs.push(e) })).close();
  assert.equal(logs.length, 0, 'a private ledger: nothing to say');
  chmodSync(file, 0o644);
  (await openSqliteLedger(file, { log: (e) => logs.push(e) })).close();
  const warning = logs.find((e) => e.msg === 'ledger_not_private');
  assert.deepEqual([warning?.level, warning?.path, warning?.mode], ['warn', file, '644']);
  assert.equal(modeOf(file), 0o644, 'not changed behind its owner\'s back');
});

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
import { SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
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

test("a schema-2 ledger file upgrades to the current schema with nothing lost; its links have no base and are plain, its bills a seq and no order; a newer schema is refused", async () => {
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
  await assert.rejects(openSqliteLedger(path), new RegExp(`this ledger has schema ${SCHEMA_VERSION + 1}, newer than this proxy knows \\(${SCHEMA_VERSION}\\): upgrade the proxy`));
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

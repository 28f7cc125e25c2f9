/**
 * Hardening, round four (issue 24), the Node proxy's share: its ledger file private to its owner, a start beside
 * processes that hold the file, the icon a browser asks every page for, and compressed answers. Each test failed on
 * the code before its fix.
 */
import assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { startDemo } from '../../demo/server.ts';
import { decodePng } from '../../proxy/doctor/qr-image.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import type { LogEntry } from '../../proxy/log.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { writeLocker } from '../helpers/write-locker.ts';

const quiet = { log: () => {} };
const modeOf = (path: string) => statSync(path).mode & 0o777;
const newFile = async () => join(await mkdtemp(join(tmpdir(), 'maemanee-h4-')), 'ledger.sqlite');

test('5. a new ledger is private to its owner whatever the umask: its directories 0700, its file 0600, and its journal as its file', async () => {
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

test('5. an existing ledger that others may read is named in the log, and left as its owner set it', async () => {
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

test('6. a proxy started while another process holds the ledger file waits for it and starts', { timeout: 30_000 }, async () => {
  const file = await newFile();
  (await openSqliteLedger(file, quiet)).close();
  // The lock a commit holds while it writes the file: nobody may even read it. A process killed mid-commit leaves a
  // journal that the next one to open the file must roll back under the same lock.
  const locker = await writeLocker(file, 1000, 'exclusive');
  await locker.lock();
  const proxy = await startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: file }, 0, quiet);
  try {
    const health = await (await fetch(`${proxy.url}/health`)).json();
    assert.equal(health.ledger, 'ok');
  } finally {
    await proxy.close();
    await locker.released;
  }
});

test('6. past the bound, a proxy refuses to start, saying another process holds the ledger file', { timeout: 30_000 }, async () => {
  const file = await newFile();
  (await openSqliteLedger(file, quiet)).close();
  const locker = await writeLocker(file, 5000, 'exclusive');
  await locker.lock();
  try {
    await assert.rejects(
      startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: file }, 0, { ...quiet, ledgerStartWaitMs: 500 }),
      (error: Error) => error.name === 'LedgerFault' && /^the ledger \S+ is held by another process: still locked after 0\.5 s/.test(error.message),
    );
  } finally {
    locker.stop();
  }
});

test('6. a running proxy whose write met another process\'s exclusive hold waits it out, and its ledger works on', { timeout: 30_000 }, async () => {
  const file = await newFile();
  const ledger = await openSqliteLedger(file, quiet);
  try {
    const locker = await writeLocker(file, 1000, 'exclusive');
    await locker.lock();
    await ledger.probe();
    await locker.released;
    await ledger.probe();
  } finally {
    ledger.close();
  }
});

test('a browser\'s /favicon.ico: the proxy (its pay pages\' origin) and the demo shop answer a small icon, cached', async () => {
  const demo = await startDemo();
  try {
    for (const origin of [demo.proxyUrl, demo.url]) {
      const res = await fetch(`${origin}/favicon.ico`);
      assert.equal(res.status, 200, origin);
      assert.deepEqual([res.headers.get('content-type'), res.headers.get('cache-control')], ['image/x-icon', 'public, max-age=86400']);
      const ico = new Uint8Array(await res.arrayBuffer());
      assert.ok(ico.length < 1024, `${ico.length} B`);
      const view = new DataView(ico.buffer);
      assert.deepEqual([view.getUint16(2, true), view.getUint16(4, true)], [1, 1], 'an icon, of one image');
      const image = decodePng(ico.subarray(view.getUint32(18, true), view.getUint32(18, true) + view.getUint32(14, true)));
      assert.deepEqual([image.width, image.height], [32, 32]);
      assert.ok(image.light(1, 1) < 100 && image.light(15, 16) > 200, 'the blue, and the white baht sign');
    }
  } finally {
    await demo.close();
  }
});

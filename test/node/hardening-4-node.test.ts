/**
 * Hardening, round four (issue 24), the Node proxy's share: its ledger file private to its owner, a start beside
 * processes that hold the file, the icon a browser asks every page for, and compressed answers. Each test failed on
 * the code before its fix.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '@libsql/client';
import { startDemo } from '../../demo/server.ts';
import { decodePng } from '../../cli/doctor/qr-image.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import type { LogEntry } from '../../proxy/log.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { createLink } from '../../server-kit/index.ts';
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

/** A GET as the bytes arrive, undecoded (fetch would decompress, and ask for its own encodings). */
function raw(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

test('the Node proxy compresses text answers for a client that accepts it; the element stays byte for byte, its ETag apart and its 304 intact', async () => {
  const proxy = await startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:' }, 0, quiet);
  try {
    const built = readFileSync('dist/maemanee-pay.js');
    const url = `${proxy.url}/maemanee-pay.js`;
    const identity = await raw(url);
    assert.equal(identity.headers['content-encoding'], undefined, 'no Accept-Encoding: the identity body');
    assert.ok(identity.body.equals(built));
    assert.match(identity.headers.etag as string, /^"[0-9a-f]{32}"$/);
    assert.match(identity.headers.vary as string, /Accept-Encoding/i, 'a cache keeps each encoding apart');

    const decoders = { gzip: gunzipSync, br: brotliDecompressSync };
    for (const [accept, encoding] of [['gzip, deflate', 'gzip'], ['gzip, deflate, br, zstd', 'br'], ['br;q=0.5, gzip', 'gzip']] as const) {
      const packed = await raw(url, { 'accept-encoding': accept });
      assert.equal(packed.headers['content-encoding'], encoding, accept);
      assert.match(packed.headers.vary as string, /Accept-Encoding/i);
      assert.ok(packed.body.length < built.length / 2, `${encoding}: ${packed.body.length} B of ${built.length}`);
      assert.ok(decoders[encoding](packed.body).equals(built), `${encoding}: decompressed, the built file byte for byte`);
      assert.equal(packed.headers.etag, `W/${identity.headers.etag}`, 'another ETag than the identity body\'s: the same file, other bytes');
      const again = await raw(url, { 'accept-encoding': accept, 'if-none-match': packed.headers.etag as string });
      assert.deepEqual([again.status, again.body.length, again.headers.etag], [304, 0, packed.headers.etag], 'a cached compressed copy is still fresh');
    }
    assert.equal((await raw(url, { 'if-none-match': identity.headers.etag as string })).status, 304);
    assert.equal((await raw(url, { 'accept-encoding': 'identity' })).headers['content-encoding'], undefined);

    const link = await createLink(proxy.url, SANDBOX_SECRET, { amount: 350, description: 'Mudmee silk' });
    const page = await raw(link.url, { 'accept-encoding': 'gzip' });
    assert.deepEqual([page.status, page.headers['content-encoding']], [200, 'gzip'], 'the pay page');
    assert.match(gunzipSync(page.body).toString(), /<style>[^<]+<\/style>[\s\S]*<maemanee-pay /, 'with its inline stylesheet');
    const health = await raw(`${proxy.url}/health`, { 'accept-encoding': 'gzip' });
    assert.deepEqual([health.headers['content-encoding'], JSON.parse(health.body.toString()).ok], [undefined, true], 'an answer under 1 KiB as it is');
    const icon = await raw(`${proxy.url}/favicon.ico`, { 'accept-encoding': 'gzip' });
    assert.equal(icon.headers['content-encoding'], undefined);
  } finally {
    await proxy.close();
  }
});

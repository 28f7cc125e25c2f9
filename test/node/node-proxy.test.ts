/**
 * The proxy on Node where a test needs the build (dist/) or real time: the element served and compressed byte for
 * byte, and Node's header timeout, which no clock of ours can move. The rest of the Node proxy, in this process:
 * test/fast/node-proxy.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { VERSION } from '../../proxy/version.ts';
import { createLink } from '../../server-kit/index.ts';
import { sleep } from '../helpers/wait.ts';

const quiet = { log: () => {} };

test('the header timeout holds after a busy minute: a client sending half its headers is cut within 15 s', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy({ MAEMANEE_DB: join(dir, 'ledger.sqlite'), MAEMANEE_CHECK_CLIENT_LIMIT: '100000000' }, 0, quiet);
  try {
    await autocannon({ url: `${proxy.url}/health`, connections: 60, duration: 5 });
    const started = Date.now();
    const socket = connect(proxy.port, '127.0.0.1');
    socket.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nX-A: ');
    socket.on('error', () => {});
    // Reading, as a real client does: a socket nobody reads never notices the server closing it.
    socket.resume();
    const closed = await Promise.race([new Promise((r) => socket.once('close', () => r(true))), sleep(15_000).then(() => false)]);
    socket.destroy();
    assert.ok(closed, 'still connected 15 s later');
    assert.ok(Date.now() - started >= 9_000, 'not before its 10 s');
  } finally {
    await proxy.close();
  }
});

test('the proxy serves the element: /maemanee-pay.js is dist/maemanee-pay.js byte for byte, with an ETag; the versioned one is immutable', async () => {
  const { createProxy } = await import('../../proxy/create-proxy.ts');
  const { loadConfig } = await import('../../proxy/config.ts');
  const { openSqliteLedger } = await import('../../proxy/ledger/libsql.ts');
  const { readElementBuild } = await import('../../proxy/runtime/build-files.ts');
  const app = await createProxy(loadConfig({ MAEMANEE_UPSTREAM: 'sandbox' }, 'node'), { log: () => {}, ledger: await openSqliteLedger(':memory:'), element: readElementBuild });
  const built = readFileSync('dist/maemanee-pay.js');
  const latest = await app.request('/maemanee-pay.js', { headers: { origin: 'https://anywhere.example' } });
  assert.equal(latest.status, 200);
  assert.ok(Buffer.from(await latest.arrayBuffer()).equals(built));
  assert.deepEqual(
    [latest.headers.get('content-type'), latest.headers.get('cache-control'), latest.headers.get('access-control-allow-origin')],
    ['text/javascript; charset=utf-8', 'public, max-age=300', '*'],
  );
  const etag = latest.headers.get('etag')!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal((await app.request('/maemanee-pay.js', { headers: { 'if-none-match': etag } })).status, 304);
  const pinned = await app.request(`/maemanee-pay@${VERSION}.js`);
  assert.ok(Buffer.from(await pinned.arrayBuffer()).equals(built));
  assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await app.request('/maemanee-pay@9.9.9.js')).status, 404);
  assert.equal(JSON.parse(readFileSync('package.json', 'utf8')).version, VERSION, "proxy/version.ts is package.json's version");
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

/**
 * The proxy on Node where a test needs the build (dist/) or real time: the element served and compressed byte for
 * byte, and Node's header timeout, which no clock of ours can move. The rest of the Node proxy, in this process:
 * test/fast/node-proxy.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import autocannon from 'autocannon';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { VERSION } from '../../proxy/version.ts';
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
  const { readElementBuild } = await import('../../proxy/runtime/element-file.ts');
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

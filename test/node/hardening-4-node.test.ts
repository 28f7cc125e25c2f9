/**
 * Hardening, round four (issue 24), the Node proxy's share: its ledger file private to its owner, a start beside
 * processes that hold the file, the icon a browser asks every page for, and compressed answers. Each test failed on
 * the code before its fix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { startDemo } from '../../demo/server.ts';
import { decodePng } from '../../cli/doctor/qr-image.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { createLink } from '../../server-kit/index.ts';

const quiet = { log: () => {} };

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

/**
 * The demo shop and its proxy, in this process: on the local network (`npm start -- --host`) the page reaches the
 * proxy through the host it was loaded from, and both answer a browser's /favicon.ico. What `npm start` prints, run
 * as printed: test/node/demo.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePng } from '../../cli/doctor/qr-image.ts';
import { startDemo } from '../../demo/server.ts';

test('opened at a LAN address, the demo page points the element at the proxy on that address, which allows it', async () => {
  // 127.0.0.2 stands in for this machine's LAN address: all of 127/8 reaches it.
  const demo = await startDemo({ host: '0.0.0.0', origins: ['http://127.0.0.2'] });
  try {
    const page = await (await fetch(`http://127.0.0.2:${demo.shopPort}/`)).text();
    const endpoint = /name="maemanee-proxy" content="([^"]+)"/.exec(page)?.[1];
    assert.match(endpoint!, /^http:\/\/127\.0\.0\.2:\d+$/);
    const create = (origin: string) =>
      fetch(`${endpoint}/v1/payments`, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify({ amount: 50, ref1: 'lan-1' }) });
    assert.equal((await create(`http://127.0.0.2:${demo.shopPort}`)).status, 201);
    assert.equal((await create(`http://127.0.0.3:${demo.shopPort}`)).status, 403, 'an address it was not told of');
  } finally {
    await demo.close();
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

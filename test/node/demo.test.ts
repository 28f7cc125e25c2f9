/** The demo on the local network (`npm start -- --host`): the page reaches the proxy through the host it was loaded from. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
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

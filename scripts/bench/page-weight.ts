/**
 * What a payer's phone downloads to open a pay link served by the Node proxy: every file the page loads, as Chromium
 * asks for them, fetched again as a client that accepts no encoding, as Chrome over plain HTTP (gzip), and as Chrome
 * over HTTPS (brotli). Bytes of the bodies as sent (their Content-Length), headers apart.
 */
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { createLink } from '../../server-kit/index.ts';
import { launchChromium } from '../chromium.ts';
import { kib, row } from './table.ts';

export async function pageWeight(): Promise<void> {
  const proxy = await startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:' }, 0, { log: () => {} });
  const chrome = await launchChromium();
  try {
    const link = await createLink(proxy.url, SANDBOX_SECRET, { amount: 350, description: 'ผ้าไหมมัดหมี่ 1 ผืน (Mudmee silk, one length)' });
    const page = await chrome.newPage();
    const files: string[] = [];
    page.on('request', (r) => files.push(r.url()));
    await page.goto(link.url, { waitUntil: 'networkidle0' });
    const sent = async (acceptEncoding: string) => {
      let total = 0;
      for (const url of files) {
        const res = await fetch(url, { headers: { 'accept-encoding': acceptEncoding } });
        await res.arrayBuffer();
        total += Number(res.headers.get('content-length'));
      }
      return total;
    };
    const [identity, gzip, br] = [await sent('identity'), await sent('gzip, deflate'), await sent('gzip, deflate, br, zstd')];
    const names = files.map((url) => new URL(url).pathname.replace(/^\/pay\/[\w-]{22}$/, '/pay/:id')).join(', ');
    row(
      `a pay link's page load on the Node proxy (${names}): bytes sent, uncompressed / gzip / brotli`,
      `${kib(identity)} / ${kib(gzip)} / ${kib(br)}`,
      `${kib(identity - br)} saved a load over HTTPS (${kib(identity - gzip)} over plain HTTP)`,
    );
  } finally {
    await chrome.close();
    await proxy.close();
  }
}

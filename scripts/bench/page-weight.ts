/**
 * What a payer's phone downloads to open a pay link served by the Node proxy, a plain link's and a shop link's (its
 * form): every file the page loads, as Chromium asks for them, fetched again as a client that accepts no encoding, as
 * Chrome over plain HTTP (gzip), and as Chrome over HTTPS (brotli). Bytes of the bodies as sent (their
 * Content-Length), headers apart.
 */
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { createLink, type NewLinkRequest } from '../../server-kit/index.ts';
import { launchChromium } from '../chromium.ts';
import { kib, row } from './table.ts';

/** The pages weighed: a plain link's, and a shop link's form (two items, three details). */
export const PAGES: [string, NewLinkRequest][] = [
  ['a pay link', { amount: 350, description: 'ผ้าไหมมัดหมี่ 1 ผืน (Mudmee silk, one length)' }],
  [
    'a shop link',
    {
      items: [
        { name: 'ผ้าไหมมัดหมี่ (Mudmee silk)', price: 350, adjustable: { min: 1, max: 5 } },
        { name: 'ถุงผ้า (Tote bag)', price: 120 },
      ],
      fields: [
        { key: 'name', required: true },
        { key: 'phone', required: true },
        { key: 'address', required: true },
      ],
      reusable: true,
      limit: 20,
    },
  ],
];

export async function pageWeight(): Promise<void> {
  const proxy = await startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: ':memory:' }, 0, { log: () => {} });
  const chrome = await launchChromium();
  try {
    for (const [what, request] of PAGES) await weigh(what, request);
  } finally {
    await chrome.close();
    await proxy.close();
  }

  async function weigh(what: string, request: NewLinkRequest) {
    const link = await createLink(proxy.url, SANDBOX_SECRET, request);
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
      `${what}'s page load on the Node proxy (${names}): bytes sent, uncompressed / gzip / brotli`,
      `${kib(identity)} / ${kib(gzip)} / ${kib(br)}`,
      `${kib(identity - br)} saved a load over HTTPS (${kib(identity - gzip)} over plain HTTP)`,
    );
    await page.close();
  }
}

/**
 * The demo shop's own server, as a merchant would run one: it serves the page and the element's CDN build, signs
 * fixed-price orders, and credits an order only on a signed receipt or webhook from the proxy, once per id_pay.
 * Beside it, on another origin, the proxy runs on its sandbox, with the sandbox's public secrets, so that
 * `maemanee-pay link` and `verify --sandbox` work on it with no secret to copy.
 */
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';
import { SANDBOX_SECRET, SANDBOX_WEBHOOK_SECRET } from '../proxy/config.ts';
import { signOrder, verifyReceipt, verifyWebhook, type ReceiptFacts } from '../server-kit/index.ts';
import { favicon } from '../proxy/http/routes/icon.ts';
import { listen } from '../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../proxy/runtime/node.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const PRODUCTS: Record<string, { name: string; amount: number }> = {
  coffee: { name: 'กาแฟดริป เชียงราย 250 g', amount: 390 },
};
export const TOP_UP = { min: 20, max: 5000 };

export interface DemoOptions {
  shopPort?: number;
  proxyPort?: number;
  /** Where both servers listen: 127.0.0.1 unless told otherwise (0.0.0.0: the local network, to try it on a phone). */
  host?: string;
  /** The origins the shop may be opened at besides localhost and 127.0.0.1 (its LAN addresses). */
  origins?: string[];
  secret?: string;
  log?: (entry: Record<string, unknown>) => void;
}

/** A port free now: a listener on port 0 tells which, and goes. */
async function freePort(host: string): Promise<number> {
  const probe = await listen(() => new Response(null), 0, host);
  await probe.close();
  return probe.port;
}

/** What `npm start` prints to make a pay link on the demo's proxy; it works as printed (test/node/demo.test.ts). */
export const payLinkCommand = (proxyUrl: string) => `npx maemanee-pay link 250 "Red shirt" --endpoint ${proxyUrl}`;

/** What `npm start` prints to make another sign-in link to the demo proxy's console. */
export const consoleLinkCommand = (proxyUrl: string) => `npx maemanee-pay console --endpoint ${proxyUrl}`;

export async function startDemo(options: DemoOptions = {}) {
  const secret = options.secret ?? SANDBOX_SECRET;
  const log = options.log ?? (() => {});
  /** Credited orders by id_pay: a receipt and a webhook for the same payment credit it once. */
  const ledger = new Map<string, ReceiptFacts & { via: string[] }>();

  function credit(facts: ReceiptFacts, via: string) {
    const known = ledger.get(facts.id);
    if (known) {
      if (!known.via.includes(via)) known.via.push(via);
      return { credited: false, order: known };
    }
    const order = { ...facts, via: [via] };
    ledger.set(facts.id, order);
    return { credited: true, order };
  }

  const shop = new Hono();
  let proxyPort = 0;
  let shopOrigin = '';

  shop.get('/', async (c) => {
    const page = await readFile(here('index.html'), 'utf8');
    // The proxy on the host the page was loaded from: localhost on this machine, its LAN address on a phone.
    const proxyUrl = `http://${new URL(c.req.url).hostname}:${proxyPort}`;
    c.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${proxyUrl}; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html`,
    );
    return c.html(page.replace('{{PROXY_URL}}', proxyUrl).replace('{{TOP_UP_MIN}}', String(TOP_UP.min)).replace('{{TOP_UP_MAX}}', String(TOP_UP.max)));
  });
  shop.get('/maemanee-pay.js', async (c) => {
    const bundle = await readFile(here('../dist/maemanee-pay.js'), 'utf8').catch(() => undefined);
    if (!bundle) return c.text('dist/maemanee-pay.js is missing: run `npm run build:cdn`', 500);
    return c.body(bundle, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  shop.get('/shop.js', async (c) => {
    const { code } = await transformWithOxc(await readFile(here('shop.ts'), 'utf8'), 'shop.ts');
    return c.body(code, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  shop.get('/favicon.ico', () => favicon());
  shop.get('/shop.css', async (c) => c.body(await readFile(here('shop.css'), 'utf8'), 200, { 'content-type': 'text/css; charset=utf-8' }));

  /** Signs the fixed price of a product: the browser can carry the order but not change it. */
  shop.post('/api/orders/:product', async (c) => {
    const product = PRODUCTS[c.req.param('product')];
    if (!product) return c.json({ error: 'no such product' }, 404);
    const ref1 = `shop-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const order = await signOrder(secret, { ref1, amount: product.amount, expiresInSeconds: 1800 });
    return c.json({ order, ref1, amount: product.amount, name: product.name });
  });

  /** The page hands over the receipt from `maemanee-paid`; only its signature makes the order paid. */
  shop.post('/api/receipts', async (c) => {
    const { receipt } = await c.req.json<{ receipt?: string }>().catch(() => ({ receipt: undefined }));
    try {
      // The demo runs on the sandbox, so it opts in to sandbox receipts; a live shop never does.
      const facts = await verifyReceipt(secret, receipt ?? '', { allowSandbox: true });
      const result = credit(facts, 'receipt');
      log({ msg: 'receipt_verified', id: facts.id, credited: result.credited });
      return c.json(result);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  shop.post('/webhooks/maemanee', async (c) => {
    const body = await c.req.text();
    try {
      const event = await verifyWebhook(SANDBOX_WEBHOOK_SECRET, body, c.req.header(), { allowSandbox: true });
      // Only a paid event credits; the others (expired, needs review) are acknowledged so they are not sent again.
      const result = event.type === 'payment.paid' ? credit(event.data, 'webhook') : { credited: false };
      log({ msg: 'webhook_verified', id: event.id, credited: result.credited });
      return c.json({ ok: true });
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  shop.get('/api/ledger', (c) => c.json([...ledger.values()]));

  const host = options.host ?? '127.0.0.1';
  const shopServer = await listen(shop.fetch, options.shopPort ?? 0, host);
  shopOrigin = `http://localhost:${shopServer.port}`;
  // The proxy's own pay pages call it from its origin, which must be allowed too, so its port is known before it starts.
  const port = options.proxyPort || (await freePort(host));
  const at = (p: number) => ['http://localhost', 'http://127.0.0.1', ...(options.origins ?? [])].map((o) => `${o}:${p}`);
  const origins = [...at(shopServer.port), ...at(port)];
  const proxy = await startNodeProxy(
    {
      MAEMANEE_SECRET: secret,
      MAEMANEE_ALLOWED_ORIGINS: origins.join(','),
      MAEMANEE_AMOUNT_MIN: String(TOP_UP.min),
      MAEMANEE_AMOUNT_MAX: String(TOP_UP.max),
      MAEMANEE_WEBHOOK_URL: `http://127.0.0.1:${shopServer.port}/webhooks/maemanee`,
      MAEMANEE_SANDBOX_WINDOW: process.env.MAEMANEE_SANDBOX_WINDOW,
    },
    port,
    { log, hostname: host },
  );
  proxyPort = proxy.port;
  return {
    url: shopOrigin,
    proxyUrl: `http://localhost:${proxy.port}`,
    shopPort: shopServer.port,
    ledger,
    close: async () => {
      await proxy.close();
      await shopServer.close();
    },
  };
}

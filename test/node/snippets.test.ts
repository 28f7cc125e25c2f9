/**
 * The webhook handlers the docs show, run as written (docs/snippets/, which docs/server.md and its Thai twin quote
 * verbatim) against a live proxy: Express, Hono, the npm standardwebhooks library, PHP with built-ins (php-cli) and Python with the standard
 * library. Each verifies every delivery, credits each payment once however often it is delivered, answers 2xx to a
 * sandbox event it ignores, and refuses a forged one.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createSimulatorHost, Simulator } from '../../sandbox/index.ts';
import { newWebhookSecret, signMerchantToken } from '../../server-kit/index.ts';
import { call, createPayment, overHttp } from '../helpers/flow.ts';
import { freePort } from '../helpers/servers.ts';
import { testEvent } from '../../cli/doctor/webhook-check.ts';
import { deliverWebhook } from '../../proxy/webhook/sender.ts';

const WEBHOOK_SECRET = newWebhookSecret();
const SECRET = 'snippets-secret-0123456789abcdef-0123456789';
const CREDENTIALS = { user: 'shop-snippets', password: 'pw-snippets-51', conId: '77' };

/** Each handler's file in docs/snippets/. */
const SNIPPET_FILES = {
  express: 'webhook-express.mjs',
  hono: 'webhook-hono.ts',
  standardwebhooks: 'webhook-standardwebhooks.mjs',
  php: 'webhook.php',
  python: 'webhook.py',
};
const path = (name: keyof typeof SNIPPET_FILES) => `docs/snippets/${SNIPPET_FILES[name]}`;

/** How each snippet is started, on its port. */
const SNIPPETS: Record<keyof typeof SNIPPET_FILES, (port: number) => [string, string[]]> = {
  express: () => [process.execPath, [path('express')]],
  hono: () => [process.execPath, ['--import', 'tsx', path('hono')]],
  standardwebhooks: () => [process.execPath, [path('standardwebhooks')]],
  php: (port) => ['php', ['-S', `127.0.0.1:${port}`, path('php')]],
  python: () => ['python3', [path('python')]],
};

const running: { name: string; url: string; child: ChildProcess; output: () => string }[] = [];
let upstream: Awaited<ReturnType<typeof listen>>;
let simulator: Simulator;

async function listening(port: number) {
  const end = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  simulator = new Simulator(CREDENTIALS);
  upstream = await listen(createSimulatorHost(simulator).app.fetch);
  for (const [name, command] of Object.entries(SNIPPETS)) {
    const port = await freePort();
    const [file, args] = command(port);
    const child = spawn(file, args, { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MAEMANEE_WEBHOOK_SECRET: WEBHOOK_SECRET }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    running.push({ name, url: `http://127.0.0.1:${port}/webhooks/maemanee`, child, output: () => out });
    await listening(port);
  }
});

after(async () => {
  for (const r of running) r.child.kill('SIGKILL');
  await upstream?.close();
});

async function proxy(env: Record<string, string>, logs: Record<string, unknown>[]) {
  return startNodeProxy(
    {
      MAEMANEE_DB: ':memory:',
      MAEMANEE_WEBHOOK_URL: running.map((r) => r.url).join(','),
      MAEMANEE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      MAEMANEE_WEBHOOK_RETRY_SECONDS: '1',
      MAEMANEE_CHECK_GAP_MS: '0',
      ...env,
    },
    0,
    { log: (e) => logs.push(e), reconcileIntervalMs: 50 },
  );
}

const credits = (id: string) => Object.fromEntries(running.map((r) => [r.name, r.output().split('\n').filter((l) => l.includes(`credited ${id} `)).length]));
const delivered = (logs: Record<string, unknown>[], id: string) => logs.filter((l) => l.msg === 'webhook_delivered' && l.id === id).length;

async function until(what: () => boolean, label: string) {
  const end = Date.now() + 15_000;
  while (!what()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('each handler credits a live payment once, however often it is delivered', async () => {
  const logs: Record<string, unknown>[] = [];
  const live = await proxy(
    { TMWEASY_USER: CREDENTIALS.user, TMWEASY_PASSWORD: CREDENTIALS.password, TMWEASY_CON_ID: CREDENTIALS.conId, MAEMANEE_SECRET: SECRET, MAEMANEE_UPSTREAM: `${upstream.url}/api_mn.php` },
    logs,
  );
  try {
    const target = overHttp(live.url);
    const bill = await createPayment(target, 75, 'order-2001');
    simulator.pay(bill.id);
    assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.sandbox, false);
    const id = `payment.paid:${bill.id}`;
    await until(() => delivered(logs, id) === running.length, 'a delivery to each handler');
    assert.deepEqual(credits(bill.id), { express: 1, hono: 1, standardwebhooks: 1, php: 1, python: 1 });
    const redo = await call(target, `/v1/events/${id}/redeliver`, { method: 'POST', token: await signMerchantToken(SECRET) });
    assert.equal(redo.body.queued, running.length);
    await until(() => delivered(logs, id) === 2 * running.length, 'the delivery again');
    assert.deepEqual(credits(bill.id), { express: 1, hono: 1, standardwebhooks: 1, php: 1, python: 1 }, 'credited once per webhook-id');
    assert.ok(!logs.some((l) => l.msg === 'webhook_failed'), JSON.stringify(logs.filter((l) => l.msg === 'webhook_failed')));

    const forged = await Promise.all(
      running.map(async (r) => (await fetch(r.url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, body: '{}' })).status),
    );
    assert.deepEqual(forged, running.map(() => 400), 'a forged delivery is refused');
  } finally {
    await live.close();
  }
});

test('each handler answers 2xx to a sandbox event and credits nothing, so testing piles up no retries', async () => {
  const logs: Record<string, unknown>[] = [];
  const sandbox = await proxy({ MAEMANEE_UPSTREAM: 'sandbox' }, logs);
  try {
    const target = overHttp(sandbox.url);
    const bill = await createPayment(target, 20, 'sandbox-9');
    await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
    await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await until(() => delivered(logs, `payment.paid:${bill.id}`) === running.length, 'each handler to answer');
    assert.ok(!logs.some((l) => l.msg === 'webhook_failed'));
    assert.deepEqual(credits(bill.id), { express: 0, hono: 0, standardwebhooks: 0, php: 0, python: 0 });
  } finally {
    await sandbox.close();
  }
});

test("each handler acknowledges doctor's signed webhook.test delivery and credits nothing", async () => {
  const results = await Promise.all(running.map((r) => deliverWebhook({ url: r.url, secrets: [WEBHOOK_SECRET] }, testEvent(), 1)));
  assert.deepEqual(results, running.map(() => ({ ok: true })));
  assert.deepEqual(credits('test'), { express: 0, hono: 0, standardwebhooks: 0, php: 0, python: 0 });
});

test('the server guide, in both languages, quotes each handler verbatim', () => {
  for (const path of ['docs/server.md', 'docs/th/server.md']) {
    const text = readFileSync(path, 'utf8');
    for (const file of Object.values(SNIPPET_FILES)) {
      assert.ok(text.includes(readFileSync(`docs/snippets/${file}`, 'utf8').trimEnd()), `${path} does not quote docs/snippets/${file} as it is`);
    }
  }
});

/** The ledger and what rests on it: paid forever, upstream economy, reconciliation, the outbox and the events API. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { whileBusy } from '../../proxy/ledger/busy.ts';
import { SCHEMA_2, SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { DEFAULT_SCHEDULE, nextCheckAt, nextDeliveryAt } from '../../proxy/payments/schedule.ts';
import { orderKey } from '../../proxy/payments/bill-maker.ts';
import { createPaymentsService } from '../../proxy/payments/service.ts';
import { signMerchantToken, signOrder } from '../../server-kit/tokens.ts';
import { signPaymentToken } from '../../proxy/tokens.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { verifyWebhook } from '../../server-kit/index.ts';
import { ledgerContract } from '../contract/ledger-contract.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
for (const c of ledgerContract) {
  test(`ledger contract (SQLite): ${c.name}`, async () => {
    const ledger = await openSqliteLedger(':memory:');
    await c.run(ledger);
    ledger.close();
  });
}

test('opening a ledger file: a step refused with SQLITE_BUSY is tried again, any other error at once, and not forever', async () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  let calls = 0;
  assert.equal(await whileBusy(async () => (++calls < 4 ? Promise.reject(busy) : 'open'), { pauseMs: 1 }), 'open');
  assert.equal(calls, 4);
  calls = 0;
  const other = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
  await assert.rejects(whileBusy(async () => (calls++, Promise.reject(other)), { pauseMs: 1 }), /disk I\/O/);
  assert.equal(calls, 1);
  await assert.rejects(whileBusy(() => Promise.reject(busy), { deadlineMs: 30, pauseMs: 1 }), /locked/);
});

test('four processes opening one new ledger file at the same instant all open it', { timeout: 60_000 }, async () => {
  for (let round = 0; round < 4; round++) {
    const path = join(await mkdtemp(join(tmpdir(), 'maemanee-open-')), 'ledger.sqlite');
    const at = Date.now() + 1500;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve) => {
          execFile(process.execPath, ['--import', 'tsx', 'test/helpers/open-ledger-at.ts', path, String(at)], (error, stdout, stderr) =>
            resolve(error ? `failed: ${/SQLITE_\w+/.exec(stderr)?.[0] ?? error.message}` : stdout.trim()),
          );
        }),
      ),
    );
    assert.deepEqual(outcomes, ['open', 'open', 'open', 'open']);
  }
});

/**
 * A ledger file as the released schema-2 code wrote it: its tables, and a row in each, written with that code's own
 * statements (the links table had no base then).
 */
async function schema2File(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'maemanee-v2-')), 'ledger.sqlite');
  const client = createClient({ url: `file:${path}` });
  const t = 1_800_000_000_000;
  await client.batch(
    [
      ...SCHEMA_2,
      `INSERT INTO meta (k, v) VALUES ('schema', '2')`,
      {
        sql: `INSERT INTO bills (id, ref1, amount, expires_at, order_key, link_id, sandbox, client_ip, created_at, next_check_at, qr, pay_url)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: ['700', 'link-old', 45, t + 600_000, 'link:oldLinkAAAAAAAAAAAAAA', 'oldLinkAAAAAAAAAAAAAA', 0, '192.0.2.1', t, t + 40_000, 'data:image/png;base64,AA==', null],
      },
      { sql: `UPDATE bills SET status = 'paid', paid = ? WHERE id = '700'`, args: [JSON.stringify({ status: 'paid', id: '700', ref1: 'link-old', amount: 45, paidAt: 'p', late: false, sandbox: false, receipt: 'r' })] },
      { sql: `INSERT INTO events (id, bill_id, type, body) VALUES ('payment.paid:700', '700', 'payment.paid', ?)`, args: [JSON.stringify({ id: 'payment.paid:700', type: 'payment.paid', created: 'c', data: { id: '700' } })] },
      { sql: `INSERT INTO deliveries (event_id, endpoint, next_attempt_at) VALUES ('payment.paid:700', 'https://a.example/hook', ?)`, args: [t] },
      {
        sql: `INSERT INTO links (id, amount, description, ref1, lang, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: ['oldLinkAAAAAAAAAAAAAA', 45, 'Old scarf', 'link-old', 'th', t, t + 86_400_000],
      },
      { sql: `INSERT INTO order_claims (order_key, until) VALUES ('["o",1]', ?)`, args: [t] },
    ],
    'write',
  );
  client.close();
  return path;
}

test('a schema-2 ledger file upgrades to the current schema with nothing lost; its links have no base, its bills a seq; a newer schema is refused', async () => {
  const path = await schema2File();
  const ledger = await openSqliteLedger(path);
  try {
    const bill = (await ledger.bill('700'))!;
    assert.deepEqual([bill.status, bill.paid?.amount, bill.linkId, bill.ref1], ['paid', 45, 'oldLinkAAAAAAAAAAAAAA', 'link-old']);
    assert.deepEqual((await ledger.events(0, 10)).map((e) => e.event.id), ['payment.paid:700']);
    assert.deepEqual(await ledger.dueDeliveries(1_800_000_000_000, 10), [{ eventId: 'payment.paid:700', endpoint: 'https://a.example/hook' }]);
    assert.equal(await ledger.claimOrder('["o",1]', 1_800_000_000_000 - 1, 1000), false, 'the order claim survived');
    const old = (await ledger.link('oldLinkAAAAAAAAAAAAAA'))!;
    assert.deepEqual([old.description, old.lang, old.base], ['Old scarf', 'th', null]);
    await ledger.recordLink({ ...old, id: 'newLinkAAAAAAAAAAAAAA', base: 'https://pay.example.com' });
    assert.equal((await ledger.link('newLinkAAAAAAAAAAAAAA'))?.base, 'https://pay.example.com');
    await ledger.recordBill({ ...bill, id: '701', createdAt: bill.createdAt + 1, orderKey: null });
    assert.deepEqual((await ledger.listBills({ limit: 10 })).map((r) => r.bill.id), ['701', '700'], 'newest first, the old bill first in seq');
  } finally {
    ledger.close();
  }
  const client = createClient({ url: `file:${path}` });
  assert.equal((await client.execute(`SELECT v FROM meta WHERE k = 'schema'`)).rows[0].v, String(SCHEMA_VERSION));
  const reopened = await openSqliteLedger(path);
  assert.equal((await reopened.link('newLinkAAAAAAAAAAAAAA'))?.base, 'https://pay.example.com', 'opened again: nothing run twice');
  reopened.close();
  await client.execute({ sql: `UPDATE meta SET v = ? WHERE k = 'schema'`, args: [String(SCHEMA_VERSION + 1)] });
  client.close();
  await assert.rejects(openSqliteLedger(path), new RegExp(`this ledger has schema ${SCHEMA_VERSION + 1}, newer than this proxy knows \\(${SCHEMA_VERSION}\\): upgrade the proxy`));
});

test('four processes opening one schema-2 ledger file at the same instant all open it, and it is upgraded once', { timeout: 60_000 }, async () => {
  for (let round = 0; round < 3; round++) {
    const path = await schema2File();
    const at = Date.now() + 1500;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve) => {
          execFile(process.execPath, ['--import', 'tsx', 'test/helpers/open-ledger-at.ts', path, String(at)], (error, stdout, stderr) =>
            resolve(error ? `failed: ${/SQLITE_\w+|LedgerFault[^\n]*/.exec(stderr)?.[0] ?? error.message}` : stdout.trim()),
          );
        }),
      ),
    );
    assert.deepEqual(outcomes, ['open', 'open', 'open', 'open']);
    const ledger = await openSqliteLedger(path);
    assert.equal((await ledger.link('oldLinkAAAAAAAAAAAAAA'))?.description, 'Old scarf');
    ledger.close();
  }
});

test('the default schedule: a tab-closed payment is found within 60 s, checks go on 3 hours, webhooks retry 72 hours', () => {
  const s = DEFAULT_SCHEDULE;
  const t = 0;
  const expires = 600_000;
  assert.ok(nextCheckAt(expires, t, s) - t + 1000 <= 60_000, 'check interval plus a scheduler tick within 60 s');
  let at = t;
  let checks = 0;
  while (at < expires + s.graceMs) {
    at = nextCheckAt(expires, at, s);
    checks++;
  }
  assert.ok(at >= expires + 3 * 3600_000);
  assert.ok(checks < 60, `${checks} upstream checks for a bill nobody watches`);
  let attempt = 1;
  let when = 0;
  for (;;) {
    const next = nextDeliveryAt(attempt, 0, when, s);
    if (next === null) break;
    when = next;
    attempt++;
  }
  assert.ok(when >= 72 * 3600_000 && when <= 73 * 3600_000, `retries end at ${when / 3600_000} h`);
  assert.ok(attempt < 90, `${attempt} attempts`);
});

test('paid is forever, and a second instance on the ledger answers it without the upstream', async () => {
  const ctx = await recordedApp();
  const b = await createPayment(ctx.target, 70, 'forever-1');
  ctx.simulator.pay(b.id);
  const first = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(first.body.status, 'paid');
  ctx.simulator.settings.secondConfirm = 'used';
  const other = createPaymentsService({ config: ctx.config, upstream: { confirm: () => assert.fail('no upstream call for a paid bill') } as never, ledger: ctx.ledger, log: () => {} });
  const again = await other.confirm({ id: b.id, ref1: b.ref1, amount: b.amount, billExpires: 0 }, { ip: '192.0.2.9' });
  assert.deepEqual(again, first.body, 'the same facts and receipt');
  ctx.stop();
});

test('upstream economy: ten checks at once cost one confirm; a pending check is one call; within the gap the last state', async () => {
  const ctx = await recordedApp(LIVE_ENV, { schedule: { checkGapMs: 2000 } });
  const b = await createPayment(ctx.target, 70, 'economy-1');
  const before = ctx.methods().length;
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token })),
  );
  assert.ok(answers.every((a) => a.body.status === 'pending'));
  assert.deepEqual(ctx.methods().slice(before), ['confirm'], 'one upstream call, and no detail_pay to learn the expiry');
  ctx.simulator.pay(b.id);
  const soon = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(soon.body.status, 'pending', 'within 2 s the last known state');
  assert.equal(ctx.methods().length - before, 1);
  await sleep(2000);
  const later = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
  assert.equal(later.body.status, 'paid');
  ctx.stop();
});

/** A merchant's webhook endpoint on 127.0.0.1, down until `up` is set. */
async function receiver() {
  const received: { body: string; headers: Headers; attempt: string | null }[] = [];
  const state = { up: true, refused: 0 };
  const server = await listen(async (request) => {
    if (!state.up) {
      state.refused++;
      return new Response('down', { status: 503 });
    }
    received.push({ body: await request.text(), headers: request.headers, attempt: request.headers.get('maemanee-attempt') });
    return new Response('ok');
  });
  return { ...server, received, state };
}

async function until(what: () => boolean, ms: number, label: string) {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${label}`);
    await sleep(20);
  }
}

test('a customer who pays and closes the tab: the proxy finds the payment itself and the shop gets one webhook', async () => {
  const hook = await receiver();
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url }, { schedule: { reconcileMs: 100 } });
  try {
    const b = await createPayment(ctx.target, 90, 'closed-tab');
    ctx.simulator.pay(b.id); // and no browser ever checks
    await until(() => hook.received.length === 1, 5000, 'the webhook');
    const delivered = await verifyWebhook(LIVE_ENV.MAEMANEE_WEBHOOK_SECRET, hook.received[0].body, hook.received[0].headers);
    assert.equal(delivered.type, 'payment.paid');
    assert.deepEqual([delivered.id, delivered.data.id, delivered.data.amount, hook.received[0].attempt], [`payment.paid:${b.id}`, b.id, 90, '1']);
    await sleep(300);
    assert.equal(hook.received.length, 1, 'one event per bill');
    const confirm = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
    assert.equal(confirm.body.paidAt, delivered.type === 'payment.paid' && delivered.data.paidAt, 'the browser, coming back later, sees the same facts');
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('a webhook endpoint down: retried, each attempt numbered, delivered once when it comes back', async () => {
  const hook = await receiver();
  hook.state.up = false;
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: hook.url }, { schedule: { webhookBaseMs: 50 } });
  try {
    const b = await createPayment(ctx.target, 30, 'down-1');
    ctx.simulator.pay(b.id);
    assert.equal((await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token })).body.status, 'paid');
    await until(() => hook.state.refused >= 3, 5000, 'three refused attempts');
    hook.state.up = true;
    await until(() => hook.received.length === 1, 5000, 'the delivery');
    assert.ok(Number(hook.received[0].attempt) >= 4);
    await sleep(300);
    assert.equal(hook.received.length, 1);
  } finally {
    ctx.stop();
    await hook.close();
  }
});

test('a paid order answers its payment however it is signed again; a pending one returns its bill', async () => {
  const ctx = await recordedApp();
  const order = { ref1: 'order-77', amount: 120 };
  const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  assert.equal(first.status, 201);
  await sleep(1100); // a later signature has another iat, so other token text
  const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  assert.deepEqual([again.status, again.body.id], [200, first.body.id]);
  ctx.simulator.pay(first.body.id);
  const paidAgain = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, { ...order, expiresInSeconds: 99 }) } });
  assert.deepEqual([paidAgain.status, paidAgain.body.status, paidAgain.body.id, paidAgain.body.amount], [200, 'paid', first.body.id, 120]);
  assert.ok(paidAgain.body.receipt, 'with its receipt');
  ctx.stop();
});

test('two instances asked for one order at the same moment make one bill, and both answer it', async () => {
  const ctx = await recordedApp();
  const other = createPaymentsService({ config: ctx.config, upstream: ctx.upstream, ledger: ctx.ledger, log: () => {} });
  const order = { ref1: 'order-race', amount: 95 };
  const caller = { ip: '192.0.2.9' };
  const [a, b] = await Promise.all([ctx.payments.createForOrder(order, caller), other.createForOrder(order, caller)]);
  assert.equal(a.payment.id, b.payment.id, 'one bill');
  assert.deepEqual([a.created, b.created].sort(), [false, true]);
  assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, 1, 'one create_pay upstream');
  ctx.stop();
});

test('an order whose creator failed is billed on the retry; one held by a vanished instance answers 503 order_busy, then is billed once the claim lapses', async () => {
  const ctx = await recordedApp(LIVE_ENV, { schedule: { orderWaitMs: 500 } });
  const order = { ref1: 'order-held', amount: 95 };
  const create = async () => call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, order) } });
  ctx.host.setFault({ kind: 'html', methods: ['create_pay'], count: 1 });
  assert.equal((await create()).status, 502, 'the upstream failed the first create');
  assert.equal((await create()).status, 201, 'its claim was released: the retry creates at once');

  const held = { ref1: 'order-held-2', amount: 95 };
  assert.ok(await ctx.ledger.claimOrder(orderKey(held), Date.now(), 1500), 'an instance claims the order and vanishes');
  const busy = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, held) } });
  assert.deepEqual([busy.status, busy.body.error?.code, busy.headers.get('retry-after')], [503, 'order_busy', '2']);
  assert.deepEqual(ctx.methods().filter((m) => m === 'create_pay').length, 2, 'no bill made while the claim is held');
  await sleep(1100);
  const after = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: await signOrder(SECRET, held) } });
  assert.equal(after.status, 201, 'billed once the claim lapsed');
  ctx.stop();
});

test('events API: oldest first with a cursor; only a short-lived merchant token under the secret opens it', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
  try {
    const ids: string[] = [];
    for (const ref1 of ['e-1', 'e-2', 'e-3']) {
      const b = await createPayment(ctx.target, 10, ref1);
      ctx.simulator.pay(b.id);
      await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
      ids.push(b.id);
    }
    const token = await signMerchantToken(SECRET);
    const page1 = await call(ctx.target, '/v1/events?limit=2', { token });
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.body.events.map((e: { data: { id: string } }) => e.data.id), ids.slice(0, 2));
    const page2 = await call(ctx.target, `/v1/events?after=${page1.body.next}&limit=2`, { token });
    assert.deepEqual(page2.body.events.map((e: { data: { id: string } }) => e.data.id), ids.slice(2));
    const page3 = await call(ctx.target, `/v1/events?after=${page2.body.next}`, { token });
    assert.deepEqual([page3.body.events, page3.body.next], [[], page2.body.next]);
    assert.equal(page1.body.events[0].type, 'payment.paid');

    const refused = async (auth: string | undefined, label: string) => {
      const res = await call(ctx.target, '/v1/events', auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
      assert.equal(res.status, 401, label);
    };
    await refused(undefined, 'missing');
    await refused(await signPaymentToken(SECRET, { id: ids[0], ref1: 'e-1', amount: 10, billExpires: Date.now() / 1000 + 60, sandbox: false }), 'wrong kind');
    await refused(await signMerchantToken('another-secret-of-at-least-32-chars!!'), 'wrong key');
    const { sign } = await import('hono/jwt');
    const { hmacKey } = await import('../../server-kit/tokens.ts');
    const key = await hmacKey(SECRET);
    await refused(await sign({ kind: 'merchant', exp: Math.floor(Date.now() / 1000) - 10 }, key, 'HS256'), 'expired');
    await refused(await sign({ kind: 'merchant', exp: Math.floor(Date.now() / 1000) + 3600 }, key, 'HS256'), 'lives longer than 5 minutes');
    const bad = await call(ctx.target, '/v1/events?after=-1', { token });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'invalid_query']);

    const redo = await call(ctx.target, `/v1/events/payment.paid:${ids[0]}/redeliver`, { method: 'POST', token });
    assert.equal(redo.status, 202);
    assert.equal((await call(ctx.target, '/v1/events/payment.paid:12345/redeliver', { method: 'POST', token })).status, 404);
    assert.equal((await call(ctx.target, `/v1/events/${ids[0]}/redeliver`, { method: 'POST', token })).status, 400, 'an event id names its type');
  } finally {
    ctx.stop();
  }
});

test('listEvents: a shop reconciles from the events API with its secret', async () => {
  const { listEvents } = await import('../../server-kit/index.ts');
  const ctx = await recordedApp();
  try {
    const b = await createPayment(ctx.target, 15, 'cron-1');
    ctx.simulator.pay(b.id);
    await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
    const viaApp = ((input: URL | RequestInfo, init?: RequestInit) => ctx.app.request(String(input), init)) as typeof fetch;
    const page = await listEvents('http://proxy.test/', SECRET, { fetch: viaApp });
    assert.deepEqual(page.events.map((e) => e.id), [`payment.paid:${b.id}`]);
    assert.deepEqual((await listEvents('http://proxy.test', SECRET, { after: page.next, fetch: viaApp })).events, []);
    await assert.rejects(listEvents('http://proxy.test', 'not-the-secret-but-32-characters-long', { fetch: viaApp }), /401/);
  } finally {
    ctx.stop();
  }
});

test('an expired bill a page keeps open: asked of the upstream in its first minute, then answered from the ledger with checkUntil; a late payment is marked late', async () => {
  const ctx = await recordedApp(LIVE_ENV, { schedule: { checkGapMs: 0 } });
  try {
    const a = await createPayment(ctx.target, 25, 'late-page');
    await call(ctx.target, `/sandbox/payments/${a.id}/expire`, { method: 'POST' });
    const soon = await call(ctx.target, `/v1/payments/${a.id}/confirm`, { method: 'POST', token: a.token });
    const row = (await ctx.ledger.bill(a.id))!;
    assert.deepEqual([soon.body.status, soon.body.checkUntil], ['expired', new Date(row.expiresAt + ctx.config.schedule.graceMs).toISOString()]);
    ctx.simulator.pay(a.id);
    const found = await call(ctx.target, `/v1/payments/${a.id}/confirm`, { method: 'POST', token: a.token });
    assert.deepEqual([found.body.status, found.body.late], ['paid', true]);
    const { verifyReceipt } = await import('../../server-kit/tokens.ts');
    assert.equal((await verifyReceipt(SECRET, found.body.receipt)).late, true, 'the receipt says late too');

    // A minute and more past its expiry, a page's checks cost the upstream nothing: the proxy's own checks look.
    const b = await createPayment(ctx.target, 26, 'late-page-2');
    await ctx.ledger.expireNow(b.id, Date.now() - 61_000);
    const confirms = () => ctx.methods().filter((m) => m === 'confirm').length;
    const before = confirms();
    for (let i = 0; i < 5; i++) {
      const res = await call(ctx.target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token });
      assert.deepEqual([res.body.status, typeof res.body.checkUntil], ['expired', 'string']);
    }
    assert.equal(confirms(), before, 'no upstream call from the page');
  } finally {
    ctx.stop();
  }
});

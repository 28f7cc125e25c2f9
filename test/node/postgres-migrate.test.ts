/**
 * Moving a shop over: `maemanee-pay migrate --from <sqlite file> --to postgres://…` from a ledger with paid, expired
 * and needs-review bills, a pending one, a pay link and its bill, an order's claim and webhooks still to deliver; then
 * a proxy on the PostgreSQL database runs on with nothing lost. And `maemanee-pay migrate` alone, which makes the
 * tables before any proxy starts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type { Io } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { eventId, type Ledger } from '../../proxy/ledger/ledger.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { openPostgresLedger } from '../../proxy/ledger/postgres.ts';
import { SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { bill, paid, paidEvent } from '../contract/ledger-contract.ts';
import { call, createPayment, overHttp } from '../helpers/flow.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (out += t), env, stdin: async () => '', stopped: new Promise(() => {}) };
  return { status: await main(args, io), out };
}

/** Everything the ledger answers about what it holds, to compare two ledgers by. */
async function contents(ledger: Ledger, ids: string[]) {
  return {
    bills: await Promise.all(ids.map((id) => ledger.bill(id))),
    listed: await ledger.listBills({ limit: 100 }),
    events: await ledger.events(0, 100),
    link: await ledger.link('LinkAAAAAAAAAAAAAAAAA1'),
    linkBills: (await ledger.billsForOrder('link:LinkAAAAAAAAAAAAAAAAA1')).map((b) => b.id),
  };
}

test('migrate --from a SQLite ledger --to PostgreSQL copies every bill, link, claim, event and pending webhook; a proxy on it carries on', { timeout: 60_000 }, async () => {
  const received: string[] = [];
  const receiver = await listen(async (request) => {
    received.push(JSON.parse(await request.text()).id);
    return new Response('ok');
  });
  const upstreams = await startUpstreams();
  const file = join(await mkdtemp(join(tmpdir(), 'maemanee-migrate-')), 'ledger.sqlite');
  const now = Date.now();
  const outbox = { endpoints: [receiver.url], at: now };
  const facts = (id: string) => ({ id, ref1: 'r', amount: 50, expiresAt: new Date(now).toISOString(), sandbox: false });
  const sqlite = await openSqliteLedger(file);
  // Made as a proxy makes them, through the ledger's own calls: a paid bill, an expired one, one in doubt, one still
  // pending, a pay link with its paid bill, an order being billed; the webhooks of the first three still to send.
  const ids = ['100', '101', '102', '103', '104'];
  for (const [i, id] of ids.entries()) await sqlite.recordBill(bill(id, { createdAt: now - 60_000 + i, expiresAt: now + 600_000, nextCheckAt: now + 3_600_000 }));
  await sqlite.recordPaid('100', paid('100', 'paid-at'), paidEvent('100'), outbox);
  await sqlite.recordUnpaid('101', 'expired', { id: eventId('payment.expired', '101'), type: 'payment.expired', created: 'c', data: { ...facts('101'), cancelled: false } }, outbox);
  await sqlite.recordUnpaid('102', 'needs_review', { id: eventId('payment.needs_review', '102'), type: 'payment.needs_review', created: 'c', data: { ...facts('102'), reason: 'answer lost' } }, outbox);
  await sqlite.recordLink({ id: 'LinkAAAAAAAAAAAAAAAAA1', amount: 50, description: 'Red shirt', ref1: 'link-1', lang: 'th', base: 'http://127.0.0.1', createdAt: now, expiresAt: now + 86_400_000, disabledAt: null, items: null, fields: [], reusable: false, limit: null });
  await sqlite.recordBill(bill('105', { orderKey: 'link:LinkAAAAAAAAAAAAAAAAA1', linkId: 'LinkAAAAAAAAAAAAAAAAA1', createdAt: now, expiresAt: now + 600_000, nextCheckAt: now + 3_600_000 }));
  await sqlite.recordPaid('105', paid('105', 'link-paid'), paidEvent('105'), { endpoints: [], at: now });
  assert.ok(await sqlite.claimOrder('["order-9",50]', now, 3_600_000));
  const all = [...ids, '105'];
  const before = await contents(sqlite, all);
  sqlite.close();

  const url = await server.database();
  const moved = await cli(['migrate', '--from', file, '--to', url]);
  assert.equal(moved.status, 0, moved.out);
  assert.match(moved.out, /^bills +6 +6 +6$/m);
  assert.match(moved.out, /^events +4 +4 +4$/m);
  assert.match(moved.out, /^deliveries +3 +3 +3$/m);
  assert.match(moved.out, /^links +1 +1 +1$/m);
  assert.match(moved.out, /^order_claims +1 +1 +1$/m);
  assert.match(moved.out, new RegExp(`into postgres://maemanee:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/ledger_\\d+ \\(schema ${SCHEMA_VERSION}\\): every row counted on both sides`));
  assert.ok(!moved.out.includes('test-password'), 'no password shown');

  const pg = await openPostgresLedger(url);
  try {
    assert.deepEqual(await contents(pg, all), before, 'every fact as the SQLite ledger had it, seq numbers included');
    assert.equal(await pg.claimOrder('["order-9",50]', now + 1, 1000), false, "the order's claim came along");
  } finally {
    await pg.close();
  }
  // And back, the way out.
  const back = join(await mkdtemp(join(tmpdir(), 'maemanee-migrate-')), 'back.sqlite');
  assert.equal((await cli(['migrate', '--from', url, '--to', back])).status, 0);
  const returned = await openSqliteLedger(back);
  assert.deepEqual(await contents(returned, all), before, 'copied back to a file: the same');
  returned.close();

  // The shop's proxy, started on the database: the webhooks still due go out, once each; its lookups show the same
  // bills and events; a new bill and its event come after the copied ones.
  const env = simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: url, MAEMANEE_WEBHOOK_URL: receiver.url, MAEMANEE_RECONCILE_SECONDS: '1' });
  const proxy = await startNodeProxy(env, 0, { hostname: '127.0.0.1', log: () => {} });
  try {
    const target = overHttp(proxy.url);
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline) await sleep(100);
    await sleep(1500);
    assert.deepEqual(received.sort(), ['payment.expired:101', 'payment.needs_review:102', 'payment.paid:100']);
    const token = await signMerchantToken(env.MAEMANEE_SECRET);
    const listed = await call(target, '/v1/payments?limit=10', { token });
    assert.deepEqual(listed.body.payments.map((p: { id: string; status: string }) => `${p.id} ${p.status}`), ['105 paid', '104 pending', '103 pending', '102 needs_review', '101 expired', '100 paid']);
    const fresh = await createPayment(target, 60, 'after-the-move');
    upstreams.simulator.pay(fresh.id);
    assert.equal((await call(target, `/v1/payments/${fresh.id}/confirm`, { method: 'POST', token: fresh.token })).body.status, 'paid');
    assert.equal((await call(target, '/v1/payments?limit=1', { token })).body.payments[0].id, fresh.id, 'the new bill is the newest');
    const events = await call(target, `/v1/events?after=${before.events.at(-1)!.seq}`, { token });
    assert.deepEqual(events.body.events.map((e: { id: string }) => e.id), [`payment.paid:${fresh.id}`], "the shop's events cursor carries over");
    assert.equal((await call(target, '/pay/LinkAAAAAAAAAAAAAAAAA1')).status, 200, 'the pay link');
  } finally {
    await proxy.close();
    await upstreams.close();
    await receiver.close();
  }

  const again = await cli(['migrate', '--from', file, '--to', url]);
  assert.equal(again.status, 1);
  assert.match(again.out, /the target ledger is not empty \(events: 5, deliveries: 4, order_claims: 1, links: 1, bills: 7\): copy into an empty one, or add --merge/);
  const merged = await cli(['migrate', '--from', file, '--to', url, '--merge']);
  assert.equal(merged.status, 0, merged.out);
  assert.match(merged.out, /^bills +6 +0 +7$/m, 'merged: nothing twice');
});

test('migrate alone makes the tables in MAEMANEE_DB before any proxy starts; it refuses a missing file, the same ledger twice, and no ledger at all', async () => {
  const url = await server.database();
  const made = await cli(['migrate'], { MAEMANEE_DB: url });
  assert.equal(made.status, 0, made.out);
  assert.match(made.out, new RegExp(`^postgres://maemanee:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/ledger_\\d+: schema ${SCHEMA_VERSION}, ready\\n$`));
  assert.match((await cli(['migrate', '--from', '/nonexistent/ledger.sqlite', '--to', url])).out, /--from: no ledger file at \/nonexistent\/ledger\.sqlite/);
  assert.match((await cli(['migrate', '--from', url, '--to', url])).out, /--from and --to are the same ledger/);
  assert.match((await cli(['migrate'])).out, /say which ledger: --to, or MAEMANEE_DB/);
});

test("a backup by the pg_dump line in docs/deploy-node.md, taken while a proxy runs, restored with pg_restore, holds the paid bill", { timeout: 60_000 }, async () => {
  const upstreams = await startUpstreams();
  const url = await server.database();
  const proxy = await startNodeProxy(simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: url }), 0, { hostname: '127.0.0.1', log: () => {} });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-pgdump-'));
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 70, 'backed-up');
    upstreams.simulator.pay(bill.id);
    const paid = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
    assert.equal(paid.status, 'paid');
    const line = /^pg_dump .*$/m.exec(readFileSync('docs/deploy-node.md', 'utf8'))![0].replace('/var/backups/maemanee-pay', dir);
    // Payments go on while it runs.
    const [dumped] = await Promise.all([run('bash', ['-c', line], { env: { ...process.env, MAEMANEE_DB: url } }), createPayment(target, 71, 'during-the-dump')]);
    assert.equal(dumped.stderr, '');
    const [file] = readdirSync(dir);
    assert.match(file, /^ledger-\d{4}-\d{2}-\d{2}\.dump$/);
    const restored = await server.database();
    await run('pg_restore', ['--no-owner', `--dbname=${restored}`, join(dir, file)]);
    const ledger = await openPostgresLedger(restored);
    try {
      assert.equal((await ledger.bill(bill.id))?.paid?.receipt, paid.receipt);
      const next = await ledger.listBills({ limit: 1 });
      await ledger.recordBill({ ...(await ledger.bill(bill.id))!, id: 'after-restore', createdAt: Date.now() });
      assert.ok((await ledger.listBills({ limit: 1 }))[0].seq > next[0].seq, 'new bills are numbered after the restored ones');
    } finally {
      await ledger.close();
    }
  } finally {
    await proxy.close();
    await upstreams.close();
  }
});


/**
 * Moving a shop over: `maemanee-pay migrate --from <sqlite file> --to postgres://…` from a ledger with paid, expired
 * and needs-review bills (one resolved by the owner), a pending one, a pay link and its bill, a shop link with two
 * paid orders and a held one, an order's claim, webhooks still to deliver, and the console's owner with a session and
 * a passkey; then a proxy on the PostgreSQL database runs on with nothing lost. And `maemanee-pay migrate` alone,
 * which makes the tables before any proxy starts.
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
import { LEDGER_TABLES, SCHEMA_VERSION } from '../../proxy/ledger/schema.ts';
import type { SqlDriver } from '../../proxy/ledger/sql-ledger.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { bill, paid, paidEvent } from '../contract/ledger-contract.ts';
import { consoleClient, CONSOLE_URL } from '../helpers/console.ts';
import { call, createPayment, overHttp, type Target } from '../helpers/flow.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';
import { softwareAuthenticator } from '../helpers/software-authenticator.ts';

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

/** Every row of every table the ledger has, each table in one order: what two ledgers are compared by. */
async function rowsOf(driver: SqlDriver) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of LEDGER_TABLES.filter((t) => t !== 'meta')) {
    const [first] = await driver.query(`SELECT * FROM ${table} LIMIT 1`);
    out[table] = first ? await driver.query(`SELECT * FROM ${table} ORDER BY ${Object.keys(first).join(', ')}`) : [];
  }
  return out;
}

/** Everything the ledger answers about what it holds, to compare two ledgers by. */
async function contents(ledger: Ledger, ids: string[], shop: string, now: number) {
  return {
    bills: await Promise.all(ids.map((id) => ledger.bill(id))),
    listed: await ledger.listBills({ limit: 100 }),
    events: await ledger.events(0, 100),
    link: await ledger.link('LinkAAAAAAAAAAAAAAAAA1'),
    linkBills: (await ledger.billsForOrder('link:LinkAAAAAAAAAAAAAAAAA1')).map((b) => b.id),
    shop: await ledger.link(shop),
    stock: await ledger.linkStock(shop, now),
    shopBills: await ledger.billsForLink(shop, 10),
    members: await ledger.consoleMembers(now),
    audit: await ledger.audit({ limit: 100 }),
  };
}

/** A shop link's buyer tapping its page's button: their order, then its bill (a new buyer each: no cookie kept). */
async function buy(target: Target, link: string, name: string) {
  const order = await call(target, `/pay/${link}/checkout`, { method: 'POST', json: { quantities: [1], fields: { name } } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const created = await call(target, '/v1/payments', { method: 'POST', json: { order: order.body.order } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: string; token: string };
}

test('migrate --from a SQLite ledger --to PostgreSQL copies every table (bills, links and their orders, claims, events, pending webhooks, the console); a proxy on it carries on', { timeout: 90_000 }, async () => {
  const received: string[] = [];
  const receiver = await listen(async (request) => {
    received.push(JSON.parse(await request.text()).id);
    return new Response('ok');
  });
  const upstreams = await startUpstreams();
  try {
    const file = join(await mkdtemp(join(tmpdir(), 'maemanee-migrate-')), 'ledger.sqlite');
    const now = Date.now();
    const outbox = { endpoints: [receiver.url], at: now };
    const facts = (id: string) => ({ id, ref1: 'r', amount: 50, expiresAt: new Date(now).toISOString(), sandbox: false });
    const sqlite = await openSqliteLedger(file);
    // Made as a proxy makes them, through the ledger's own calls: a paid bill, an expired one, one in doubt, one still
    // pending, a pay link with its paid bill, an order being billed; the webhooks of the first three still to send, the
    // first of them tried once already and refused.
    const ids = ['100', '101', '102', '103', '104'];
    for (const [i, id] of ids.entries()) await sqlite.recordBill(bill(id, { createdAt: now - 60_000 + i, expiresAt: now + 600_000, nextCheckAt: now + 3_600_000 }));
    await sqlite.recordPaid('100', paid('100', 'paid-at'), paidEvent('100'), outbox);
    await sqlite.recordUnpaid('101', 'expired', { id: eventId('payment.expired', '101'), type: 'payment.expired', created: 'c', data: { ...facts('101'), cancelled: false } }, outbox);
    await sqlite.recordUnpaid('102', 'needs_review', { id: eventId('payment.needs_review', '102'), type: 'payment.needs_review', created: 'c', data: { ...facts('102'), reason: 'answer lost' } }, outbox);
    const refused = { eventId: eventId('payment.paid', '100'), endpoint: receiver.url };
    assert.ok(await sqlite.claimDelivery(refused, now, 60_000));
    await sqlite.recordDelivery(refused, { nextAttemptAt: now, error: 'HTTP 503' });
    await sqlite.recordLink({ id: 'LinkAAAAAAAAAAAAAAAAA1', amount: 50, description: 'Red shirt', ref1: 'link-1', lang: 'th', base: 'http://127.0.0.1', createdAt: now, expiresAt: now + 86_400_000, disabledAt: null, items: null, fields: [], reusable: false, limit: null });
    await sqlite.recordBill(bill('105', { orderKey: 'link:LinkAAAAAAAAAAAAAAAAA1', linkId: 'LinkAAAAAAAAAAAAAAAAA1', createdAt: now, expiresAt: now + 600_000, nextCheckAt: now + 3_600_000 }));
    await sqlite.recordPaid('105', paid('105', 'link-paid'), paidEvent('105'), { endpoints: [], at: now });
    assert.ok(await sqlite.claimOrder('["order-9",50]', now, 3_600_000));
    sqlite.close();

    // Then a proxy on the file, as the shop ran it (no webhook endpoint yet: the three above stay due): the owner signs
    // in to the console and adds a passkey, and resolves the bill in review; a shop link of three sells two and holds
    // the third buyer's place while their bill is paid.
    const env = simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: file, MAEMANEE_PUBLIC_URL: CONSOLE_URL });
    const key = await softwareAuthenticator();
    const onFile = await startNodeProxy(env, 0, { hostname: '127.0.0.1', log: () => {} });
    let cookie: string;
    let shop: string;
    let held: { id: string; token: string };
    try {
      const target = overHttp(onFile.url);
      const client = consoleClient(target, { secret: env.MAEMANEE_SECRET });
      ({ cookie } = await client.signIn(await client.invite()));
      const options = (await client.api(cookie, '/console/api/passkeys/options', { method: 'POST', json: {} })).body;
      const added = await client.api(cookie, '/console/api/passkeys', { method: 'POST', json: { response: await key.register(options, { origin: CONSOLE_URL }) } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const resolved = await client.api(cookie, '/console/api/payments/102/resolve', { method: 'POST', json: { found: 'not_paid' } });
      assert.deepEqual([resolved.status, resolved.body.bill?.status, resolved.body.resolution?.found], [200, 'expired', 'not_paid'], JSON.stringify(resolved.body));
      const link = await call(target, '/v1/links', {
        method: 'POST',
        json: { items: [{ name: 'Tee', price: 250 }], fields: [{ key: 'name', required: true }], reusable: true, limit: 3 },
        token: await signMerchantToken(env.MAEMANEE_SECRET),
      });
      assert.equal(link.status, 201, JSON.stringify(link.body));
      shop = link.body.id;
      for (const name of ['Nok', 'Anna']) {
        const sold = await buy(target, shop, name);
        upstreams.simulator.pay(sold.id);
        assert.equal((await call(target, `/v1/payments/${sold.id}/confirm`, { method: 'POST', token: sold.token })).body.status, 'paid');
      }
      held = await buy(target, shop, 'Somchai');
    } finally {
      await onFile.close();
    }

    const at = Date.now();
    const source = await openSqliteLedger(file, { log: () => {} });
    const all = [...ids, '105'];
    const before = await contents(source, all, shop, at);
    const rows = await rowsOf(source.driver);
    source.close();
    assert.deepEqual([before.stock, before.shopBills.length, before.members[0].passkeys.length, before.bills[2]?.resolution?.found], [{ sold: 2, held: 1 }, 3, 1, 'not_paid']);
    for (const table of LEDGER_TABLES.filter((t) => !['meta', 'console_challenges'].includes(t))) assert.ok(rows[table].length > 0, `the SQLite ledger has rows in ${table}`);

    const url = await server.database();
    const moved = await cli(['migrate', '--from', file, '--to', url]);
    assert.equal(moved.status, 0, moved.out);
    const counted = [...moved.out.matchAll(/^(\w+) +(\d+) +(\d+) +(\d+)$/gm)].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])]);
    assert.deepEqual(
      counted,
      LEDGER_TABLES.filter((t) => t !== 'meta').map((t) => [t, rows[t].length, rows[t].length, rows[t].length]),
      'each table of the schema, counted: in the source, copied, in the target',
    );
    assert.match(moved.out, /^bills +9 +9 +9$/m);
    assert.match(moved.out, /^link_orders +3 +3 +3$/m);
    assert.match(moved.out, new RegExp(`into postgres://maemanee:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/ledger_\\d+ \\(schema ${SCHEMA_VERSION}\\): every row counted on both sides`));
    assert.ok(!moved.out.includes('test-password'), 'no password shown');

    const pg = await openPostgresLedger(url);
    try {
      assert.deepEqual(await rowsOf(pg.driver), rows, 'every row of every table as the SQLite ledger had it, seq numbers included');
      assert.deepEqual(await contents(pg, all, shop, at), before, 'and the ledger answers the same');
      assert.equal(await pg.claimOrder('["order-9",50]', now + 1, 1000), false, "the order's claim came along");
      const catalog = await pg.driver.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
      assert.deepEqual(catalog.map((r) => r.t), [...LEDGER_TABLES].sort(), 'the tables the schema makes, and no other');
      assert.deepEqual(await pg.driver.query(`SELECT v FROM meta WHERE k = 'schema'`), [{ v: String(SCHEMA_VERSION) }], "the target's own schema mark");
    } finally {
      await pg.close();
    }
    // And back, the way out.
    const back = join(await mkdtemp(join(tmpdir(), 'maemanee-migrate-')), 'back.sqlite');
    const backOut = await cli(['migrate', '--from', url, '--to', back], { LANG: 'th_TH.UTF-8' });
    assert.equal(backOut.status, 0, backOut.out);
    assert.match(backOut.out, /^ตาราง +ในต้นทาง +คัดลอก +ในปลายทาง\nevents +\d+ +\d+ +\d+$/m, 'in Thai, in a Thai locale');
    assert.match(backOut.out, new RegExp(`^คัดลอก postgres://maemanee:\\*\\*\\*@[^ ]+ ไปยัง ${back.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} แล้ว \\(schema ${SCHEMA_VERSION}\\): นับแถวทุกตารางทั้งสองฝั่งตรงกัน\n$`, 'm'));
    const returned = await openSqliteLedger(back);
    assert.deepEqual(await rowsOf(returned.driver), rows, 'copied back to a file: the same');
    returned.close();

    // The shop's proxy, started on the database: the webhooks still due go out, once each; its lookups show the same
    // bills and events; a new bill and its event come after the copied ones; the console's session and passkey still
    // sign in; the shop link's sold and held places count.
    const onPg = { ...env, MAEMANEE_DB: url, MAEMANEE_WEBHOOK_URL: receiver.url, MAEMANEE_RECONCILE_SECONDS: '1' };
    const proxy = await startNodeProxy(onPg, 0, { hostname: '127.0.0.1', log: () => {} });
    try {
      const target = overHttp(proxy.url);
      const deadline = Date.now() + 10_000;
      while (received.length < 3 && Date.now() < deadline) await sleep(100);
      await sleep(1500);
      assert.deepEqual([...received].sort(), ['payment.expired:101', 'payment.needs_review:102', 'payment.paid:100']);
      const token = await signMerchantToken(env.MAEMANEE_SECRET);
      const listed = await call(target, '/v1/payments?limit=20', { token });
      assert.deepEqual(
        listed.body.payments.map((p: { id: string; status: string }) => p.status),
        ['pending', 'paid', 'paid', 'paid', 'pending', 'pending', 'expired', 'expired', 'paid'],
        'the shop link\'s three, the pay link\'s, then the first five, newest first',
      );
      const fresh = await createPayment(target, 60, 'after-the-move');
      upstreams.simulator.pay(fresh.id);
      assert.equal((await call(target, `/v1/payments/${fresh.id}/confirm`, { method: 'POST', token: fresh.token })).body.status, 'paid');
      assert.equal((await call(target, '/v1/payments?limit=1', { token })).body.payments[0].id, fresh.id, 'the new bill is the newest');
      const events = await call(target, `/v1/events?after=${before.events.at(-1)!.seq}`, { token });
      assert.deepEqual(events.body.events.map((e: { id: string }) => e.id), [`payment.paid:${fresh.id}`], "the shop's events cursor carries over");
      assert.equal((await call(target, '/pay/LinkAAAAAAAAAAAAAAAAA1')).status, 200, 'the pay link');

      const client = consoleClient(target, { secret: env.MAEMANEE_SECRET });
      const me = await client.api(cookie, '/console/api/me');
      assert.deepEqual([me.status, me.body.member?.role, me.body.hasPasskey], [200, 'owner', true], 'the session signed in on the file still does');
      const review = (await client.api(cookie, '/console/api/payments/102')).body;
      assert.deepEqual([review.bill.status, review.bill.resolvedBy, review.resolution.found], ['expired', 'merchant', 'not_paid'], 'the resolution');
      const challenge = (await client.api(undefined, '/console/api/passkey-session/options', { method: 'POST', json: {} })).body;
      const byPasskey = await client.api(undefined, '/console/api/passkey-session', { method: 'POST', json: { response: await key.authenticate(challenge, { origin: CONSOLE_URL }) } });
      assert.deepEqual([byPasskey.status, byPasskey.body.passkey], [200, true], 'the passkey added on the file signs in');
      const audit = (await client.api(cookie, '/console/api/audit')).body.entries.map((e: { action: string }) => e.action);
      assert.deepEqual(audit.slice(0, 2), ['signin.passkey', 'payment.resolved'], 'the audit list goes on after the copied entries');

      assert.deepEqual((await call(target, `/v1/links/${shop}`, { token })).body.sold, 2, "the shop link's sold count");
      const late = await call(target, `/pay/${shop}/checkout`, { method: 'POST', json: { quantities: [1], fields: { name: 'Dao' } } });
      assert.deepEqual([late.status, late.body.error?.code], [410, 'sold_out'], "the third buyer's place is still held by their bill");
      upstreams.simulator.pay(held.id);
      assert.equal((await call(target, `/v1/payments/${held.id}/confirm`, { method: 'POST', token: held.token })).body.status, 'paid');
      assert.deepEqual((({ sold, status }) => ({ sold, status }))((await call(target, `/v1/links/${shop}`, { token })).body), { sold: 3, status: 'sold_out' });
    } finally {
      await proxy.close();
    }

    const again = await cli(['migrate', '--from', file, '--to', url]);
    assert.equal(again.status, 1);
    assert.match(again.out, /the target ledger is not empty \(events: \d+, deliveries: \d+, [^)]*bills: 10[^)]*\): copy into an empty one, or add --merge/);
    const merged = await cli(['migrate', '--from', file, '--to', url, '--merge']);
    assert.equal(merged.status, 0, merged.out);
    assert.match(merged.out, /^bills +9 +0 +10$/m, 'merged: nothing twice');
    assert.doesNotMatch(merged.out, /^\w+ +\d+ +[1-9]\d* +\d+$/m, 'no table gains a row it had');
  } finally {
    await upstreams.close();
    await receiver.close();
  }
});

test('migrate alone makes the tables in MAEMANEE_DB before any proxy starts; it refuses a missing file, the same ledger twice, and no ledger at all', async () => {
  const url = await server.database();
  const made = await cli(['migrate'], { MAEMANEE_DB: url });
  assert.equal(made.status, 0, made.out);
  assert.match(made.out, new RegExp(`^postgres://maemanee:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/ledger_\\d+: schema ${SCHEMA_VERSION}, ready\\n$`));
  assert.match((await cli(['migrate', '--lang', 'th'], { MAEMANEE_DB: url })).out, new RegExp(`^postgres://maemanee:\\*\\*\\*@[^ ]+: schema ${SCHEMA_VERSION} พร้อมใช้\\n$`), 'again: nothing to do, in Thai');
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


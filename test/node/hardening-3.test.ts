/**
 * Hardening, round three: what a third attack on the live proxy found, one test per finding, each of which failed
 * on the code before its fix. Live mode against standalone simulator hosts whose second confirm of a paid bill
 * answers "already used", as the real upstream may.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import autocannon from 'autocannon';
import type { PaymentEvent } from '../../contract/http.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signMerchantToken, signOrder } from '../../server-kit/tokens.ts';
import { call, createPayment, overHttp, type Target } from '../helpers/flow.ts';
import { recordedApp, LIVE_ENV } from '../helpers/sandbox-app.ts';
import { proxyProcess, simulatorProxyEnv, startUpstreams, stopProxyProcesses } from '../helpers/servers.ts';
import { writeLocker } from '../helpers/write-locker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SECRET = simulatorProxyEnv([]).MAEMANEE_SECRET;
const quiet = { log: () => {} };

after(() => stopProxyProcesses());

async function until<T>(what: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms: number, label: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${label}`);
    await sleep(50);
  }
}

/** The ledger's events, through the events API with a merchant token. */
async function events(target: Target, secret = SECRET): Promise<PaymentEvent[]> {
  return (await call(target, '/v1/events', { token: await signMerchantToken(secret) })).body.events;
}

const lookup = async (target: Target, id: string, secret = SECRET) => (await call(target, `/v1/payments/${id}`, { token: await signMerchantToken(secret) })).body;

/** Short bills and a short grace, so that a bill's whole life fits in a test. */
const shortLives = (dir: string, extra: Record<string, string> = {}) => ({
  MAEMANEE_DB: join(dir, 'ledger.sqlite'),
  MAEMANEE_RECONCILE_SECONDS: '1',
  MAEMANEE_RECONCILE_GRACE_SECONDS: '1',
  MAEMANEE_UPSTREAM_TIMEOUT_MS: '500',
  ...extra,
});

test('1a. a confirm that took effect before its host answered 500 is not failed over to the mirror ("already used"): the bill ends needing review, never quietly expired', { timeout: 30_000 }, async () => {
  const upstreams = await startUpstreams({ secondConfirm: 'used', windowSeconds: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy(simulatorProxyEnv(upstreams.urls, shortLives(dir)), 0, quiet);
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 70, 'review-1');
    upstreams.simulator.pay(bill.id);
    upstreams.hosts[0].setFault({ kind: 'http500', methods: ['confirm'], count: 1 });
    const first = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.deepEqual([first.status, first.body.error?.code], [502, 'upstream_error'], 'a fault, not "not paid" from the mirror');
    const again = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.notEqual(again.body.status, 'paid', 'the mirror answers "already used" now');
    const review = await until(async () => (await events(target)).find((e) => e.type === 'payment.needs_review'), 10_000, 'payment.needs_review');
    assert.deepEqual([review.id, review.data.id, review.data.ref1, review.data.amount], [`payment.needs_review:${bill.id}`, bill.id, 'review-1', 70]);
    assert.ok(!(await events(target)).some((e) => e.type === 'payment.expired'), 'never quietly expired');
    assert.equal((await lookup(target, bill.id)).status, 'needs_review', 'the merchant lookup shows it so');
  } finally {
    await proxy.close();
    await upstreams.close();
  }
});

test('1b. a paid answer in hand is written through a busy ledger: another process holding the write lock past the busy timeout loses nothing', { timeout: 30_000 }, async () => {
  const upstreams = await startUpstreams({ secondConfirm: 'used' });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy(simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: join(dir, 'ledger.sqlite') }), 0, quiet);
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 80, 'locked-1');
    upstreams.simulator.pay(bill.id);
    // The upstream takes the confirm at once and answers after 500 ms; meanwhile another process takes the write lock
    // and holds it past the 5 s the proxy used to wait.
    const locker = await writeLocker(join(dir, 'ledger.sqlite'), 6_500);
    upstreams.hosts[0].setFault({ kind: 'delay', delayMs: 500, methods: ['confirm'], count: 1 });
    const confirming = call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await sleep(100);
    await locker.lock();
    const answer = await confirming;
    await locker.released;
    assert.deepEqual([answer.status, answer.body.status, answer.body.amount], [200, 'paid', 80]);
    const later = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(later.body.status, 'paid', 'and paid for good, though the upstream now says "already used"');
    assert.equal((await events(target)).filter((e) => e.type === 'payment.paid').length, 1);
  } finally {
    await proxy.close();
    await upstreams.close();
  }
});

test('1c. a process killed between the upstream\'s answer and the paid write: after a restart the bill ends needing review, never quietly expired', { timeout: 60_000 }, async () => {
  const upstreams = await startUpstreams({ secondConfirm: 'used', windowSeconds: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  // The ask lease is two hosts' timeouts and 5 s: the grace outlasts it, so the restarted proxy sees the ask abandoned.
  const env = simulatorProxyEnv(upstreams.urls, shortLives(dir, { MAEMANEE_RECONCILE_GRACE_SECONDS: '8' }));
  let proxy = await proxyProcess(env);
  try {
    const bill = await createPayment(proxy.target, 90, 'killed-1');
    upstreams.simulator.pay(bill.id);
    upstreams.hosts[0].setFault({ kind: 'delay', delayMs: 5_000, methods: ['confirm'], count: 1 });
    void call(proxy.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token }).catch(() => {});
    await sleep(300); // the upstream has confirmed it; its answer is on the way
    proxy.child.kill('SIGKILL');
    await sleep(100);
    proxy = await proxyProcess(env);
    const review = await until(async () => (await events(proxy.target)).find((e) => e.type === 'payment.needs_review'), 30_000, 'payment.needs_review');
    assert.deepEqual([review.data.id, review.data.ref1, review.data.amount], [bill.id, 'killed-1', 90]);
    assert.ok(!(await events(proxy.target)).some((e) => e.type === 'payment.expired'), 'never quietly expired');
  } finally {
    await proxy.stop();
    await upstreams.close();
  }
});

test('2. an order is never billed twice around its expiry: paid 0.5 s before it, asked again 0.3 s after it, within the check gap', { timeout: 30_000 }, async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_SANDBOX_WINDOW: '3' }, { schedule: { checkGapMs: 2000 } });
  try {
    const order = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry', amount: 60 });
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    const expires = Date.parse(first.body.expiresAt);
    await sleep(expires - 1000 - Date.now());
    const checked = await call(ctx.target, `/v1/payments/${first.body.id}/confirm`, { method: 'POST', token: first.body.token });
    assert.equal(checked.body.status, 'pending');
    await sleep(expires - 500 - Date.now());
    ctx.simulator.pay(first.body.id);
    await sleep(expires + 300 - Date.now());
    const again = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([again.status, again.body.status, again.body.id], [200, 'paid', first.body.id], 'its payment, not a second bill');
    assert.equal(again.body.late, true, 'confirmed after the expiry');
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, 1);

    // Unpaid: a new bill only once the upstream has cancelled the old one.
    const unpaid = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry-2', amount: 61 });
    const old = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: unpaid } });
    await call(ctx.target, `/sandbox/payments/${old.body.id}/expire`, { method: 'POST' });
    const replaced = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: unpaid } });
    assert.equal(replaced.status, 201);
    assert.deepEqual(ctx.methods().filter((m) => m !== 'detail_pay').slice(-3), ['confirm', 'cancel', 'create_pay']);
    assert.equal((await ctx.ledger.bill(old.body.id))?.status, 'cancelled');

    // A cancel whose outcome is unknown (it took effect, then the host failed) makes no new bill, then or after.
    const stuck = await signOrder(LIVE_ENV.MAEMANEE_SECRET, { ref1: 'race-expiry-3', amount: 62 });
    const third = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } });
    await call(ctx.target, `/sandbox/payments/${third.body.id}/expire`, { method: 'POST' });
    ctx.host.setFault({ kind: 'html', methods: ['cancel'], count: 1 });
    const creates = ctx.methods().filter((m) => m === 'create_pay').length;
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } })).status, 502);
    const later = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order: stuck } });
    assert.deepEqual([later.status, later.body.error?.code], [409, 'order_unsettled'], 'the shop must look before it is billed again');
    assert.equal(ctx.methods().filter((m) => m === 'create_pay').length, creates);
  } finally {
    ctx.stop();
  }
});

/** Makes the ledger's files unwritable, as root (immutable) or not (read-only), and back. */
function freeze(dir: string, frozen: boolean) {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).map((f) => join(dir, f));
  try {
    execFileSync('chattr', [frozen ? '+i' : '-i', ...files], { stdio: 'ignore' });
  } catch {
    for (const f of files) chmodSync(f, frozen ? 0o444 : 0o644);
    chmodSync(dir, frozen ? 0o555 : 0o755);
  }
}

test('3. a ledger fault shows: the process lives, writes answer 503, /health says failing, a paid answer is kept and logged; a proxy will not start on it; a removed file is noticed', { timeout: 60_000 }, async () => {
  const upstreams = await startUpstreams({ secondConfirm: 'used' });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const env = simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: join(dir, 'ledger.sqlite'), MAEMANEE_RECONCILE_SECONDS: '1' });
  const proxy = await proxyProcess(env);
  try {
    const bill = await createPayment(proxy.target, 10, 'before');
    assert.equal((await call(proxy.target, '/health')).status, 200);
    // The files turn unwritable while the upstream is confirming a paid bill, after the check was claimed.
    upstreams.simulator.pay(bill.id);
    upstreams.hosts[0].setFault({ kind: 'delay', delayMs: 500, methods: ['confirm'], count: 1 });
    const confirming = call(proxy.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    await sleep(200);
    freeze(dir, true);
    const unwritten = await confirming;
    assert.deepEqual([unwritten.status, unwritten.body.error?.code], [503, 'ledger_unavailable']);
    const line = proxy.output().split('\n').find((l) => l.includes('"paid_not_recorded"'));
    assert.ok(line, 'the paid answer the ledger could not take is logged');
    assert.deepEqual(Object.entries(JSON.parse(line)).filter(([k]) => ['level', 'id', 'ref1', 'amount'].includes(k)), [['level', 'error'], ['id', bill.id], ['ref1', 'before'], ['amount', 10]]);
    for (let i = 0; i < 20; i++) {
      const res = await call(proxy.target, '/v1/payments', { method: 'POST', json: { amount: 10, ref1: `frozen-${i}` } });
      assert.deepEqual([res.status, res.body.error?.code], [503, 'ledger_unavailable']);
    }
    const health = await call(proxy.target, '/health');
    assert.deepEqual([health.status, health.body.ok, health.body.ledger], [503, false, 'failing']);
    await assert.rejects(proxyProcess(env), /cannot start: the ledger .* cannot be opened for writing/, 'no second proxy on an unwritable ledger');
    await sleep(1500);
    assert.equal(proxy.child.exitCode ?? proxy.child.signalCode, null, 'the process is alive');
    freeze(dir, false);
    assert.equal((await call(proxy.target, '/health')).status, 200, 'healthy again once it can write');
    const kept = await until(async () => (await lookup(proxy.target, bill.id)).paidAt, 5000, 'the kept paid answer, written');
    assert.ok(kept);
    const paid = await call(proxy.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
    assert.equal(paid.body.status, 'paid', 'paid, though the upstream now answers "already used"');
    assert.equal((await call(proxy.target, '/v1/payments', { method: 'POST', json: { amount: 10, ref1: 'after' } })).status, 201);

    rmSync(dir, { recursive: true });
    const gone = await call(proxy.target, '/health');
    assert.deepEqual([gone.status, gone.body.ledger], [503, 'failing'], 'a removed ledger file is a failing ledger');
  } finally {
    freeze(dir, false);
    await proxy.stop();
    await upstreams.close();
  }
  const fresh = await proxyProcess(env);
  try {
    assert.match(fresh.output(), /"msg":"ledger_created"/, 'a new, empty ledger is made only with a line that says so');
  } finally {
    await fresh.stop();
  }
});

test('4. reading a bill costs the upstream nothing: 60 confirms and 40 reads of one pending bill at once cost at most 2 calls', async () => {
  const upstreams = await startUpstreams();
  let calls = 0;
  const forwarder = await listen(async (request) => {
    calls++;
    const url = new URL(request.url);
    return fetch(`${upstreams.hosts[0].url}${url.pathname}${url.search}`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy(simulatorProxyEnv([`${forwarder.url}/api_mn.php`], { MAEMANEE_DB: join(dir, 'ledger.sqlite'), MAEMANEE_CHECK_GAP_MS: '2000', MAEMANEE_CHECK_LIMIT: '1000' }), 0, quiet);
  try {
    const target = overHttp(proxy.url);
    const bill = await createPayment(target, 40, 'burst-1');
    const before = calls;
    const answers = await Promise.all([
      ...Array.from({ length: 60 }, () => call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })),
      ...Array.from({ length: 40 }, () => call(target, `/v1/payments/${bill.id}`, { token: bill.token })),
    ]);
    assert.deepEqual([...new Set(answers.map((a) => `${a.status} ${a.body.status}`))], ['200 pending']);
    assert.ok(answers.slice(60).every((a) => a.body.qr === bill.qr), 'reads show the QR the bill was made with');
    assert.ok(calls - before <= 2, `${calls - before} upstream calls`);
  } finally {
    await proxy.close();
    await forwarder.close();
    await upstreams.close();
  }
});

test('5. the header timeout holds after a busy minute: a client sending half its headers is cut within 15 s', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-h3-'));
  const proxy = await startNodeProxy({ MAEMANEE_DB: join(dir, 'ledger.sqlite'), MAEMANEE_CHECK_CLIENT_LIMIT: '100000000' }, 0, quiet);
  try {
    await autocannon({ url: `${proxy.url}/health`, connections: 60, duration: 5 });
    const started = Date.now();
    const socket = connect(proxy.port, '127.0.0.1');
    socket.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nX-A: ');
    socket.on('error', () => {});
    // Reading, as a real client does: a socket nobody reads never notices the server closing it.
    socket.resume();
    const closed = await Promise.race([new Promise((r) => socket.once('close', () => r(true))), sleep(15_000).then(() => false)]);
    socket.destroy();
    assert.ok(closed, 'still connected 15 s later');
    assert.ok(Date.now() - started >= 9_000, 'not before its 10 s');
  } finally {
    await proxy.close();
  }
});

test('6a. background work does not wait on a slow shop: with the webhook receiver hanging, the next unwatched payment is found on time', { timeout: 30_000 }, async () => {
  const hanging = await listen(() => new Promise<Response>(() => {}));
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hanging.url}/hook` }, { schedule: { reconcileMs: 300 } });
  try {
    const a = await createPayment(ctx.target, 20, 'slow-shop-a');
    ctx.simulator.pay(a.id); // no browser: the proxy finds it, and its webhook hangs for 10 s
    await until(async () => (await ctx.ledger.bill(a.id))?.paid, 3000, 'the first unwatched payment');
    const b = await createPayment(ctx.target, 21, 'slow-shop-b');
    ctx.simulator.pay(b.id);
    await until(async () => (await ctx.ledger.bill(b.id))?.paid, 3000, 'the next unwatched payment, found on time');
  } finally {
    ctx.stop();
    await hanging.close();
  }
});

test('6b. one endpoint hanging never delays another, and asking for a redelivery five times sends it once', { timeout: 30_000 }, async () => {
  const hanging = await listen(() => new Promise<Response>(() => {}));
  const got: string[] = [];
  const working = await listen(async (request) => (got.push(JSON.parse(await request.text()).id), new Response('ok')));
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_WEBHOOK_URL: `${hanging.url}/hook,${working.url}/hook` }, { schedule: { reconcileMs: 300 } });
  try {
    const a = await createPayment(ctx.target, 20, 'slow-shop-c');
    ctx.simulator.pay(a.id);
    const id = `payment.paid:${a.id}`;
    await until(() => got.includes(id), 3000, 'the working endpoint, while the other hangs');
    await sleep(200); // the working endpoint's delivery is recorded

    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    const asks = await Promise.all(Array.from({ length: 5 }, () => call(ctx.target, `/v1/events/${id}/redeliver`, { method: 'POST', token })));
    assert.ok(asks.every((r) => r.status === 202));
    assert.equal(asks.reduce((n, r) => n + r.body.queued, 0), 1, 'one redelivery queued for five asks (the hanging endpoint\'s is still waiting)');
    await until(() => got.filter((x) => x === id).length === 2, 3000, 'the redelivery');
    await sleep(500);
    assert.equal(got.filter((x) => x === id).length, 2, 'sent once more, not five times');
  } finally {
    ctx.stop();
    await hanging.close();
    await working.close();
  }
});

/**
 * The ledger file shared with other processes: several opening it at once, another holding its lock, a process
 * killed mid-payment, a file that turns unwritable. In-process ledger tests: test/fast/ledger.test.ts.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { call, createPayment, overHttp } from '../helpers/flow.ts';
import { events, lookup } from '../helpers/merchant-reads.ts';
import { schema2File } from '../helpers/schema-2-ledger.ts';
import { proxyProcess, shortLives, simulatorProxyEnv, startUpstreams, stopProxyProcesses } from '../helpers/servers.ts';
import { sleep, until } from '../helpers/wait.ts';
import { writeLocker } from '../helpers/write-locker.ts';

const quiet = { log: () => {} };
const newFile = async () => join(await mkdtemp(join(tmpdir(), 'maemanee-ledger-')), 'ledger.sqlite');

after(() => stopProxyProcesses());

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

test('a proxy started while another process holds the ledger file waits for it and starts', { timeout: 30_000 }, async () => {
  const file = await newFile();
  (await openSqliteLedger(file, quiet)).close();
  // The lock a commit holds while it writes the file: nobody may even read it. A process killed mid-commit leaves a
  // journal that the next one to open the file must roll back under the same lock.
  const locker = await writeLocker(file, 1000, 'exclusive');
  await locker.lock();
  const proxy = await startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: file }, 0, quiet);
  try {
    const health = await (await fetch(`${proxy.url}/health`)).json();
    assert.equal(health.ledger, 'ok');
  } finally {
    await proxy.close();
    await locker.released;
  }
});

test('past the bound, a proxy refuses to start, saying another process holds the ledger file', { timeout: 30_000 }, async () => {
  const file = await newFile();
  (await openSqliteLedger(file, quiet)).close();
  const locker = await writeLocker(file, 5000, 'exclusive');
  await locker.lock();
  try {
    await assert.rejects(
      startNodeProxy({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_DB: file }, 0, { ...quiet, ledgerStartWaitMs: 500 }),
      (error: Error) => error.name === 'LedgerFault' && /^the ledger \S+ is held by another process: still locked after 0\.5 s/.test(error.message),
    );
  } finally {
    locker.stop();
  }
});

test('a running proxy whose write met another process\'s exclusive hold waits it out, and its ledger works on', { timeout: 30_000 }, async () => {
  const file = await newFile();
  const ledger = await openSqliteLedger(file, quiet);
  try {
    const locker = await writeLocker(file, 1000, 'exclusive');
    await locker.lock();
    await ledger.probe();
    await locker.released;
    await ledger.probe();
  } finally {
    ledger.close();
  }
});

test('a paid answer in hand is written through a busy ledger: another process holding the write lock past the busy timeout loses nothing', { timeout: 30_000 }, async () => {
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

test('a process killed between the upstream\'s answer and the paid write: after a restart the bill ends needing review, never quietly expired', { timeout: 60_000 }, async () => {
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

test('a ledger fault shows: the process lives, writes answer 503, /health says failing, a paid answer is kept and logged; a proxy will not start on it; a removed file is noticed', { timeout: 60_000 }, async () => {
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

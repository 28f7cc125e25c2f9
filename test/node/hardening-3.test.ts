/**
 * Hardening, round three: what a third attack on the live proxy found, one test per finding, each of which failed
 * on the code before its fix. Live mode against standalone simulator hosts whose second confirm of a paid bill
 * answers "already used", as the real upstream may.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import autocannon from 'autocannon';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { recordedApp, LIVE_ENV } from '../helpers/sandbox-app.ts';
import { stopProxyProcesses } from '../helpers/servers.ts';
import { sleep, until } from '../helpers/wait.ts';

const quiet = { log: () => {} };

after(() => stopProxyProcesses());

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

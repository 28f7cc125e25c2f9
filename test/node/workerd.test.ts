/** The same flow against the proxy running in workerd, the Workers runtime, through `wrangler dev`. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PaymentEvent } from '../../contract/http.ts';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { CONSOLE_CSP } from '../../proxy/http/routes/console-app.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { VERSION } from '../../proxy/version.ts';
import { ledgerContract } from '../contract/ledger-contract.ts';
import { call, createPayment, overHttp, runFlow } from '../helpers/flow.ts';
import { simulatorProxyEnv, startUpstreams, startWorker } from '../helpers/servers.ts';
import { consoleClient } from '../helpers/console.ts';
import { softwareAuthenticator } from '../helpers/software-authenticator.ts';

let worker: Awaited<ReturnType<typeof startWorker>>;
before(async () => {
  worker = await startWorker();
});
after(() => worker?.close());

test('workerd: health and the whole flow', async () => {
  const target = overHttp(worker.url);
  assert.deepEqual((await call(target, '/health')).body, { ok: true, mode: 'sandbox', upstream: 'ok', ledger: 'ok' });
  await runFlow(target, target, SANDBOX_SECRET);
});

test('workerd: bad input is refused the same way', async () => {
  const target = overHttp(worker.url);
  const res = await call(target, '/v1/payments', { method: 'POST', json: { amount: -1, ref1: 'a' } });
  assert.deepEqual([res.status, res.body.error.code], [400, 'invalid_amount']);
});

test('workerd: a Worker with no credentials and no MAEMANEE_UPSTREAM=sandbox refuses to serve, never the sandbox', async () => {
  const bare = await startWorker({ MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com' });
  try {
    const res = await call(overHttp(bare.url), '/health');
    assert.deepEqual([res.status, res.body.error?.code], [500, 'misconfigured']);
    const create = await call(overHttp(bare.url), '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
    assert.equal(create.status, 500);
  } finally {
    await bare.close();
  }
});

test('workerd, live mode against the standalone simulator: a paid bill and a tab-closed payment survive a restart, one webhook each by alarm', async () => {
  const upstreams = await startUpstreams({ secondConfirm: 'used' });
  const received: string[] = [];
  const hook = await listen(async (request) => (received.push(JSON.parse(await request.text()).data.id), new Response('ok')));
  const persist = await mkdtemp(join(tmpdir(), 'maemanee-workerd-'));
  const { MAEMANEE_DB: _db, MAEMANEE_RATE_LIMIT: _rl, ...vars } = simulatorProxyEnv(upstreams.urls, {
    MAEMANEE_WEBHOOK_URL: `${hook.url}/hook`,
    MAEMANEE_RECONCILE_SECONDS: '1',
  });
  let live = await startWorker(vars, persist);
  try {
    const paid = await createPayment(overHttp(live.url), 55, 'wd-paid');
    upstreams.simulator.pay(paid.id);
    const first = await call(overHttp(live.url), `/v1/payments/${paid.id}/confirm`, { method: 'POST', token: paid.token });
    assert.equal(first.body.status, 'paid');
    const closed = await createPayment(overHttp(live.url), 65, 'wd-closed');
    await live.close();
    upstreams.simulator.pay(closed.id); // paid while the runtime is down, and no browser ever checks
    live = await startWorker(vars, persist);
    const again = await call(overHttp(live.url), `/v1/payments/${paid.id}/confirm`, { method: 'POST', token: paid.token });
    assert.deepEqual(again.body, first.body, 'paid, with the same facts, after a restart (the upstream now says "already used")');
    const deadline = Date.now() + 20_000;
    while (!(received.includes(paid.id) && received.includes(closed.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      [received.filter((id) => id === paid.id).length, received.filter((id) => id === closed.id).length],
      [1, 1],
      'one webhook per bill, sent by the ledger\'s alarm',
    );
  } finally {
    await live.close();
    await hook.close();
    await upstreams.close();
  }
});

test('ledger contract (Durable Objects, in workerd): the same checks as on SQLite, in one object and through the sharded front', async () => {
  const contract = await startWorker({}, undefined, 'test/workerd/wrangler.toml');
  try {
    const results: { name: string; ok: boolean; error?: string }[] = await (await fetch(contract.url)).json();
    assert.equal(results.length, ledgerContract.length * 2 - ledgerContract.filter((c) => c.scans).length);
    for (const r of results) assert.ok(r.ok, `${r.name}: ${r.error}`);
  } finally {
    await contract.close();
  }
});

test('workerd, sandbox mode: a payment nobody checks is found by its bill object\'s alarm, on the same simulated bills', async () => {
  const sandbox = await startWorker({ MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_RECONCILE_SECONDS: '1' }, await mkdtemp(join(tmpdir(), 'maemanee-workerd-')));
  try {
    const target = overHttp(sandbox.url);
    const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'closed-tab' } })).body;
    assert.equal((await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' })).status, 200);
    const token = await signMerchantToken(SANDBOX_SECRET);
    const deadline = Date.now() + 20_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      found = (await call(target, '/v1/events', { token })).body.events.some((e: { id: string }) => e.id === `payment.paid:${bill.id}`);
    }
    assert.ok(found, 'the event of a payment no browser checked');
  } finally {
    await sandbox.close();
  }
});

test('workerd: a pay link, through its page and its order: looking is free, one bill, paid for good; the proxy serves the element', async () => {
  const target = overHttp(worker.url);
  const token = await signMerchantToken(SANDBOX_SECRET);
  const created = await call(target, '/v1/links', { method: 'POST', json: { amount: 220, description: 'Pad thai kit' }, token });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const link = created.body;
  assert.equal(link.url, `${worker.url}/pay/${link.id}`);
  let page = '';
  for (let i = 0; i < 3; i++) page = (await call(target, `/pay/${link.id}`, { headers: { 'user-agent': 'facebookexternalhit/1.1' } })).body;
  assert.match(page, /<meta property="og:title" content="[^"]*฿220\.00">/);
  assert.deepEqual((await call(target, `/v1/links/${link.id}`, { token })).body.payments, [], 'looking made no bill');
  const order = /order="([^"]+)"/.exec(page)![1];
  const [a, b] = await Promise.all([0, 1].map(() => call(target, '/v1/payments', { method: 'POST', json: { order } })));
  assert.equal(a.body.id, b.body.id, 'two tabs, one bill');
  await call(target, `/sandbox/payments/${a.body.id}/pay`, { method: 'POST' });
  const paid = await call(target, `/v1/payments/${a.body.id}/confirm`, { method: 'POST', token: a.body.token });
  assert.deepEqual([paid.body.status, paid.body.link], ['paid', link.id]);
  assert.equal((await call(target, `/v1/links/${link.id}`, { token })).body.status, 'paid');
  const again = await call(target, '/v1/payments', { method: 'POST', json: { order } });
  assert.deepEqual([again.status, again.body.id], [200, a.body.id]);
  assert.match((await call(target, `/pay/${link.id}`)).body, /ชำระเงินเรียบร้อย/);
  const disabled = await call(target, '/v1/links', { method: 'POST', json: { amount: 10, description: 'gone' }, token });
  await call(target, `/v1/links/${disabled.body.id}/disable`, { method: 'POST', token });
  assert.equal((await call(target, `/pay/${disabled.body.id}`)).status, 410);

  const served = Buffer.from(await (await fetch(`${worker.url}/maemanee-pay.js`)).arrayBuffer());
  assert.ok(served.equals(readFileSync('dist/maemanee-pay.js')), 'the Worker serves the build byte for byte');
});

test('workerd: a reusable shop link paid by two buyers: each their own order and bill, found again by its browser; the link object keeps its limit; each payment carries its order', async () => {
  const target = overHttp(worker.url);
  const token = await signMerchantToken(SANDBOX_SECRET);
  const made = await call(target, '/v1/links', {
    method: 'POST',
    json: {
      items: [{ name: 'Tee', price: 250, adjustable: { min: 1, max: 3 } }, { name: 'Tote', price: 120 }],
      fields: [{ key: 'name', required: true }, { key: 'phone', required: true }],
      reusable: true,
      limit: 2,
    },
    token,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const link = made.body;
  assert.match((await call(target, `/pay/${link.id}`)).body, /<form id="order"/, 'the form; looking is free');
  assert.deepEqual((await call(target, `/v1/links/${link.id}`, { token })).body.payments, []);
  const cookies: string[] = [];
  const checkout = async (buyer: number, quantity: number, name: string) => {
    const res = await call(target, `/pay/${link.id}/checkout`, {
      method: 'POST',
      json: { quantities: [quantity, 1], fields: { name, phone: '081-234-5678' } },
      headers: cookies[buyer] ? { cookie: cookies[buyer] } : {},
    });
    cookies[buyer] ??= res.headers.get('set-cookie')?.split(';')[0] ?? '';
    return res;
  };
  const orders = [await checkout(0, 3, 'Somchai'), await checkout(1, 1, 'Anna')];
  assert.deepEqual(orders.map((o) => [o.status, o.body.amount]), [[201, 870], [201, 370]]);
  const third = await checkout(2, 1, 'Late');
  assert.deepEqual([third.status, third.body.error?.code], [410, 'sold_out'], 'both places held');
  const bills = [];
  for (const o of orders) bills.push((await call(target, '/v1/payments', { method: 'POST', json: { order: o.body.order } })).body);
  assert.notEqual(bills[0].id, bills[1].id, 'a bill each');
  const reloaded = (await call(target, `/pay/${link.id}`, { headers: { cookie: cookies[0] } })).body;
  assert.equal(/order="([^"]+)"/.exec(reloaded)?.[1], orders[0].body.order, "a reload: the buyer's own order");
  const again = await call(target, '/v1/payments', { method: 'POST', json: { order: orders[0].body.order } });
  assert.deepEqual([again.status, again.body.id], [200, bills[0].id], 'and its bill');
  const paid = [];
  for (const b of bills) {
    await call(target, `/sandbox/payments/${b.id}/pay`, { method: 'POST' });
    paid.push((await call(target, `/v1/payments/${b.id}/confirm`, { method: 'POST', token: b.token })).body);
  }
  assert.deepEqual(paid.map((p) => [p.status, p.amount, p.order.fields.name, p.order.items[0].quantity]), [['paid', 870, 'Somchai', 3], ['paid', 370, 'Anna', 1]]);
  const read = (await call(target, `/v1/links/${link.id}`, { token })).body;
  assert.deepEqual([read.status, read.sold, read.payments.length], ['sold_out', 2, 2], 'the sales reached the link object');
  const deadline = Date.now() + 20_000;
  let events: PaymentEvent[] = [];
  while (Date.now() < deadline) {
    events = (await call(target, '/v1/events?type=payment.paid', { token })).body.events;
    if (bills.every((b) => events.some((e) => e.data.id === b.id))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const names = bills.map((b) => (events.find((e) => e.data.id === b.id)?.data as { order?: { fields: { name: string } } }).order?.fields.name);
  assert.deepEqual(names, ['Somchai', 'Anna'], 'each payment.paid with its order');
  assert.equal((await call(target, `/pay/${link.id}`)).status, 410, 'sold out');
  const receipt = /href="([^"]+\/receipt\/[^"]+)"/.exec((await call(target, `/pay/${link.id}`, { headers: { cookie: cookies[0] } })).body)![1];
  const page = await call(target, new URL(receipt).pathname);
  assert.equal(page.status, 200);
  assert.match(page.body, /Somchai/);
  assert.equal((await fetch(`${worker.url}/pay/page@${VERSION}.js`)).status, 200, 'the Worker serves the page script');
});

test("workerd: the proxy serves the seller's console: its page under the CSP, its script and icons byte for byte", async () => {
  const page = await fetch(`${worker.url}/console/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP);
  const html = await page.text();
  assert.equal(html, readFileSync('dist/console/index.html', 'utf8'));
  const entry = /src="\.\/(assets\/[\w.-]+\.js)"/.exec(html)![1];
  const script = await fetch(`${worker.url}/console/${entry}`);
  assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await script.text(), readFileSync(`dist/console/${entry}`, 'utf8'));
  const icon = Buffer.from(await (await fetch(`${worker.url}/console/icon-512.png`)).arrayBuffer());
  assert.ok(icon.equals(readFileSync('dist/console/icon-512.png')), 'an image, bundled in base64, served as its bytes');
});

test("workerd: an event for every outcome (expired at the end of the grace, paid late, paid after the checks ended), and the shop's view of its bills", async () => {
  const sandbox = await startWorker(
    { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_SANDBOX_WINDOW: '2', MAEMANEE_RECONCILE_SECONDS: '1', MAEMANEE_RECONCILE_GRACE_SECONDS: '1', MAEMANEE_CHECK_GAP_MS: '0' },
    await mkdtemp(join(tmpdir(), 'maemanee-workerd-')),
  );
  try {
    const target = overHttp(sandbox.url);
    const token = await signMerchantToken(SANDBOX_SECRET);
    const unpaid = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 31, ref1: 'wd-never' } })).body;
    const late = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 32, ref1: 'wd-late' } })).body;
    // Two more that end expired, and are paid only after the proxy's own checks ended.
    const after = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 33, ref1: 'wd-after' } })).body;
    const refreshed = (await call(target, '/v1/payments', { method: 'POST', json: { amount: 34, ref1: 'wd-refresh' } })).body;
    while (Date.now() < Date.parse(late.expiresAt) + 300) await new Promise((r) => setTimeout(r, 100));
    await call(target, `/sandbox/payments/${late.id}/pay`, { method: 'POST' });
    const deadline = Date.now() + 30_000;
    let events: PaymentEvent[] = [];
    const expected = [`payment.expired:${unpaid.id}`, `payment.paid:${late.id}`, `payment.expired:${after.id}`, `payment.expired:${refreshed.id}`];
    while (Date.now() < deadline) {
      events = (await call(target, '/v1/events', { token })).body.events;
      if (expected.every((id) => events.some((e) => e.id === id))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const bill of [after, refreshed]) await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
    const confirmed = await call(target, `/v1/payments/${after.id}/confirm`, { method: 'POST', token: after.token });
    assert.deepEqual([confirmed.body.status, confirmed.body.late], ['paid', true], "the payer's confirm of an ended bill asks again");
    const looked = await call(target, `/v1/payments/${refreshed.id}?refresh=1`, { token });
    assert.deepEqual([looked.body.status, looked.body.late], ['paid', true], "the merchant's refresh asks again");
    for (const bill of [after, refreshed]) {
      const listed = (await call(target, `/v1/payments?ref1=${bill.ref1}`, { token })).body.payments;
      assert.deepEqual(listed.map((p: { id: string; status: string; late: boolean }) => [p.id, p.status, p.late]), [[bill.id, 'paid', true]], 'the feed lists it paid');
      const feed = (await call(target, '/v1/events?type=payment.paid', { token })).body.events as PaymentEvent[];
      const event = feed.find((e) => e.id === `payment.paid:${bill.id}`);
      assert.equal(event?.type === 'payment.paid' && event.data.late, true, 'its payment.paid, late, in the feed');
    }
    assert.ok(events.some((e) => e.id === `payment.expired:${unpaid.id}`), 'payment.expired, by the bill object\'s alarm');
    const paid = events.find((e) => e.id === `payment.paid:${late.id}`);
    assert.equal(paid?.type === 'payment.paid' && paid.data.late, true, 'payment.paid, late');
    const list = (await call(target, '/v1/payments?ref1=wd-late', { token })).body.payments;
    assert.deepEqual(list.map((p: { id: string; status: string; late: boolean }) => [p.id, p.status, p.late]), [[late.id, 'paid', true]]);
    assert.deepEqual(
      (await call(target, '/v1/payments?status=expired', { token })).body.payments.map((p: { id: string }) => p.id),
      [unpaid.id],
    );
    assert.equal((await call(target, `/v1/payments/${unpaid.id}`, { token })).body.status, 'expired');
  } finally {
    await sandbox.close();
  }
});

test("workerd: the console's core flow: an invite, signed in with it once, a link made from the console, the sandbox pays it, Today shows it; a passkey added and signing in", async () => {
  const target = overHttp(worker.url);
  const client = consoleClient(target, { origin: worker.url, secret: SANDBOX_SECRET });
  const invite = await client.invite();
  assert.ok(invite.url.startsWith(`${worker.url}/console/#/signin/`), invite.url);
  const { cookie, attributes } = await client.signIn(invite);
  assert.ok(attributes.includes('HttpOnly') && attributes.includes('SameSite=Strict') && !attributes.includes('Secure'), 'plain only on loopback');
  const again = await client.api(undefined, '/console/api/session', { method: 'POST', json: { invite: invite.url.split('#/signin/')[1] } });
  assert.deepEqual([again.status, again.body.error?.code], [401, 'invite_invalid'], 'once');
  const before = (await client.api(cookie, '/console/api/today')).body;

  const link = await client.api(cookie, '/console/api/links', { method: 'POST', json: { amount: 220, description: 'ข้าวมันไก่' } });
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const order = /order="([^"]+)"/.exec((await call(target, `/pay/${link.body.id}`)).body)![1];
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { order } })).body;
  await call(target, `/sandbox/payments/${bill.id}/pay`, { method: 'POST' });
  assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
  const today = (await client.api(cookie, `/console/api/today?after=${before.cursor}`)).body;
  assert.deepEqual(today.entries.map((e: { event: PaymentEvent; title: string }) => [e.event.id, e.title]), [[`payment.paid:${bill.id}`, 'ข้าวมันไก่']]);
  assert.deepEqual([today.paid.count - before.paid.count, today.paid.sum - before.paid.sum], [1, 220]);
  const bytes = new Uint8Array(await (await fetch(`${worker.url}/console/api/export.csv?from=${today.day}&to=${today.day}`, { headers: { cookie } })).arrayBuffer());
  const csv = new TextDecoder().decode(bytes);
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark');
  assert.ok(csv.startsWith('id_pay,เลขอ้างอิง,รายการ,จำนวนเงิน (บาท),สถานะ,เวลาสร้างบิล (Asia/Bangkok),') && csv.includes(`${bill.id},link-${link.body.id},ข้าวมันไก่,220.00,ชำระแล้ว,`), csv.slice(0, 300));

  const staff = await client.signIn(await client.invite('staff', 'นิด'));
  assert.equal((await client.api(staff.cookie, '/console/api/today')).status, 200);
  assert.equal((await client.api(staff.cookie, '/console/api/health')).status, 403);

  const key = await softwareAuthenticator();
  const options = (await client.api(cookie, '/console/api/passkeys/options', { method: 'POST', json: {} })).body;
  const added = await client.api(cookie, '/console/api/passkeys', { method: 'POST', json: { response: await key.register(options, { origin: worker.url }) } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const signInOptions = (await client.api(undefined, '/console/api/passkey-session/options', { method: 'POST', json: {} })).body;
  const signed = await client.api(undefined, '/console/api/passkey-session', { method: 'POST', json: { response: await key.authenticate(signInOptions, { origin: worker.url }) } });
  assert.deepEqual([signed.status, signed.body.passkey, signed.body.member.role], [200, true, 'owner'], JSON.stringify(signed.body));
  const members = (await client.api(cookie, '/console/api/members')).body.members;
  assert.deepEqual(members.map((m: { role: string; sessions: unknown[] }) => [m.role, m.sessions.length]), [['owner', 2], ['staff', 1]]);
  assert.deepEqual((await client.api(cookie, '/console/api/health')).body.ledger, 'ok');
});

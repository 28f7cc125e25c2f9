/** The sandbox's simulator of the upstream: its protocol as public clients show it, its faults, and its controls. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSimulatorHost, SANDBOX_CREDENTIALS, Simulator } from '../../sandbox/index.ts';
import { parseBillPayment } from '../helpers/thai-qr.ts';
import { decodeQrDataUrl } from '../helpers/qr.ts';

function setup(settings = {}) {
  let now = 1_800_000_000_000;
  const simulator = new Simulator(SANDBOX_CREDENTIALS, settings, () => now);
  const host = createSimulatorHost(simulator);
  const get = async (params: Record<string, string | number>) => {
    const query = new URLSearchParams({ username: 'sandbox', password: 'sandbox-password', con_id: '1' });
    for (const [k, v] of Object.entries(params)) query.set(k, String(v));
    const res = await host.app.request(`/api_mn.php?${query}`);
    return { status: res.status, text: await res.text() };
  };
  const json = async (params: Record<string, string | number>) => JSON.parse((await get(params)).text);
  return { simulator, host, get, json, tick: (ms: number) => (now += ms) };
}

test('credentials and con_id are checked, with status 0 and HTTP 200', async () => {
  const { host } = setup();
  const res = await host.app.request('/api_mn.php?username=sandbox&password=wrong&con_id=1&method=create_pay&amount=50&ref1=a');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 0);
  assert.ok(body.msg);
  const con = await host.app.request('/api_mn.php?username=sandbox&password=sandbox-password&con_id=9&method=create_pay&amount=50&ref1=a');
  assert.equal((await con.json()).status, 0);
});

test('create_pay takes whole baht within limits and a ref1', async () => {
  const { json } = setup();
  for (const amount of ['50.5', '0', '-1', 'abc', '', '200001']) {
    assert.equal((await json({ method: 'create_pay', amount, ref1: 'a' })).status, 0, `amount ${amount}`);
  }
  assert.equal((await json({ method: 'create_pay', amount: 50 })).status, 0, 'missing ref1');
  const ok = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
  assert.equal(ok.status, 1);
  assert.match(ok.id_pay, /^\d+$/);
});

test('detail_pay returns a scannable Thai QR bill payment for the amount, and time_out counts down', async () => {
  const { json, tick } = setup({ windowSeconds: 600 });
  const { id_pay } = await json({ method: 'create_pay', amount: 250, ref1: 'order-7' });
  const detail = await json({ method: 'detail_pay', id_pay, qr: 1 });
  assert.deepEqual([detail.status, detail.ref1, detail.amount, detail.time_out], [1, 'order-7', 250, 600]);
  assert.equal(detail.urlpay, `http://localhost/sandbox/payments/${id_pay}`, 'the bill page, on the host the call reached');
  const payload = parseBillPayment(decodeQrDataUrl(`data:image/png;base64,${detail.qr_base64_image}`));
  assert.deepEqual([payload.amount, payload.reference1], [250, id_pay]);
  tick(125_500);
  assert.equal((await json({ method: 'detail_pay', id_pay })).time_out, 474);
  assert.equal((await json({ method: 'detail_pay', id_pay })).qr_base64_image, undefined, 'no image without qr=1');
  tick(475_000);
  assert.ok((await json({ method: 'detail_pay', id_pay })).time_out < 0);
});

test('confirm: not paid, then paid, then a second confirm as configured', async () => {
  for (const secondConfirm of ['paid', 'used'] as const) {
    const { json, simulator } = setup({ secondConfirm });
    const { id_pay } = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
    const first = await json({ method: 'confirm', id_pay, ip: '1.2.3.4' });
    assert.equal(first.status, 0);
    assert.ok(first.msg);
    assert.equal(simulator.pay(id_pay), true);
    assert.deepEqual(await json({ method: 'confirm', id_pay, ip: '1.2.3.4' }), { status: 1, id_pay, ref1: 'a', amount: 50 });
    assert.equal((await json({ method: 'confirm', id_pay, ip: '1.2.3.4' })).status, secondConfirm === 'paid' ? 1 : 0);
  }
});

test('a transfer that arrives at the last second is confirmed after expiry', async () => {
  const { json, simulator, tick } = setup();
  const { id_pay } = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
  simulator.pay(id_pay);
  tick(700_000);
  assert.equal((await json({ method: 'confirm', id_pay, ip: '1.2.3.4' })).status, 1);
});

test('cancel is refused before expiry, accepted after, and refused for a paid bill', async () => {
  const { json, simulator } = setup();
  const { id_pay } = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
  assert.equal((await json({ method: 'cancel', id_pay })).status, 0);
  simulator.expire(id_pay);
  assert.equal((await json({ method: 'cancel', id_pay })).status, 1);
  assert.equal((await json({ method: 'detail_pay', id_pay })).status, 0, 'a cancelled bill is gone');
  const paid = (await json({ method: 'create_pay', amount: 50, ref1: 'a' })).id_pay;
  simulator.pay(paid);
  simulator.expire(paid);
  assert.equal((await json({ method: 'cancel', id_pay: paid })).status, 0);
});

test('numbers as strings, and the QR with a data: prefix', async () => {
  const { json } = setup({ numbersAs: 'string', qrPrefix: true });
  const created = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
  assert.equal(created.status, '1');
  const detail = await json({ method: 'detail_pay', id_pay: created.id_pay, qr: 1 });
  assert.deepEqual([detail.status, detail.amount, detail.time_out], ['1', '50.00', '600']);
  assert.match(detail.qr_base64_image, /^data:image\/png;base64,/);
});

test('injected faults: HTML, 500, empty, broken JSON, delay; scoped to methods and counted', async () => {
  const { host, get } = setup();
  const create = { method: 'create_pay', amount: 50, ref1: 'a' };
  host.setFault({ kind: 'html' });
  assert.match((await get(create)).text, /^<!DOCTYPE html>/);
  host.setFault({ kind: 'http500' });
  assert.equal((await get(create)).status, 500);
  host.setFault({ kind: 'empty' });
  assert.equal((await get(create)).text, '');
  host.setFault({ kind: 'broken' });
  const broken = (await get(create)).text;
  assert.throws(() => JSON.parse(broken));
  host.setFault({ kind: 'html', methods: ['confirm'], count: 1 });
  assert.equal(JSON.parse((await get(create)).text).status, 1, 'other methods unaffected');
  assert.match((await get({ method: 'confirm', id_pay: 1, ip: 'x' })).text, /html/i);
  assert.equal(JSON.parse((await get({ method: 'confirm', id_pay: 1, ip: 'x' })).text).status, 0, 'count 1 clears itself');
  host.setFault({ kind: 'delay', delayMs: 150 });
  const started = Date.now();
  await get(create);
  assert.ok(Date.now() - started >= 140);
});

test('sandbox controls answer at the proxy paths, and a fault is set over HTTP', async () => {
  const { host, json } = setup();
  const { id_pay } = await json({ method: 'create_pay', amount: 50, ref1: 'a' });
  assert.equal((await host.app.request(`/sandbox/payments/${id_pay}/pay`, { method: 'POST' })).status, 200);
  assert.equal((await host.app.request(`/sandbox/payments/999/expire`, { method: 'POST' })).status, 404);
  const bad = await host.app.request('/sandbox/fault', { method: 'PUT', body: '{"kind":"explode"}' });
  assert.equal(bad.status, 400);
  const good = await host.app.request('/sandbox/fault', { method: 'PUT', body: '{"kind":"http500","count":1}' });
  assert.equal(good.status, 200);
  assert.equal((await host.app.request(`/api_mn.php?method=detail_pay`)).status, 500);
});

/**
 * The sandbox's stand-in bill page (`GET /sandbox/payments/:id`), the form that pays a bill there, and a sandbox
 * bill's `payUrl` pointing at it: on the proxy in sandbox mode and on the standalone simulator host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../proxy/config.ts';
import { createProxy } from '../../proxy/create-proxy.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { createSimulatorHost, SANDBOX_CREDENTIALS, Simulator } from '../../sandbox/index.ts';
import { call, createPayment, inProcess } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

async function sandboxProxy(env: Record<string, string> = {}) {
  const app = await createProxy(loadConfig({ MAEMANEE_CHECK_GAP_MS: '0', ...env }, 'node'), { log: () => {}, ledger: await openSqliteLedger(':memory:') });
  return { app, target: inProcess(app) };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

test("a sandbox bill's payUrl is the proxy's own bill page, on the base the bill was made through", async () => {
  const { target } = await sandboxProxy();
  const bill = await createPayment(target, 50, 'order-1');
  assert.equal(bill.payUrl, `http://localhost/sandbox/payments/${bill.id}`);
  const read = await call(target, `/v1/payments/${bill.id}`, { token: bill.token });
  assert.equal(read.body.payUrl, bill.payUrl, 'the ledger keeps it');

  const mounted = await sandboxProxy();
  const res = await mounted.app.request('http://192.168.1.20:8787/v1/payments', { method: 'POST', body: JSON.stringify({ amount: 50, ref1: 'a' }) });
  assert.match((await res.json()).payUrl, /^http:\/\/192\.168\.1\.20:8787\/sandbox\/payments\/\d+$/, 'the address the phone reached');
});

test('with MAEMANEE_PUBLIC_URL, a sandbox bill page is on that base whatever Host the request named', async () => {
  const { app } = await sandboxProxy({ MAEMANEE_PUBLIC_URL: 'https://demo.example/pay-proxy' });
  const res = await app.request('http://evil.example/v1/payments', { method: 'POST', body: JSON.stringify({ amount: 50, ref1: 'a' }) });
  const bill = await res.json();
  assert.equal(bill.payUrl, `https://demo.example/pay-proxy/sandbox/payments/${bill.id}`);
});

test('the bill page: Thai by default, English by ?lang or the browser, the bill and its time left in Bangkok, under a strict CSP', async () => {
  const { app, target } = await sandboxProxy();
  const bill = await createPayment(target, 1250, 'order-42');
  const page = `/sandbox/payments/${bill.id}`;

  const th = await app.request(page);
  assert.equal(th.status, 200);
  assert.match(th.headers.get('content-type')!, /^text\/html/);
  const csp = th.headers.get('content-security-policy')!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.match(csp, /form-action 'self'/);
  assert.doesNotMatch(csp, /script-src|unsafe-inline/);
  const thai = await th.text();
  assert.doesNotMatch(thai, /<script/i);
  assert.match(thai, /<html lang="th">/);
  assert.match(thai, /หน้าบิลจำลอง/);
  assert.match(thai, /หน้าบิลของแม่มณี/, 'says it stands in for the upstream bill page');
  assert.match(thai, /฿1,250\.00/);
  assert.match(thai, /order-42/);
  const until = new Date(bill.expiresAt).toLocaleString('th', { timeStyle: 'short', timeZone: 'Asia/Bangkok' });
  assert.ok(thai.includes(`ชำระได้ถึง ${until} น.`), `Bangkok time ${until}`);
  assert.match(thai, /<form method="post" action="\d+\/pay"><button type="submit">ชำระบิลนี้ในระบบจำลอง<\/button>/);

  const en = await (await app.request(`${page}?lang=en`)).text();
  assert.match(en, /<html lang="en">/);
  assert.match(en, /stand-in for Mae Manee&#39;s bill page/);
  assert.match(en, new RegExp(`action="${bill.id}/pay\\?lang=en"`), 'the chosen language stays through the form');
  assert.match(en, />Pay this bill in the sandbox</);
  const browser = await (await app.request(page, { headers: { 'accept-language': 'en-GB,en;q=0.9,th;q=0.5' } })).text();
  assert.match(browser, /<html lang="en">/);
  assert.match(await (await app.request(`${page}?lang=th`, { headers: { 'accept-language': 'en' } })).text(), /<html lang="th">/);
});

test("the page's form POST answers 303 back to the page, which says paid; the proxy then finds the bill paid", async () => {
  const { app, target } = await sandboxProxy();
  const bill = await createPayment(target, 50, 'order-1');
  const res = await app.request(`/sandbox/payments/${bill.id}/pay?lang=en`, { method: 'POST', headers: FORM, body: '' });
  assert.equal(res.status, 303);
  const back = new URL(res.headers.get('location')!, `http://localhost/sandbox/payments/${bill.id}/pay`);
  assert.equal(back.pathname + back.search, `/sandbox/payments/${bill.id}?lang=en`);
  const page = await (await app.request(back.pathname + back.search)).text();
  assert.match(page, /role="status">Paid</);
  assert.match(page, /Go back to the shop&#39;s page/);
  assert.doesNotMatch(page, /<form/, 'nothing left to pay');
  const confirmed = await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token });
  assert.equal(confirmed.body.status, 'paid');
});

test('a script still gets the JSON answer; unknown bills get a 404 page or JSON; an expired bill has no button', async () => {
  const { app, target } = await sandboxProxy();
  const bill = await createPayment(target, 50, 'order-1');
  for (const accept of [undefined, '*/*', 'application/json']) {
    const res = await app.request(`/sandbox/payments/${bill.id}/pay`, { method: 'POST', headers: accept ? { accept } : {} });
    assert.deepEqual([res.status, await res.json()], [200, { ok: true }], `accept ${accept}`);
  }
  const missing = await app.request('/sandbox/payments/999/pay', { method: 'POST' });
  assert.deepEqual([missing.status, (await missing.json()).error.code], [404, 'payment_not_found']);
  const page = await app.request('/sandbox/payments/999?lang=en');
  assert.equal(page.status, 404);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.ok(page.headers.get('content-security-policy'));
  assert.match(await page.text(), /No such bill in the sandbox/);

  const other = await createPayment(target, 60, 'order-2');
  await app.request(`/sandbox/payments/${other.id}/expire`, { method: 'POST' });
  const expired = await (await app.request(`/sandbox/payments/${other.id}?lang=en`)).text();
  assert.match(expired, /This bill has expired/);
  assert.doesNotMatch(expired, /<form/);
});

test('a live proxy has no bill page', async () => {
  const live = await createProxy(
    loadConfig({ TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p', TMWEASY_CON_ID: '1', MAEMANEE_SECRET: 'k'.repeat(40), MAEMANEE_UPSTREAM: 'http://127.0.0.1:9/api_mn.php' }, 'node'),
    { log: () => {}, ledger: await openSqliteLedger(':memory:') },
  );
  assert.equal((await live.request('/sandbox/payments/100000001')).status, 404);
  assert.equal((await live.request('/sandbox/payments/100000001/pay', { method: 'POST', headers: FORM })).status, 404);
});

test('the standalone simulator host serves the same page, and its urlpay is on its own origin', async () => {
  const host = createSimulatorHost(new Simulator(SANDBOX_CREDENTIALS));
  const query = new URLSearchParams({ username: 'sandbox', password: 'sandbox-password', con_id: '1' });
  const api = async (params: Record<string, string>) => (await host.app.request(`http://127.0.0.1:4100/api_mn.php?${query}&${new URLSearchParams(params)}`)).json();
  const { id_pay } = await api({ method: 'create_pay', amount: '75', ref1: 'r-9' });
  const detail = await api({ method: 'detail_pay', id_pay, qr: '0' });
  assert.equal(detail.urlpay, `http://127.0.0.1:4100/sandbox/payments/${id_pay}`);
  const page = await host.app.request(new URL(detail.urlpay).pathname + '?lang=en');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /฿75\.00/);
  const paid = await host.app.request(`/sandbox/payments/${id_pay}/pay`, { method: 'POST', headers: FORM, body: '' });
  assert.equal(paid.status, 303);
  assert.equal((await api({ method: 'confirm', id_pay, ip: '1.2.3.4' })).status, 1);
});

test("live mode passes the upstream's own urlpay on, whatever Host the request named", async () => {
  const { app, stop } = await recordedApp(LIVE_ENV);
  const res = await app.request('http://evil.example/v1/payments', { method: 'POST', body: JSON.stringify({ amount: 50, ref1: 'a' }) });
  const bill = await res.json();
  stop();
  assert.equal(res.status, 201, JSON.stringify(bill));
  assert.equal(bill.payUrl, `http://localhost/sandbox/payments/${bill.id}`, 'the upstream host\'s page, as it named it');
});

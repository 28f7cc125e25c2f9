/**
 * Hardening, round two: each test names the attack or the upstream document it answers. Every one of them failed
 * before its fix.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { memoryRateLimiter } from '../../proxy/http/rate-limit.ts';
import { clientKey, parseIp } from '../../proxy/http/client-key.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { billPaymentPayload } from '../../sandbox/qr.ts';
import { SANDBOX_BILLER_ID } from '../../sandbox/simulator.ts';
import { readAmount, readNumber } from '../../proxy/upstream/parse.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { parseBillPayment } from '../helpers/thai-qr.ts';

// 1 ---------------------------------------------------------------------------------------------------------------
test('1. one token cannot spend the merchant\'s upstream account: confirms and reads are limited per payment (429, Retry-After)', async () => {
  const ctx = await recordedApp(LIVE_ENV, { schedule: { checkGapMs: 0 } });
  const bill = await createPayment(ctx.target, 50, 'flood-1');
  const before = ctx.calls.length;
  const confirms = await Promise.all(Array.from({ length: 300 }, () => call(ctx.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })));
  const limited = confirms.filter((r) => r.status === 429);
  assert.ok(limited.length >= 250, `${limited.length} of 300 confirms limited`);
  assert.ok(Number(limited[0].headers.get('retry-after')) >= 1);
  assert.equal(limited[0].body.error.code, 'rate_limited');
  const reads = await Promise.all(Array.from({ length: 50 }, () => call(ctx.target, `/v1/payments/${bill.id}`, { token: bill.token })));
  assert.ok(reads.filter((r) => r.status === 429).length >= 20, 'reads are limited too');
  assert.ok(ctx.calls.length - before <= 60, `${ctx.calls.length - before} upstream calls for 350 requests`);
  ctx.stop();
});



// 4 ---------------------------------------------------------------------------------------------------------------
test('4. every spelling of one IPv6 address is one client, one /64 is one client; IPv4-mapped is IPv4', () => {
  const spellings = ['2001:db8:0:0:1:0:0:1', '2001:DB8::1:0:0:1', '2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'];
  assert.equal(new Set(spellings.map(clientKey)).size, 1);
  assert.equal(clientKey('2001:db8::1'), clientKey('2001:db8:0:0:ffff:ffff:ffff:ffff'), 'one /64');
  assert.notEqual(clientKey('2001:db8:0:1::1'), clientKey('2001:db8::1'));
  assert.equal(clientKey('::ffff:198.51.100.7'), clientKey('198.51.100.7'));
  assert.equal(parseIp('not an ip'), undefined);
  assert.equal(parseIp('1.2.3.999'), undefined);
  assert.equal(parseIp('2001:db8::1::1'), undefined);
});

test('4. a trusted IP header is used only if it parses as an IP', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_TRUSTED_IP_HEADER: 'x-real-ip', MAEMANEE_RATE_LIMIT: '2' });
  const create = (ip: string) => call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1: 'ip' }, headers: { 'x-real-ip': ip } });
  // Junk in the header must not give each request a fresh rate-limit key.
  const codes = [];
  for (const junk of ['a', 'b', 'c', 'd']) codes.push((await create(junk)).status);
  assert.ok(codes.includes(429), `junk header values share the connection's limit: ${codes}`);
  ctx.stop();
});

test('4. the limiter\'s cost per request stays constant with many distinct keys', async () => {
  const limiter = memoryRateLimiter(20, 60, () => 1_000_000);
  const time = async (n: number, offset: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) await limiter.limit(`k${offset + i}`);
    return (performance.now() - started) / n;
  };
  await time(20_000, 0);
  const late = await time(20_000, 20_000);
  assert.ok(late < 0.02, `${(late * 1000).toFixed(1)} µs per new key once 20,000 are known`);
});

// 5 ---------------------------------------------------------------------------------------------------------------
test('5. the Node entry: a client that never finishes its headers is cut; a cut-off body is a 400; an early refusal closes', async () => {
  const proxy = await startNodeProxy({ ...LIVE_ENV, MAEMANEE_UPSTREAM: 'https://127.0.0.1:9/api_mn.php', MAEMANEE_DB: ':memory:' }, 0, {
    log: () => {},
    headersTimeoutMs: 600,
  });
  try {
    const { port } = new URL(proxy.url);
    const raw = (send: (s: import('node:net').Socket) => void) =>
      new Promise<{ data: string; closedAfterMs: number }>((resolve) => {
        const started = Date.now();
        const socket = connect(Number(port), '127.0.0.1', () => send(socket));
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve({ data, closedAfterMs: Date.now() - started }));
        socket.on('error', () => {});
        setTimeout(() => socket.destroy(), 5000);
      });
    const slow = await raw((s) => s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\n'));
    assert.ok(slow.closedAfterMs < 4000, `cut after ${slow.closedAfterMs} ms`);
    const cut = await raw((s) => {
      s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"amount":');
      setTimeout(() => s.end(), 100);
    });
    assert.doesNotMatch(cut.data, /HTTP\/1\.1 500/);
    const big = await raw((s) => s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 99999\r\n\r\n'));
    assert.match(big.data, /HTTP\/1\.1 413/);
    assert.match(big.data, /connection: close/i);
    assert.ok(big.closedAfterMs < 4000);
  } finally {
    await proxy.close();
  }
});

// 6 ---------------------------------------------------------------------------------------------------------------
test('6. a forged Host does not make an origin "its own"', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com' });
  const res = await call(ctx.target, 'http://evil.test/v1/payments', { method: 'POST', json: { amount: 5, ref1: 'x' }, headers: { origin: 'http://evil.test', host: 'evil.test' } });
  assert.deepEqual([res.status, res.body.error?.code], [403, 'origin_not_allowed']);
  ctx.stop();
});


// 9 ---------------------------------------------------------------------------------------------------------------
test('9. the sandbox QR cannot move real money: its biller\'s tax id fails the Thai checksum', () => {
  const taxId = SANDBOX_BILLER_ID.slice(0, 13);
  const digits = [...taxId].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (13 - i), 0);
  assert.notEqual((11 - (sum % 11)) % 10, digits[12], `${taxId} passes the checksum`);
  const payload = billPaymentPayload({ billerId: SANDBOX_BILLER_ID, reference1: '1', amount: 5 });
  assert.equal(parseBillPayment(payload).billerId, SANDBOX_BILLER_ID, 'still a valid EMVCo bill payment');
});

// 10 --------------------------------------------------------------------------------------------------------------
test('10. ref1 takes emails and phone numbers, and still refuses control, invisible and bidi characters', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  for (const ref1 of ['somchai@example.co.th', '+66812345678', 'user_01.a-b:c']) {
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } })).status, 201, ref1);
  }
  for (const ref1 of ['a\u0000b', 'a\u200bb', 'a\u202eb', 'x'.repeat(65), '@lead']) {
    assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } })).status, 400, JSON.stringify(ref1));
  }
  ctx.stop();
});


// 13 --------------------------------------------------------------------------------------------------------------
test('13. an account-level refusal is a 502 upstream_refused, logged; /health says so', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  const bill = await createPayment(ctx.target, 50, 'acct-1');
  ctx.simulator.credentials.password = 'changed-by-the-merchant';
  const read = await call(ctx.target, `/v1/payments/${bill.id}`, { token: bill.token });
  assert.deepEqual([read.status, read.body.id], [200, bill.id], 'a read is the ledger\'s, and asks the upstream nothing');
  for (const ref1 of ['acct-2', 'acct-3']) {
    const create = await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } });
    assert.deepEqual([create.status, create.body.error?.code], [502, 'upstream_refused']);
  }
  assert.ok(ctx.logs.some((l) => l.includes('upstream_refused') && l.includes('upstreamMsg')));
  assert.ok(!ctx.logs.some((l) => l.includes(LIVE_ENV.TMWEASY_PASSWORD)));
  const health = await call(ctx.target, '/health');
  assert.equal(health.body.upstream, 'refusing');
  ctx.stop();
});

// 14 --------------------------------------------------------------------------------------------------------------
test('14. numbers with thousands separators parse', () => {
  assert.equal(readNumber('1,000.00'), 1000);
  assert.equal(readAmount('12,345.50'), 12345.5);
  assert.equal(readNumber('1,00'), undefined, 'not a thousands separator');
});

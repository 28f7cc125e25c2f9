/**
 * Rate limits: what one client (one IPv4 address, one IPv6 /64, however it is spelt) or one payment token may ask
 * of the proxy, and so of the merchant's upstream account, with 429 and Retry-After past it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientKey, parseIp } from '../../proxy/http/client-key.ts';
import { memoryRateLimiter } from '../../proxy/http/rate-limit.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { expectRefused } from '../helpers/refused.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const env = { ...LIVE_ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com' };

test('too many creates from one IP: 429 with Retry-After, and the upstream is spared', async () => {
  // A clock fixed inside one window: the limiter's windows are aligned, and four requests across a minute's edge
  // would each count in their own.
  const ctx = await recordedApp(env, { rateLimiter: memoryRateLimiter(3, 60, () => 30_000) });
  for (let i = 0; i < 3; i++) assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } })).status, 201);
  const res = await expectRefused(ctx, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } }, 429, 'rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
});

test('a Cloudflare rate-limiting binding is used when configured', async () => {
  const keys: string[] = [];
  const { cloudflareRateLimiter } = await import('../../proxy/http/rate-limit.ts');
  const ctx = await recordedApp(env, { rateLimiter: cloudflareRateLimiter({ limit: async ({ key }) => (keys.push(key), { success: keys.length < 2 }) }, 60) });
  assert.equal((await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } })).status, 201);
  await expectRefused(ctx, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } }, 429, 'rate_limited');
  assert.deepEqual(keys, ['198.51.100.7', '198.51.100.7']);
});

test('one token cannot spend the merchant\'s upstream account: confirms and reads are limited per payment (429, Retry-After)', async () => {
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

test('every spelling of one IPv6 address is one client, one /64 is one client; IPv4-mapped is IPv4', () => {
  const spellings = ['2001:db8:0:0:1:0:0:1', '2001:DB8::1:0:0:1', '2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'];
  assert.equal(new Set(spellings.map(clientKey)).size, 1);
  assert.equal(clientKey('2001:db8::1'), clientKey('2001:db8:0:0:ffff:ffff:ffff:ffff'), 'one /64');
  assert.notEqual(clientKey('2001:db8:0:1::1'), clientKey('2001:db8::1'));
  assert.equal(clientKey('::ffff:198.51.100.7'), clientKey('198.51.100.7'));
  assert.equal(parseIp('not an ip'), undefined);
  assert.equal(parseIp('1.2.3.999'), undefined);
  assert.equal(parseIp('2001:db8::1::1'), undefined);
});

test('a trusted IP header is used only if it parses as an IP, so junk in it never gives a request a fresh limit', async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_TRUSTED_IP_HEADER: 'x-real-ip', MAEMANEE_RATE_LIMIT: '2' });
  const create = (ip: string) => call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1: 'ip' }, headers: { 'x-real-ip': ip } });
  // Junk in the header must not give each request a fresh rate-limit key.
  const codes = [];
  for (const junk of ['a', 'b', 'c', 'd']) codes.push((await create(junk)).status);
  assert.ok(codes.includes(429), `junk header values share the connection's limit: ${codes}`);
  ctx.stop();
});

test('the limiter remembers a bounded number of keys: past 100,000 in a window, new keys share one count, and a new window forgets them all', async () => {
  let t = 1_000_000;
  const limiter = memoryRateLimiter(20, 60, () => t);
  for (let i = 0; i < 100_000; i++) assert.ok((await limiter.limit(`k${i}`)).allowed);
  const overflow = [];
  for (let i = 0; i < 21; i++) overflow.push((await limiter.limit(`new${i}`)).allowed);
  assert.deepEqual(overflow, [...Array(20).fill(true), false], 'twenty-one new keys counted as one');
  assert.ok((await limiter.limit('k7')).allowed, 'a key it knows keeps its own count');
  t += 60_000;
  assert.ok((await limiter.limit('new21')).allowed, 'the next window starts empty');
});

/**
 * A few thousand mixed requests, good and bad, with upstream faults switching on and off: no response body, header
 * or log line may contain the password, the con_id or the secret.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fault } from '../../sandbox/index.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';

const CANARIES = [LIVE_ENV.TMWEASY_PASSWORD, LIVE_ENV.TMWEASY_CON_ID, LIVE_ENV.MAEMANEE_SECRET, LIVE_ENV.TMWEASY_USER];
const REQUESTS = 3000;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

test(`no credential or secret in ${REQUESTS} responses and their logs`, async () => {
  const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com', MAEMANEE_RATE_LIMIT: '100000' });
  const rand = random(7);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const bills: { id: string; token: string }[] = [];
  const faults: Fault[] = [{ kind: 'none' }, { kind: 'html' }, { kind: 'http500' }, { kind: 'empty' }, { kind: 'broken' }];
  const seen: string[] = [];
  const statuses = new Map<number, number>();

  for (let i = 0; i < REQUESTS; i++) {
    if (i % 50 === 0) ctx.host.setFault(pick(faults));
    const bill = bills.length ? pick(bills) : undefined;
    const request = pick<() => [string, RequestInit]>([
      () => ['/v1/payments', { method: 'POST', body: JSON.stringify({ amount: Math.floor(rand() * 200) - 20, ref1: pick(['a-1', '<x>', 'ok', '']) }), headers: { 'content-type': 'text/plain' } }],
      () => ['/v1/payments', { method: 'POST', body: '{"amount":50,"ref1":"good"}', headers: { 'content-type': 'application/json', origin: pick(['https://shop.example.com', 'https://evil.example']) } }],
      () => ['/v1/payments', { method: 'POST', body: pick(['{', 'null', '{"order":"a.b.c"}', 'x'.repeat(5000)]), headers: { 'content-type': 'text/plain' } }],
      () => [`/v1/payments/${bill?.id ?? 1}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${pick([bill?.token ?? 'x', 'a.b.c'])}` } }],
      () => [`/v1/payments/${bill?.id ?? 1}`, { headers: { authorization: `Bearer ${bill?.token ?? 'x'}` } }],
      () => [`/v1/payments/${bill?.id ?? 1}/cancel`, { method: 'POST', body: JSON.stringify({ token: bill?.token }), headers: { 'content-type': 'text/plain' } }],
      () => [`/sandbox/payments/${bill?.id ?? 1}/${pick(['pay', 'expire'])}`, { method: 'POST' }],
    ])();
    const res = await ctx.app.request(...request);
    const body = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    seen.push(body, JSON.stringify([...res.headers]));
    if (res.status === 201) {
      const { id, token } = JSON.parse(body);
      bills.push({ id, token });
    }
  }
  const everything = seen.join('\n') + ctx.logs.join('\n');
  for (const canary of CANARIES) assert.ok(!everything.includes(canary), `leaked ${canary}`);
  // The mix really did exercise success, refusals and upstream faults.
  for (const status of [200, 201, 400, 401, 403, 413, 502]) assert.ok(statuses.get(status), `no ${status} among ${[...statuses.keys()]}`);
});

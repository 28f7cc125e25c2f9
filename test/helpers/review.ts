/** Bills in the needs-review inbox, made as the proxy makes them, for the console's browser tests. */
import assert from 'node:assert/strict';
import { getPayment } from '../../server-kit/index.ts';
import { call, createPayment, overHttp } from './flow.ts';
import { until } from './wait.ts';

/**
 * Bills whose confirm's answer was lost (the upstream's 500, after it may have taken the call), then expired: the
 * proxy at `url` (sandbox mode, ending bills at once) puts them in review. While the fault lasts, every confirm fails:
 * these must be the only bills pending.
 */
export async function inReview(url: string, secret: string, ...bills: [amount: number, ref1: string][]) {
  const target = overHttp(url);
  const made = [];
  for (const [amount, ref1] of bills) made.push(await createPayment(target, amount, ref1));
  assert.equal((await call(target, '/sandbox/fault', { method: 'PUT', json: { kind: 'http500', methods: ['confirm'] } })).status, 200);
  for (const bill of made) assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).status, 502);
  assert.equal((await call(target, '/sandbox/fault', { method: 'PUT', json: { kind: 'none' } })).status, 200);
  for (const bill of made) assert.equal((await call(target, `/sandbox/payments/${bill.id}/expire`, { method: 'POST' })).status, 200);
  for (const bill of made) {
    await until(async () => (await getPayment(url, secret, bill.id)).status === 'needs_review', 10_000, `${bill.id} in review`);
  }
  return made;
}

/**
 * A payment the upstream confirms after the proxy's own checks ended (its bill settled `expired` or `needs_review`)
 * is still found: by its payer's confirm, by its order or pay link asked again, and by the merchant's lookup with
 * `?refresh=1`, each asking the upstream once per check gap. It is recorded late, exactly as inside the grace window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call, type Target } from '../helpers/flow.ts';
import { LIVE_ENV } from '../helpers/sandbox-app.ts';
import { lateOf, shortGrace } from '../helpers/short-grace.ts';

const SECRET = LIVE_ENV.MAEMANEE_SECRET;
const merchant = async () => ({ token: await signMerchantToken(SECRET) });

/** The order the pay page's element pays its link with. */
const orderOf = async (target: Target, id: string) => /<maemanee-pay [^>]*order="([^"]+)"/.exec((await call(target, `/pay/${id}`)).body)![1];

test('a pay link whose bill ended expired and was paid after: the next tap answers that payment, and the link reads paid', async () => {
  const ctx = await shortGrace();
  try {
    const link = (await call(ctx.target, '/v1/links', { method: 'POST', json: { amount: 45, description: 'Late scarf' }, ...(await merchant()) })).body;
    const order = await orderOf(ctx.target, link.id);
    const first = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.equal(first.status, 201);
    await ctx.endUnpaid(first.body.id);
    ctx.simulator.pay(first.body.id);
    assert.equal((await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body.status, 'open', 'nobody has asked yet');
    const tap = await call(ctx.target, '/v1/payments', { method: 'POST', json: { order } });
    assert.deepEqual([tap.status, tap.body.status, tap.body.id, tap.body.late, tap.body.link], [200, 'paid', first.body.id, true, link.id], JSON.stringify(tap.body));
    const read = (await call(ctx.target, `/v1/links/${link.id}`, await merchant())).body;
    assert.deepEqual([read.status, read.payments.map((p: { id: string; status: string }) => [p.id, p.status])], ['paid', [[first.body.id, 'paid']]]);
    assert.match((await call(ctx.target, `/pay/${link.id}`)).body, /ชำระเงินเรียบร้อย/);
    assert.equal(lateOf(await ctx.events(first.body.id))?.link, link.id);
  } finally {
    ctx.stop();
  }
});

/**
 * A proxy whose own checks end as soon as a bill expires (the grace window is zero, and checks come every 50 ms), for
 * tests of what happens after they ended: a payment the upstream confirms late, an order or a pay link asked again.
 */
import assert from 'node:assert/strict';
import type { PaymentEvent } from '../../contract/http.ts';
import { call } from './flow.ts';
import { LIVE_ENV, recordedApp, type RecordedOptions } from './sandbox-app.ts';
import { sleep } from './wait.ts';

export const SHORT_GRACE_ENV = { ...LIVE_ENV, MAEMANEE_PUBLIC_URL: 'https://pay.example.com' };

export async function shortGrace(options: RecordedOptions = {}) {
  const ctx = await recordedApp(SHORT_GRACE_ENV, { ...options, schedule: { reconcileMs: 50, graceMs: 0, ...options.schedule } });
  /** Expires a bill in the sandbox and waits until the proxy's own checks have ended it. */
  const endUnpaid = async (id: string, status: 'expired' | 'needs_review' = 'expired') => {
    assert.equal((await call(ctx.target, `/sandbox/payments/${id}/expire`, { method: 'POST' })).status, 200);
    const deadline = Date.now() + 5000;
    while ((await ctx.ledger.bill(id))?.status !== status) {
      if (Date.now() > deadline) assert.fail(`bill ${id} is ${(await ctx.ledger.bill(id))?.status}, not ${status}`);
      await sleep(20);
    }
  };
  const events = async (id: string) => (await ctx.ledger.events(0, 1000)).map((e) => e.event).filter((e) => e.data.id === id);
  const confirms = () => ctx.methods().filter((m) => m === 'confirm').length;
  return { ...ctx, endUnpaid, events, confirms };
}

/** The types of a bill's events, in order. */
export const typesOf = (events: PaymentEvent[]) => events.map((e) => e.type);
/** The payment.paid event's data, if any. */
export const lateOf = (events: PaymentEvent[]) => events.find((e) => e.type === 'payment.paid')?.data;

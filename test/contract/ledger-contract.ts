/**
 * What every ledger engine must do, as plain async checks with no test runner in them, so that one suite runs on
 * SQLite in Node (test/node/ledger.test.ts) and on the Durable Object in workerd (test/workerd/contract-worker.ts).
 */
import type { Ledger } from '../../proxy/ledger/ledger.ts';

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
const same = (a: unknown, b: unknown, message: string) => check(JSON.stringify(a) === JSON.stringify(b), `${message}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);

const T = 1_800_000_000_000;
const bill = (id: string, extra = {}) => ({
  id,
  ref1: 'r',
  amount: 50,
  expiresAt: T + 600_000,
  orderKey: null,
  sandbox: false,
  clientIp: '192.0.2.1',
  createdAt: T,
  nextCheckAt: T + 40_000,
  ...extra,
});
const paid = (id: string, paidAt: string) => ({ status: 'paid' as const, id, ref1: 'r', amount: 50, paidAt, sandbox: false, receipt: `receipt-${paidAt}` });
const event = (id: string) => ({ id, type: 'payment.paid' as const, created: 'c', data: { id, ref1: 'r', amount: 50, paidAt: 'p', sandbox: false } });

/**
 * `scans`: the case asks for due work or the next wake across bills, which an engine answers for what it holds (all
 * bills in a Node file; one bill in a Workers bill object), not through the Workers front.
 */
export const ledgerContract: { name: string; scans?: true; run(ledger: Ledger): Promise<void> }[] = [
  {
    name: 'a bill is recorded once, and read back as written',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordBill(bill('1', { ref1: 'changed' }));
      const row = await ledger.bill('1');
      same([row?.ref1, row?.amount, row?.status, row?.paid, row?.sandbox], ['r', 50, 'pending', null, false], 'the first record stands');
      check((await ledger.bill('2')) === undefined, 'an unknown bill is undefined');
    },
  },
  {
    name: "an order's next bill is claimed by one caller until a bill is recorded for it, a release, or the lease ends",
    async run(ledger) {
      const key = '["o-1",50]';
      check(await ledger.claimOrder(key, T, 30_000), 'the first claim wins');
      check(!(await ledger.claimOrder(key, T + 1, 30_000)), 'nobody else while it is held');
      check(await ledger.claimOrder('["o-2",50]', T + 1, 30_000), 'another order is not held by it');
      await ledger.recordBill(bill('1', { orderKey: key }));
      check(await ledger.claimOrder(key, T + 2, 30_000), 'recording a bill for the order ends the claim');
      await ledger.releaseOrder(key);
      check(await ledger.claimOrder(key, T + 3, 30_000), 'a release ends it');
      check(!(await ledger.claimOrder(key, T + 30_002, 30_000)), 'held until its lease ends');
      check(await ledger.claimOrder(key, T + 30_003, 30_000), 'a holder gone past its lease loses it');
    },
  },
  {
    name: 'a check is claimed by one caller per gap, and never for a paid bill',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      check(await ledger.claimCheck('1', T, 2000), 'the first claim wins');
      check(!(await ledger.claimCheck('1', T + 1999, 2000)), 'nobody else within the gap');
      check(await ledger.claimCheck('1', T + 2000, 2000), 'again after the gap');
      await ledger.recordPaid('1', paid('1', 'p'), event('1'), null);
      check(!(await ledger.claimCheck('1', T + 99_000, 2000)), 'a paid bill is not checked again');
    },
  },
  {
    name: 'the first paid facts win, with one event',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      same((await ledger.recordPaid('1', paid('1', 'first'), event('1'), T)).paidAt, 'first', 'the first');
      same((await ledger.recordPaid('1', paid('1', 'second'), event('1'), T)).paidAt, 'first', 'still the first');
      same((await ledger.events(0, 10)).map((e) => e.event.id), ['1'], 'one event');
      same((await ledger.bill('1'))?.status, 'paid', 'the bill is paid');
    },
  },
  {
    name: 'checks are recorded; expired and cancelled stop the checking',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordBill(bill('2'));
      await ledger.recordCheck('1', 'not paid', T + 80_000);
      same([(await ledger.bill('1'))?.lastAnswer, (await ledger.bill('1'))?.nextCheckAt], ['not paid', T + 80_000], 'the answer');
      same(await ledger.dueChecks(T + 50_000, 10), ['2'], 'only the due one');
      await ledger.recordCheck('2', 'cancelled', T, 'cancelled');
      same(await ledger.dueChecks(T + 1e9, 10), ['1'], 'a cancelled bill is never due');
      await ledger.expireNow('1', T);
      check((await ledger.bill('1'))!.expiresAt < T, 'the sandbox can cut a bill short');
    },
  },
  {
    name: 'an order finds its paid bill first, else its newest',
    async run(ledger) {
      await ledger.recordBill(bill('1', { orderKey: 'k', createdAt: T }));
      await ledger.recordBill(bill('2', { orderKey: 'k', createdAt: T + 1 }));
      same((await ledger.billForOrder('k'))?.id, '2', 'the newest');
      await ledger.recordPaid('1', paid('1', 'p'), event('1'), null);
      same((await ledger.billForOrder('k'))?.id, '1', 'the paid one');
      check((await ledger.billForOrder('other')) === undefined, 'no bill for another order');
    },
  },
  {
    name: 'the outbox: one attempt at a time, numbered, until delivered; a redelivery starts afresh',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordPaid('1', paid('1', 'p'), event('1'), T);
      same(await ledger.dueDeliveries(T, 10), ['1'], 'due at once');
      same(await ledger.nextWake(), T, 'the next wake is the delivery');
      const first = await ledger.claimDelivery('1', T, 60_000);
      same([first?.attempt, first?.firstAttemptAt, first?.event.id], [1, T, '1'], 'attempt 1');
      check((await ledger.claimDelivery('1', T, 60_000)) === undefined, 'claimed: not twice');
      await ledger.recordDelivery('1', { nextAttemptAt: T + 5000, error: 'HTTP 503' });
      same((await ledger.claimDelivery('1', T + 5000, 60_000))?.attempt, 2, 'attempt 2');
      await ledger.recordDelivery('1', { deliveredAt: T + 5001 });
      same(await ledger.dueDeliveries(T + 1e9, 10), [], 'delivered: nothing due');
      check(await ledger.redeliver('1', T + 9000), 'redeliver');
      same((await ledger.claimDelivery('1', T + 9000, 60_000))?.attempt, 1, 'afresh');
      check(!(await ledger.redeliver('9', T)), 'no such event');
    },
  },
  {
    name: 'events come oldest first after a cursor',
    async run(ledger) {
      for (const id of ['3', '1', '2']) {
        await ledger.recordBill(bill(id));
        await ledger.recordPaid(id, paid(id, 'p'), event(id), null);
      }
      const all = await ledger.events(0, 10);
      same(all.map((e) => e.event.id), ['3', '1', '2'], 'in the order recorded');
      same((await ledger.events(all[0].seq, 1)).map((e) => e.event.id), ['1'], 'after a cursor, limited');
      same(await ledger.events(all[2].seq, 10), [], 'nothing newer');
    },
  },
  {
    name: 'paid bills with no webhook configured: nothing is due',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordPaid('1', paid('1', 'p'), event('1'), null);
      same(await ledger.nextWake(), null, 'nothing');
    },
  },
];

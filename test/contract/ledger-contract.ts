/**
 * What every ledger engine must do, as plain async checks with no test runner in them, so that one suite runs on
 * SQLite in Node (test/node/ledger.test.ts) and on the Durable Object in workerd (test/workerd/contract-worker.ts).
 */
import type { PaymentEvent } from '../../contract/http.ts';
import { BILL_TRANSITIONS, eventId, linkOrderKey, mayTurnPaid, type BillStatus, type InviteRecord, type Ledger, type LinkOrder, type LinkRecord, type NewBill } from '../../proxy/ledger/ledger.ts';

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
const same = (a: unknown, b: unknown, message: string) => check(JSON.stringify(a) === JSON.stringify(b), `${message}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);

export const T = 1_800_000_000_000;
const QR = 'data:image/png;base64,iVBORw0KGgo=';
export const bill = (id: string, extra: Partial<NewBill> = {}): NewBill => ({
  id,
  ref1: 'r',
  amount: 50,
  expiresAt: T + 600_000,
  orderKey: null,
  linkId: null,
  order: null,
  sandbox: false,
  clientIp: '192.0.2.1',
  createdAt: T,
  nextCheckAt: T + 40_000,
  qr: QR,
  payUrl: 'https://pay.example/1',
  ...extra,
});
export const paid = (id: string, paidAt: string) => ({ status: 'paid' as const, id, ref1: 'r', amount: 50, paidAt, late: false, sandbox: false, receipt: `receipt-${paidAt}` });
export const paidEvent = (id: string): PaymentEvent => ({ id: eventId('payment.paid', id), type: 'payment.paid', created: 'c', data: { id, ref1: 'r', amount: 50, paidAt: 'p', late: false, sandbox: false } });
const expiredEvent = (id: string, cancelled = false): PaymentEvent => ({
  id: eventId('payment.expired', id),
  type: 'payment.expired',
  created: 'c',
  data: { id, ref1: 'r', amount: 50, expiresAt: 'e', sandbox: false, cancelled },
});
const none = { endpoints: [], at: T };
const plainLink = (id: string, extra: Partial<LinkRecord> = {}): LinkRecord => ({
  id,
  amount: 250,
  description: 'Red shirt, size M',
  ref1: `link-${id}`,
  lang: 'en',
  base: 'https://pay.example.com',
  createdAt: T,
  expiresAt: T + 86_400_000,
  disabledAt: null,
  items: null,
  fields: [],
  reusable: false,
  limit: null,
  ...extra,
});
const ORDERED = { items: [{ name: 'Red shirt', price: 250, quantity: 2 }], fields: { name: 'สมชาย', phone: '0812345678' } };
/** A buyer's order of link `shop`, holding its place for a minute from `at`. */
const linkOrder = (id: string, at = T, buyer = `buyer-${id}`): LinkOrder => ({
  id,
  linkId: 'shop',
  buyer,
  amount: 500,
  details: ORDERED,
  createdAt: at,
  heldUntil: at + 60_000,
  sold: false,
});
const to = (...endpoints: string[]) => ({ endpoints, at: T });
const A = 'https://a.example/hook';
const B = 'https://b.example/hook';

/**
 * `scans`: the case asks for due work or the next wake across bills, which an engine answers for what it holds (all
 * bills in a Node file; one bill in a Workers bill object), not through the Workers front.
 */
export const ledgerContract: { name: string; scans?: true; run(ledger: Ledger): Promise<void> }[] = [
  {
    name: 'a bill is recorded once, and read back as written, its QR and bill page included',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordBill(bill('1', { ref1: 'changed' }));
      const row = await ledger.bill('1');
      same([row?.ref1, row?.amount, row?.status, row?.paid, row?.sandbox, row?.qr, row?.payUrl], ['r', 50, 'pending', null, false, QR, 'https://pay.example/1'], 'the first record stands');
      same([row?.asksOpen, row?.doubtful, row?.linkId], [0, false, null], 'no ask yet');
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
    name: 'a check is claimed by one caller per gap, for any bill not paid or cancelled',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      check(await ledger.claimCheck('1', T, 2000), 'the first claim wins');
      check(!(await ledger.claimCheck('1', T + 1999, 2000)), 'nobody else within the gap');
      check(await ledger.claimCheck('1', T + 2000, 2000), 'again after the gap');
      await ledger.recordUnpaid('1', 'expired', expiredEvent('1'), none);
      check(await ledger.claimCheck('1', T + 4000, 2000), 'an expired bill may still be asked (before its order is billed again)');
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), none);
      check(!(await ledger.claimCheck('1', T + 99_000, 2000)), 'a paid bill is not checked again');
    },
  },
  {
    name: 'each ask is open until its outcome is recorded; one never recorded stays open; a fault after sending is doubt',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      check(await ledger.claimCheck('1', T, 2000), 'ask 1');
      await ledger.recordCheck('1', { answer: 'not paid', nextCheckAt: T + 40_000 });
      same([(await ledger.bill('1'))?.asksOpen, (await ledger.bill('1'))?.doubtful], [0, false], 'answered');
      check(await ledger.claimCheck('1', T + 2000, 2000), 'ask 2, never answered (its process died)');
      check(await ledger.claimCheck('1', T + 4000, 2000), 'ask 3');
      await ledger.recordCheck('1', { answer: 'not paid', nextCheckAt: T + 40_000 });
      same([(await ledger.bill('1'))?.asksOpen, (await ledger.bill('1'))?.doubtful], [1, false], 'ask 2 is still open');

      await ledger.recordBill(bill('2'));
      check(await ledger.claimCheck('2', T, 2000), 'ask');
      await ledger.recordCheck('2', { answer: 'fault: http_status', nextCheckAt: T + 40_000, doubtful: true });
      same([(await ledger.bill('2'))?.asksOpen, (await ledger.bill('2'))?.doubtful], [0, true], 'a fault after sending is doubt');
      await ledger.recordCheck('2', { answer: 'not paid', nextCheckAt: T + 90_000 });
      same((await ledger.bill('2'))?.doubtful, true, 'a later "not paid" does not clear it');
    },
  },
  {
    name: 'the first paid facts win, with one event; a paid bill cannot be closed',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      same((await ledger.recordPaid('1', paid('1', 'first'), paidEvent('1'), none)).paidAt, 'first', 'the first');
      same((await ledger.recordPaid('1', paid('1', 'second'), paidEvent('1'), none)).paidAt, 'first', 'still the first');
      same((await ledger.events(0, 10)).map((e) => e.event.id), ['payment.paid:1'], 'one event');
      same((await ledger.bill('1'))?.status, 'paid', 'the bill is paid');
      check(!(await ledger.recordUnpaid('1', 'expired', expiredEvent('1'), none)), 'not closed');
      same((await ledger.events(0, 10)).map((e) => e.event.id), ['payment.paid:1'], 'and no expired event');
    },
  },
  {
    name: 'an unpaid bill ends once per status with its event; a late payment is still recorded, with its own event',
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      check(await ledger.recordUnpaid('1', 'expired', expiredEvent('1'), none), 'expired');
      check(!(await ledger.recordUnpaid('1', 'expired', expiredEvent('1'), none)), 'not twice');
      check(await ledger.recordUnpaid('1', 'cancelled', expiredEvent('1', true), none), 'then cancelled upstream');
      check(!(await ledger.recordUnpaid('1', 'needs_review', null, none)), 'a cancelled bill stays cancelled');
      same((await ledger.events(0, 10)).map((e) => e.event.id), ['payment.expired:1'], 'one expired event');

      await ledger.recordBill(bill('2'));
      await ledger.recordUnpaid('2', 'expired', expiredEvent('2'), none);
      await ledger.recordPaid('2', paid('2', 'late'), paidEvent('2'), none);
      same((await ledger.bill('2'))?.status, 'paid', 'paid after all');
      same((await ledger.events(0, 10, 'payment.paid')).map((e) => e.event.id), ['payment.paid:2'], 'its paid event, by type');
    },
  },
  {
    name: 'a bill moves only as the one table of transitions allows, and is asked about only while it may turn out paid',
    async run(ledger) {
      const statuses = Object.keys(BILL_TRANSITIONS) as BillStatus[];
      /** Asks the ledger to move a bill into a status; whether it moved. */
      type Ended = Exclude<BillStatus, 'pending'>;
      const move = async (id: string, to: Ended): Promise<boolean> => {
        if (to !== 'paid') return ledger.recordUnpaid(id, to, null, none);
        const before = (await ledger.bill(id))?.status;
        // A cancelled bill refuses a paid answer (a fault, so the answer is kept and logged, not dropped).
        return ledger.recordPaid(id, paid(id, `p-${id}`), paidEvent(id), none).then(() => before !== 'paid', () => false);
      };
      let n = 0;
      for (const from of statuses) {
        for (const to of statuses.filter((s): s is Ended => s !== 'pending')) {
          const id = `m${++n}`;
          await ledger.recordBill(bill(id));
          if (from !== 'pending') check(await move(id, from), `pending → ${from}`);
          const allowed = BILL_TRANSITIONS[from].includes(to);
          same([from, to, await move(id, to)], [from, to, allowed], 'moved as the table says');
          same((await ledger.bill(id))?.status, allowed ? to : from, `${from} → ${to}: its status`);
        }
        const id = `c${n}`;
        await ledger.recordBill(bill(id));
        if (from !== 'pending') await move(id, from);
        same([from, await ledger.claimCheck(id, T, 2000)], [from, mayTurnPaid(from)], 'asked about while it may turn out paid');
      }
      same([mayTurnPaid('expired'), mayTurnPaid('needs_review'), mayTurnPaid('cancelled'), mayTurnPaid('paid')], [true, true, false, false], 'ended bills may');
    },
  },
  {
    name: 'checks are recorded; only pending bills are due',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordBill(bill('2'));
      await ledger.recordCheck('1', { answer: 'not paid', nextCheckAt: T + 80_000 });
      same([(await ledger.bill('1'))?.lastAnswer, (await ledger.bill('1'))?.nextCheckAt], ['not paid', T + 80_000], 'the answer');
      same(await ledger.dueChecks(T + 50_000, 10), ['2'], 'only the due one');
      await ledger.recordUnpaid('2', 'cancelled', expiredEvent('2', true), none);
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
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), none);
      same((await ledger.billForOrder('k'))?.id, '1', 'the paid one');
      check((await ledger.billForOrder('other')) === undefined, 'no bill for another order');
    },
  },
  {
    name: 'the outbox: one delivery per endpoint, each attempted one at a time, numbered, until delivered',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), to(A, B));
      const id = 'payment.paid:1';
      same(await ledger.dueDeliveries(T, 10), [{ eventId: id, endpoint: A }, { eventId: id, endpoint: B }], 'one per endpoint, due at once');
      same(await ledger.nextWake(), T, 'the next wake is the delivery');
      const first = await ledger.claimDelivery({ eventId: id, endpoint: A }, T, 60_000);
      same([first?.attempt, first?.firstAttemptAt, first?.event.id], [1, T, id], 'attempt 1');
      check((await ledger.claimDelivery({ eventId: id, endpoint: A }, T, 60_000)) === undefined, 'claimed: not twice');
      same((await ledger.dueDeliveries(T, 10)).map((r) => r.endpoint), [B], 'B is still due: A\'s attempt holds only A');
      await ledger.recordDelivery({ eventId: id, endpoint: A }, { nextAttemptAt: T + 5000, error: 'HTTP 503' });
      same((await ledger.claimDelivery({ eventId: id, endpoint: A }, T + 5000, 60_000))?.attempt, 2, 'attempt 2');
      await ledger.recordDelivery({ eventId: id, endpoint: A }, { deliveredAt: T + 5001 });
      await ledger.recordDelivery({ eventId: id, endpoint: B }, { nextAttemptAt: null, error: 'gave up' });
      same(await ledger.dueDeliveries(T + 1e9, 10), [], 'delivered, and given up: nothing due');
    },
  },
  {
    name: 'a redelivery is queued afresh once, however often it is asked, and only for a known event',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), to(A));
      const ref = { eventId: 'payment.paid:1', endpoint: A };
      await ledger.claimDelivery(ref, T, 60_000);
      same(await ledger.redeliver(ref.eventId, [A, B], T + 1), 1, 'B is queued; A is in flight and left alone');
      await ledger.recordDelivery(ref, { deliveredAt: T + 2 });
      same(await ledger.redeliver(ref.eventId, [A, B], T + 3), 1, 'A again; B is still waiting');
      same(await ledger.redeliver(ref.eventId, [A, B], T + 4), 0, 'asked again: nothing more');
      same((await ledger.claimDelivery(ref, T + 9000, 60_000))?.attempt, 1, 'afresh');
      same(await ledger.redeliver('payment.paid:9', [A], T), undefined, 'no such event');
    },
  },
  {
    name: 'events come oldest first after a cursor, of one type if asked',
    async run(ledger) {
      for (const id of ['3', '1', '2']) {
        await ledger.recordBill(bill(id));
        if (id === '1') await ledger.recordUnpaid(id, 'expired', expiredEvent(id), none);
        else await ledger.recordPaid(id, paid(id, 'p'), paidEvent(id), none);
      }
      const all = await ledger.events(0, 10);
      same(all.map((e) => e.event.id), ['payment.paid:3', 'payment.expired:1', 'payment.paid:2'], 'in the order recorded');
      same((await ledger.events(all[0].seq, 1)).map((e) => e.event.id), ['payment.expired:1'], 'after a cursor, limited');
      same((await ledger.events(0, 10, 'payment.paid')).map((e) => e.event.id), ['payment.paid:3', 'payment.paid:2'], 'one type');
      same(await ledger.events(all[2].seq, 10), [], 'nothing newer');
    },
  },
  {
    name: 'paid bills with no webhook configured: nothing is due',
    scans: true,
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), none);
      same(await ledger.nextWake(), null, 'nothing');
    },
  },
  {
    name: "an order's bills, newest first",
    async run(ledger) {
      await ledger.recordBill(bill('1', { orderKey: 'link:x', createdAt: T }));
      await ledger.recordBill(bill('2', { orderKey: 'link:x', createdAt: T + 5 }));
      await ledger.recordBill(bill('3', { orderKey: 'other', createdAt: T + 9 }));
      same((await ledger.billsForOrder('link:x')).map((b) => b.id), ['2', '1'], 'its two, newest first');
      same(await ledger.billsForOrder('none'), [], 'none');
    },
  },
  {
    name: "the shop's bills: newest first, by ref1 and by status, a page at a time, and as they change",
    async run(ledger) {
      for (const [id, ref1] of [['1', 'a'], ['2', 'b'], ['3', 'a'], ['4', 'a']]) await ledger.recordBill(bill(id, { ref1, createdAt: T + Number(id) }));
      await ledger.recordPaid('3', paid('3', 'p'), paidEvent('3'), none);
      await ledger.recordUnpaid('1', 'expired', expiredEvent('1'), none);
      const ids = (rows: { bill: { id: string } }[]) => rows.map((r) => r.bill.id);
      same(ids(await ledger.listBills({ limit: 10 })), ['4', '3', '2', '1'], 'all, newest first');
      same(ids(await ledger.listBills({ ref1: 'a', limit: 10 })), ['4', '3', '1'], 'one ref1');
      same(ids(await ledger.listBills({ status: 'paid', limit: 10 })), ['3'], 'paid');
      same(ids(await ledger.listBills({ ref1: 'a', status: 'expired', limit: 10 })), ['1'], 'both');
      const first = await ledger.listBills({ limit: 2 });
      same(ids(first), ['4', '3'], 'a page');
      same(ids(await ledger.listBills({ before: first[1].seq, limit: 2 })), ['2', '1'], 'the next');
      const [three] = await ledger.listBills({ status: 'paid', limit: 1 });
      same([three.bill.status, three.bill.paidAt, three.bill.amount, three.bill.late], ['paid', 'p', 50, false], 'its facts');
    },
  },
  {
    name: 'a pay link is recorded, read back, and disabled once',
    async run(ledger) {
      const link = plainLink('AbC-123_xyz');
      await ledger.recordLink(link);
      same(await ledger.link(link.id), link, 'as written');
      check((await ledger.link('nope')) === undefined, 'an unknown link is undefined');
      same((await ledger.disableLink(link.id, T + 5))?.disabledAt, T + 5, 'disabled');
      same((await ledger.disableLink(link.id, T + 9))?.disabledAt, T + 5, 'the first time stands');
      await ledger.recordLink({ ...link, id: 'older_link', base: null });
      same((await ledger.link('older_link'))?.base, null, 'a link may have no base (one made before links kept it)');
      check((await ledger.disableLink('nope', T)) === undefined, 'no such link');
    },
  },
  {
    name: "a shop link is recorded with its items, the buyer's details it asks for, and its limit, and read back as written",
    async run(ledger) {
      const items = [
        { name: 'Red shirt <b>', price: 250, quantity: 1, adjustable: { min: 1, max: 5 } },
        { name: 'ถุงผ้า', price: 120, quantity: 2 },
      ];
      const fields = [
        { key: 'name' as const, required: true },
        { key: 'phone' as const, required: false },
      ];
      const link = plainLink('shop', { items, fields, reusable: true, limit: 3, amount: 490 });
      await ledger.recordLink(link);
      same(await ledger.link('shop'), link, 'as written');
      same((await ledger.disableLink('shop', T + 1))?.items, items, 'and after a change');
    },
  },
  {
    name: "a link's orders hold its places: never more than its limit, sold ones for good, held ones until their hold lapses",
    async run(ledger) {
      await ledger.recordLink(plainLink('shop', { reusable: true, limit: 2 }));
      check(await ledger.placeLinkOrder(linkOrder('o1'), 2, T), 'the first place');
      check(await ledger.placeLinkOrder(linkOrder('o2', T + 1, 'buyer-o1'), 2, T + 1), 'the second, by the same buyer');
      check(!(await ledger.placeLinkOrder(linkOrder('o3', T + 2), 2, T + 2)), 'no third while both hold');
      check((await ledger.linkOrder('shop', 'o3')) === undefined, 'the refused order is not recorded');
      same(await ledger.linkStock('shop', T + 2), { sold: 0, held: 2 }, 'two held');
      same(await ledger.linkOrder('shop', 'o1'), linkOrder('o1'), 'an order as written');
      same((await ledger.buyerOrder('shop', 'buyer-o1'))?.id, 'o2', "a buyer's newest order");
      check((await ledger.buyerOrder('shop', 'nobody')) === undefined, 'a buyer with none');
      check((await ledger.buyerOrder('other', 'buyer-o1')) === undefined, "another link's buyer");
      same(await ledger.linkStock('shop', T + 60_000), { sold: 0, held: 1 }, "o1's hold lapsed at its end");
      check(await ledger.placeLinkOrder(linkOrder('o3', T + 60_000), 2, T + 60_000), 'its place is free again');
      same(await ledger.linkStock('nope', T), { sold: 0, held: 0 }, 'a link with no orders');
      await ledger.recordLink(plainLink('open', { reusable: true }));
      for (let i = 0; i < 4; i++) check(await ledger.placeLinkOrder({ ...linkOrder(`u${i}`), linkId: 'open' }, null, T), 'no limit, no count');
      same(await ledger.linkStock('open', T), { sold: 0, held: 4 }, 'held all the same');
    },
  },
  {
    name: 'ten placements at once for a limit of three leave exactly three',
    async run(ledger) {
      await ledger.recordLink(plainLink('shop', { reusable: true, limit: 3 }));
      const placed = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.placeLinkOrder(linkOrder(`r${i}`, T + i), 3, T + 10)));
      same(placed.filter(Boolean).length, 3, 'three placed');
      same(await ledger.linkStock('shop', T + 10), { sold: 0, held: 3 }, 'three held');
      const held = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.linkOrder('shop', `r${i}`)));
      same(held.filter(Boolean).length, 3, 'and only they recorded');
    },
  },
  {
    name: "a link order's bill holds its place until the bill expires; paid, the order is sold for good; a lapsed hold is renewed only where there is room",
    async run(ledger) {
      await ledger.recordLink(plainLink('shop', { reusable: true, limit: 2 }));
      await ledger.placeLinkOrder(linkOrder('o1'), 2, T);
      await ledger.placeLinkOrder(linkOrder('o2'), 2, T);
      const key = linkOrderKey('shop', 'o1');
      await ledger.recordBill(bill('1', { orderKey: key, linkId: 'shop', order: ORDERED, expiresAt: T + 600_000 }));
      same((await ledger.linkOrder('shop', 'o1'))?.heldUntil, T + 600_000, 'held until its bill expires');
      same((await ledger.bill('1'))?.order, ORDERED, 'the bill keeps what was ordered');
      check(await ledger.placeLinkOrder(linkOrder('o3', T + 61_000), 2, T + 61_000), "o2's hold lapsed: o3 takes its place");
      check(!(await ledger.holdLinkOrder('shop', 'o2', T + 70_000, 2, T + 61_000)), 'o2 cannot be held again: o1 and o3 fill the link');
      check(await ledger.holdLinkOrder('shop', 'o3', T + 200_000, 2, T + 62_000), 'a held order is held longer');
      check(await ledger.holdLinkOrder('shop', 'o3', T + 100_000, 2, T + 62_000), 'never shorter');
      same((await ledger.linkOrder('shop', 'o3'))?.heldUntil, T + 200_000, 'still to its longest');
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), none);
      same((await ledger.linkOrder('shop', 'o1'))?.sold, true, 'paid: sold');
      same(await ledger.linkStock('shop', T + 9e9), { sold: 1, held: 0 }, 'sold for good, after every hold');
      check(await ledger.holdLinkOrder('shop', 'o1', T + 9e9, 2, T + 9e9), 'a sold order always holds');
      check(await ledger.holdLinkOrder('shop', 'o2', T + 9e9 + 60_000, 2, T + 9e9), "o2's place is free again");
      check(!(await ledger.holdLinkOrder('shop', 'nope', T + 9e9, 2, T)), 'an unknown order');
    },
  },
  {
    name: "a link's bills, newest first, at most as many as asked",
    async run(ledger) {
      await ledger.recordLink(plainLink('shop', { reusable: true }));
      await ledger.placeLinkOrder(linkOrder('o1'), null, T);
      await ledger.placeLinkOrder(linkOrder('o2'), null, T);
      await ledger.recordBill(bill('1', { orderKey: linkOrderKey('shop', 'o1'), linkId: 'shop', order: ORDERED, createdAt: T }));
      await ledger.recordBill(bill('2', { orderKey: linkOrderKey('shop', 'o2'), linkId: 'shop', createdAt: T + 5 }));
      await ledger.recordBill(bill('3', { orderKey: linkOrderKey('shop', 'o1'), linkId: 'shop', createdAt: T + 9 }));
      await ledger.recordBill(bill('4', { createdAt: T + 20 }));
      same((await ledger.billsForLink('shop', 10)).map((b) => b.id), ['3', '2', '1'], 'its three, newest first');
      same((await ledger.billsForLink('shop', 2)).map((b) => b.id), ['3', '2'], 'at most two');
      same((await ledger.billsForLink('shop', 10)).at(-1)?.order, ORDERED, 'with what was ordered');
      same(await ledger.billsForLink('none', 10), [], 'none');
    },
  },
  {
    name: "a time range's events, newest first: the newest page, or the oldest since a cursor; its paid totals",
    async run(ledger) {
      const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
      const cases: [string, 'paid' | 'expired', number, number][] = [
        ['e1', 'paid', -1, 40],
        ['e2', 'paid', 0, 50.5],
        ['e3', 'expired', 1, 60],
        ['e4', 'paid', 2, 70.25],
        ['e5', 'paid', 60, 80],
      ];
      for (const [id, type, minute, amount] of cases) {
        await ledger.recordBill(bill(id, { amount }));
        if (type === 'paid') {
          const event = paidEvent(id);
          if (event.type === 'payment.paid') event.data.amount = amount;
          await ledger.recordPaid(id, { ...paid(id, at(minute)), amount }, { ...event, created: at(minute) }, none);
        } else {
          await ledger.recordUnpaid(id, 'expired', { ...expiredEvent(id), created: at(minute) }, none);
        }
      }
      const ids = (rows: { event: PaymentEvent }[]) => rows.map((r) => r.event.data.id);
      const from = T;
      const to = T + 60 * 60_000;
      same(ids(await ledger.eventsBetween(from, to, { limit: 10 })), ['e4', 'e3', 'e2'], 'in the range, newest first');
      const newest = await ledger.eventsBetween(from, to, { limit: 2 });
      same(ids(newest), ['e4', 'e3'], 'the newest page');
      const [oldest] = await ledger.eventsBetween(from, to, { limit: 10, after: 0 }).then((r) => r.slice(-1));
      same(ids(await ledger.eventsBetween(from, to, { after: oldest.seq, limit: 1 })), ['e3'], 'after a cursor: the oldest since, first');
      same(ids(await ledger.eventsBetween(from, to, { after: newest[0].seq, limit: 10 })), [], 'nothing since the newest');
      same(await ledger.paidTotals(from, to), { count: 2, sum: 120.75 }, 'paid in the range: how many and how much');
      same(await ledger.paidTotals(to, to + 60_000), { count: 1, sum: 80 }, 'the next range has the next');
    },
  },
  {
    name: "a bill's history: its events, and each one's delivery to each endpoint as it stands",
    async run(ledger) {
      await ledger.recordBill(bill('1'));
      await ledger.recordBill(bill('2'));
      await ledger.recordUnpaid('1', 'needs_review', { id: eventId('payment.needs_review', '1'), type: 'payment.needs_review', created: 'c', data: { id: '1', ref1: 'r', amount: 50, expiresAt: 'e', sandbox: false, reason: 'r' } }, to(A, B));
      await ledger.recordPaid('1', paid('1', 'p'), paidEvent('1'), to(A));
      await ledger.recordPaid('2', paid('2', 'p'), paidEvent('2'), to(A));
      const ref = { eventId: 'payment.paid:1', endpoint: A };
      await ledger.claimDelivery(ref, T, 60_000);
      await ledger.recordDelivery(ref, { nextAttemptAt: T + 5000, error: 'HTTP 500' });
      const history = await ledger.billHistory('1');
      same(history.events.map((e) => e.type), ['payment.needs_review', 'payment.paid'], 'its events, oldest first, no other bill\'s');
      same(
        history.deliveries.map((d) => [d.eventId, d.endpoint, d.attempts, d.deliveredAt, d.nextAttemptAt, d.lastError]),
        [
          ['payment.needs_review:1', A, 0, null, T, null],
          ['payment.needs_review:1', B, 0, null, T, null],
          ['payment.paid:1', A, 1, null, T + 5000, 'HTTP 500'],
        ],
        'each delivery as it stands',
      );
      same(await ledger.billHistory('9'), { events: [], deliveries: [] }, 'an unknown bill has none');
    },
  },
  {
    name: "each endpoint's deliveries that failed and are not delivered: waiting, given up, the latest error",
    async run(ledger) {
      for (const id of ['1', '2', '3']) {
        await ledger.recordBill(bill(id));
        await ledger.recordPaid(id, paid(id, 'p'), paidEvent(id), to(A, B));
      }
      const fail = async (id: string, endpoint: string, at: number, next: number | null, error: string) => {
        const ref = { eventId: `payment.paid:${id}`, endpoint };
        await ledger.claimDelivery(ref, at, 60_000);
        await ledger.recordDelivery(ref, { nextAttemptAt: next, error });
      };
      same(await ledger.webhookTrouble(), [], 'queued, not failed: no trouble');
      await fail('1', A, T, T + 5000, 'HTTP 500');
      await fail('2', A, T + 1, null, 'gave up: HTTP 404');
      await fail('3', B, T + 2, T + 9000, 'timeout');
      await ledger.recordDelivery({ eventId: 'payment.paid:3', endpoint: A }, { deliveredAt: T + 3 });
      same(
        await ledger.webhookTrouble(),
        [
          { endpoint: A, failing: 1, gaveUp: 1, lastError: 'gave up: HTTP 404' },
          { endpoint: B, failing: 1, gaveUp: 0, lastError: 'timeout' },
        ],
        'per endpoint',
      );
      await ledger.recordDelivery({ eventId: 'payment.paid:1', endpoint: A }, { deliveredAt: T + 6000 });
      await ledger.redeliver('payment.paid:2', [A], T + 7000);
      same((await ledger.webhookTrouble()).map((t) => [t.endpoint, t.failing, t.gaveUp]), [[B, 1, 0]], 'delivered after all, and queued afresh: no longer trouble');
    },
  },
  {
    name: "the shop's bills found by ref1, id_pay or link, and by the time they were made",
    async run(ledger) {
      await ledger.recordBill(bill('11', { ref1: 'order-1', createdAt: T }));
      await ledger.recordBill(bill('12', { ref1: 'link-abc', linkId: 'abc', orderKey: 'link:abc', createdAt: T + 10 }));
      await ledger.recordBill(bill('13', { ref1: 'order-2', createdAt: T + 20 }));
      const ids = (rows: { bill: { id: string } }[]) => rows.map((r) => r.bill.id);
      same(ids(await ledger.listBills({ q: 'order-1', limit: 10 })), ['11'], 'by ref1');
      same(ids(await ledger.listBills({ q: '13', limit: 10 })), ['13'], 'by id_pay');
      same(ids(await ledger.listBills({ q: 'abc', limit: 10 })), ['12'], 'by link');
      same(ids(await ledger.listBills({ from: T + 10, to: T + 20, limit: 10 })), ['12'], 'made in [from, to)');
      same(ids(await ledger.listBills({ from: T + 10, limit: 10 })), ['13', '12'], 'from a time on');
      same(ids(await ledger.listBills({ q: 'nothing', limit: 10 })), [], 'none');
    },
  },
  {
    name: "the owner's resolution is kept with the status it set, in one write; the first stands; the summary says by whom",
    async run(ledger) {
      const review = (id: string) => ledger.recordUnpaid(id, 'needs_review', null, none);
      const word = { found: 'paid' as const, by: 'merchant' as const, memberId: 'owner', at: T + 1 };
      await ledger.recordBill(bill('1'));
      await review('1');
      await ledger.recordPaid('1', { ...paid('1', 'p'), resolvedBy: 'merchant' }, paidEvent('1'), none, word);
      same([(await ledger.bill('1'))?.resolution, (await ledger.bill('1'))?.paid?.resolvedBy], [word, 'merchant'], 'paid by the owner\'s word');
      same((await ledger.listBills({ q: '1', limit: 1 }))[0].bill.resolvedBy, 'merchant', 'the lookups say so');

      await ledger.recordBill(bill('2'));
      await review('2');
      const notPaid = { found: 'not_paid' as const, by: 'merchant' as const, memberId: 'owner', at: T + 2 };
      check(await ledger.recordUnpaid('2', 'expired', expiredEvent('2'), none, notPaid), 'ended');
      same((await ledger.bill('2'))?.resolution, notPaid, 'not paid by the owner\'s word');
      check(!(await ledger.recordUnpaid('2', 'expired', expiredEvent('2'), none, { ...notPaid, at: T + 3 })), 'not twice');
      same((await ledger.bill('2'))?.resolution?.at, T + 2, 'and the first word stands');
      const late = await ledger.recordPaid('2', { ...paid('2', 'p'), resolvedBy: 'merchant' }, paidEvent('2'), none, { ...word, at: T + 3 }).then(
        () => 'recorded',
        // (A LedgerFault; through a Durable Object's RPC, an Error of its message.)
        () => 'refused',
      );
      same([late, (await ledger.bill('2'))?.status, (await ledger.bill('2'))?.resolution?.found], ['refused', 'expired', 'not_paid'], "the owner's 'paid' after their 'not paid' changes nothing");
      same((await ledger.recordPaid('2', paid('2', 'u'), paidEvent('2'), none)).status, 'paid', "an upstream's paid answer still turns it paid");

      await ledger.recordBill(bill('3'));
      await ledger.recordPaid('3', paid('3', 'p'), paidEvent('3'), none);
      await ledger.recordPaid('3', paid('3', 'q'), paidEvent('3'), none, { ...word, at: T + 4 });
      same((await ledger.bill('3'))?.resolution, null, 'a word that changed nothing is not kept');
      await ledger.recordResolution('3', { ...word, by: 'upstream', at: T + 5 });
      await ledger.recordResolution('3', { ...word, by: 'merchant', at: T + 6 });
      same([(await ledger.bill('3'))?.resolution?.by, (await ledger.bill('3'))?.resolution?.at], ['upstream', T + 5], 'found by the upstream, once');
      same((await ledger.bill('4'))?.resolution, undefined, 'no bill');
    },
  },
  {
    name: "the shop's links, newest first, a page at a time",
    async run(ledger) {
      const link = (id: string, createdAt: number) => plainLink(id, { amount: 10, description: id, lang: null, createdAt, expiresAt: createdAt + 1e9 });
      await ledger.recordLink(link('aaa', T + 1));
      await ledger.recordLink(link('ccc', T + 2));
      await ledger.recordLink(link('bbb', T + 2));
      await ledger.recordLink(link('ddd', T + 3));
      const first = await ledger.listLinks({ limit: 3 });
      same(first.map((l) => l.id), ['ddd', 'ccc', 'bbb'], 'newest first (the same time: by id)');
      same(first[0], link('ddd', T + 3), 'as written');
      const last = first.at(-1)!;
      same((await ledger.listLinks({ before: { createdAt: last.createdAt, id: last.id }, limit: 3 })).map((l) => l.id), ['aaa'], 'the next page');
    },
  },
  {
    name: 'an invite signs in once: its member and session made together; unknown, used and expired ones refused',
    async run(ledger) {
      const invite = (tokenHash: string, extra: Partial<InviteRecord> = {}): InviteRecord => ({
        tokenHash, role: 'owner', name: null, memberId: 'owner', base: 'https://pay.example.com', createdBy: null, createdAt: T, expiresAt: T + 600_000, ...extra,
      });
      const session = (id: string) => ({ id, secretHash: `secret-${id}`, label: 'iPhone · Safari', passkey: false, createdAt: T + 1, lastSeenAt: T + 1, expiresAt: T + 1e9 });
      await ledger.recordInvite(invite('h1'));
      await ledger.recordInvite(invite('h2', { role: 'staff', name: 'นิด', memberId: 'staff-1', base: 'http://localhost:8787', expiresAt: T + 100 }));
      const signed = await ledger.redeemInvite('h1', session('s1'), T + 1);
      check('session' in signed, 'signed in');
      same([signed.member, signed.session.memberId, signed.session.base, signed.session.revokedAt], [{ id: 'owner', role: 'owner', name: null, createdAt: T + 1, revokedAt: null }, 'owner', 'https://pay.example.com', null], 'the owner and their session');
      same(await ledger.redeemInvite('h1', session('s2'), T + 2), { refused: 'used' }, 'a second use');
      check((await ledger.session('secret-s2')) === undefined, 'made no session');
      same(await ledger.redeemInvite('h2', session('s3'), T + 100), { refused: 'expired' }, 'at its expiry');
      same(await ledger.redeemInvite('nope', session('s4'), T), { refused: 'unknown' }, 'unknown');
      same((await ledger.session('secret-s1'))?.member.id, 'owner', 'the session by its secret');
      same((await ledger.consoleBases()).sort(), ['http://localhost:8787', 'https://pay.example.com'], 'the bases invites were made through');
      await ledger.recordInvite(invite('h3'));
      const again = await ledger.redeemInvite('h3', session('s5'), T + 3);
      same('member' in again && again.member.createdAt, T + 1, 'another owner invite signs in the same owner');
    },
  },
  {
    name: "sessions: touched, revoked once; a member's revocation ends their sessions; the members with their devices",
    async run(ledger) {
      const invite = (tokenHash: string, memberId: string, role: 'owner' | 'staff', name: string | null): InviteRecord => ({
        tokenHash, role, name, memberId, base: 'https://pay.example.com', createdBy: null, createdAt: T, expiresAt: T + 600_000,
      });
      const session = (id: string, expiresAt = T + 1e9) => ({ id, secretHash: `secret-${id}`, label: 'Android · Chrome', passkey: false, createdAt: T + 1, lastSeenAt: T + 1, expiresAt });
      await ledger.recordInvite(invite('o', 'owner', 'owner', null));
      await ledger.recordInvite(invite('s', 'staff-1', 'staff', 'Nok'));
      await ledger.redeemInvite('s', session('s1'), T + 1);
      await ledger.redeemInvite('o', session('o1'), T + 2);
      await ledger.recordSession({ ...session('o2'), memberId: 'owner', base: 'https://pay.example.com', passkey: true, revokedAt: null });
      await ledger.recordSession({ ...session('o3', T + 5), memberId: 'owner', base: 'https://pay.example.com', revokedAt: null });
      await ledger.touchSession('o1', T + 50, T + 2e9);
      same([(await ledger.session('secret-o1'))?.session.lastSeenAt, (await ledger.session('secret-o1'))?.session.expiresAt], [T + 50, T + 2e9], 'touched');
      same((await ledger.revokeSession('o2', T + 60))?.revokedAt, T + 60, 'revoked');
      same((await ledger.revokeSession('o2', T + 70))?.revokedAt, T + 60, 'the first time stands');
      check((await ledger.revokeSession('nope', T)) === undefined, 'no such session');
      await ledger.touchSession('o2', T + 80, T + 3e9);
      same((await ledger.session('secret-o2'))?.session.lastSeenAt, T + 1, 'a revoked session is not touched');
      const members = await ledger.consoleMembers(T + 10);
      same(
        members.map((m) => [m.member.id, m.member.role, m.member.name, m.sessions.map((s) => s.id)]),
        [['owner', 'owner', null, ['o1']], ['staff-1', 'staff', 'Nok', ['s1']]],
        'the owner first; live sessions only (not revoked, not expired)',
      );
      await ledger.recordPasskey({ id: 'k1', memberId: 'staff-1', publicKey: 'pk', counter: 0, transports: [], base: 'https://pay.example.com', label: 'x', createdAt: T, lastUsedAt: null });
      same((await ledger.revokeMember('staff-1', T + 90))?.revokedAt, T + 90, 'a member revoked');
      same([(await ledger.session('secret-s1'))?.session.revokedAt, (await ledger.session('secret-s1'))?.member.revokedAt], [T + 90, T + 90], 'their sessions with them');
      same(await ledger.passkeysOf('staff-1'), [], 'and their passkeys');
      check((await ledger.revokeMember('nobody', T)) === undefined, 'no such member');
    },
  },
  {
    name: 'passkeys: kept, found, their counter moved once per sign-in, removed; a challenge is taken once, before it expires',
    async run(ledger) {
      const key = { id: 'cred-1', memberId: 'owner', publicKey: 'pk', counter: 0, transports: ['internal'], base: 'https://pay.example.com/pp', label: 'iPhone', createdAt: T, lastUsedAt: null };
      await ledger.recordPasskey(key);
      await ledger.recordPasskey({ ...key, id: 'cred-2', memberId: 'staff-1' });
      same(await ledger.passkey('cred-1'), key, 'as written');
      same((await ledger.passkeysOf('owner')).map((p) => p.id), ['cred-1'], "a member's own");
      check(await ledger.usePasskey('cred-1', 0, 5, T + 1), 'moved from 0 to 5');
      check(!(await ledger.usePasskey('cred-1', 0, 6, T + 2)), 'not again from 0: another sign-in moved it');
      same([(await ledger.passkey('cred-1'))?.counter, (await ledger.passkey('cred-1'))?.lastUsedAt], [5, T + 1], 'its counter and use');
      same((await ledger.removePasskey('cred-1'))?.id, 'cred-1', 'removed');
      check((await ledger.removePasskey('cred-1')) === undefined && (await ledger.passkey('cred-1')) === undefined, 'gone');

      await ledger.recordChallenge({ challenge: 'c1', purpose: 'signin', memberId: null, origin: 'https://pay.example.com', expiresAt: T + 300_000 }, T);
      await ledger.recordChallenge({ challenge: 'c2', purpose: 'register', memberId: 'owner', origin: 'https://pay.example.com', expiresAt: T + 10 }, T);
      same((await ledger.takeChallenge('c1', T + 1))?.purpose, 'signin', 'taken');
      check((await ledger.takeChallenge('c1', T + 2)) === undefined, 'once');
      check((await ledger.takeChallenge('c2', T + 10)) === undefined, 'not at its expiry');
      check((await ledger.takeChallenge('c3', T)) === undefined, 'an unknown one');
    },
  },
  {
    name: 'the audit list: newest first, a page at a time',
    async run(ledger) {
      for (const [i, action] of (['invite.created', 'signin.link', 'passkey.added'] as const).entries()) {
        await ledger.recordAudit({ at: T + i, memberId: i === 0 ? null : 'owner', action, subject: `s${i}`, detail: null });
      }
      const page = await ledger.audit({ limit: 2 });
      same(page.map((e) => e.action), ['passkey.added', 'signin.link'], 'newest first');
      same((await ledger.audit({ before: page[1].seq, limit: 2 })).map((e) => [e.action, e.memberId, e.at]), [['invite.created', null, T]], 'the next page');
    },
  },
  {
    name: 'a writable ledger passes its probe',
    async run(ledger) {
      await ledger.probe();
    },
  },
];

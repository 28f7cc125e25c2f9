/**
 * Shop links in the console, against the fake API (which checks a new link with the proxy's own reader): the form
 * unfolds items, a range the buyer picks, the buyer's details and many buyers from the plain link, and sends what the
 * seller set; problems are said beside their fields; a link's page and the list show what it sells and that it sold
 * out; a payment's order is shown as text, on its page, in Today and in the search.
 */
import { expect } from '@open-wc/testing';
import type { OrderDetails } from '../../contract/http.ts';
import type { FakeConsoleApi } from './fake-console-api.ts';
import { all, fill, find, mount, one, submitLinkForm, text, unmount, until } from './helpers.ts';

afterEach(unmount);

const owner = (prepare?: (fake: FakeConsoleApi) => void) => ({
  prepare: (fake: FakeConsoleApi) => {
    prepare?.(fake);
    fake.signIn('owner');
  },
});

/** The form's own root, where its controls and their messages are. */
const form = (el: Element) => one(el, 'console-link-form')!.shadowRoot!;
const check = (el: Element, name: string) => one<HTMLInputElement>(el, `[name="${name}"]`)!.click();

async function unfold(el: Element) {
  const toggle = await find(el, '[data-shop]');
  expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  expect(one(el, '#shop')!.hidden).to.equal(true, 'the plain link first');
  toggle.click();
  await until(() => !one(el, '#shop')!.hidden, 'unfolded');
  expect(toggle.getAttribute('aria-expanded')).to.equal('true');
}

async function addItem(el: Element, index: number, name: string, price: string) {
  one(el, '[data-add-item]')!.click();
  await find(el, `[name="item-${index}-name"]`);
  expect(form(el).activeElement).to.equal(one(el, `[name="item-${index}-name"]`), 'the new item takes the focus');
  fill(el, `item-${index}-name`, name);
  fill(el, `item-${index}-price`, price);
}

describe('the link form makes a shop link', () => {
  it('items (one the buyer picks a quantity of), the total as the seller types, the details asked, many buyers with a limit: the request sent, and the link listed', async () => {
    const { el, fake } = await mount({ hash: '#/links', ...owner() });
    await find(el, '[name="amount"]');
    await unfold(el);
    await addItem(el, 0, 'เสื้อยืดสีแดง', '250');
    expect(one(el, '[name="amount"]')).to.equal(undefined, 'the items make the total, not one amount');
    await until(() => text(one(el, '[data-total]')!).includes('ยอดรวม ฿250.00'), 'the total follows');
    check(el, 'item-0-adjustable');
    await find(el, '[name="item-0-min"]');
    expect(one(el, '[name="item-0-quantity"]')).to.equal(undefined, 'a range instead of a fixed quantity');
    fill(el, 'item-0-min', '0');
    fill(el, 'item-0-max', '5');
    await addItem(el, 1, 'ถุงผ้า', '120');
    fill(el, 'item-1-quantity', '2');
    await until(() => text(one(el, '[data-total]')!) === 'ยอดรวม ฿490.00 ผู้ซื้อชำระได้ตั้งแต่ ฿240.00 ถึง ฿1,490.00 ตามจำนวนที่เลือก', 'the total and its range');
    fill(el, 'field-name', 'required');
    fill(el, 'field-phone', 'required');
    fill(el, 'field-note', 'optional');
    check(el, 'reusable');
    await find(el, '[name="limit"]');
    fill(el, 'limit', '20');
    submitLinkForm(el);
    await find(el, 'console-share');
    expect(fake.requested).to.deep.equal([
      {
        items: [
          { name: 'เสื้อยืดสีแดง', price: 250, adjustable: { min: 0, max: 5 } },
          { name: 'ถุงผ้า', price: 120, quantity: 2 },
        ],
        expiresIn: 7 * 86400,
        fields: [
          { key: 'name', required: true },
          { key: 'phone', required: true },
          { key: 'note', required: false },
        ],
        reusable: true,
        limit: 20,
      },
    ]);
    const row = text((await find(el, '[data-link]')));
    expect(row).to.contain('เสื้อยืดสีแดง, ถุงผ้า');
    expect(row).to.contain('฿240.00–฿1,490.00', 'what a buyer may pay, from all the shirts left out to five');
    expect(row).to.contain('ผู้ซื้อหลายคน · ขายแล้ว 0/20');
    expect(row).to.contain('สินค้า 2 รายการ');
    expect(one(el, '#shop')!.hidden).to.equal(true, 'the form is ready for the next link');
    expect(one(el, '[name="item-0-name"]')).to.equal(undefined);
  });

  it("the shop's options folded again send a plain link; one amount with details and many buyers is a shop link too", async () => {
    const { el, fake } = await mount({ hash: '#/links', lang: 'en', ...owner() });
    await unfold(el);
    await addItem(el, 0, 'Tee', '100');
    one(el, '[data-shop]')!.click();
    await until(() => one(el, '#shop')!.hidden, 'folded');
    fill(el, 'amount', '80');
    fill(el, 'description', 'Deposit');
    submitLinkForm(el);
    await find(el, 'console-share');
    one(el, '[data-shop]')!.click();
    fill(el, 'amount', '150');
    fill(el, 'description', 'Cake order');
    fill(el, 'field-address', 'required');
    check(el, 'reusable');
    submitLinkForm(el);
    await until(() => fake.requested.length === 2, 'the second');
    expect(fake.requested).to.deep.equal([
      { amount: 80, description: 'Deposit', expiresIn: 7 * 86400 },
      { amount: 150, description: 'Cake order', expiresIn: 7 * 86400, fields: [{ key: 'address', required: true }], reusable: true },
    ]);
  });

  it("says a problem with an item beside it, in Thai: the form's own check first, then the proxy's refusal of a price or of the totals, with its bounds", async () => {
    const { el, fake } = await mount({ hash: '#/links', ...owner(), fake: { amountMax: 1000 } });
    await unfold(el);
    await addItem(el, 0, '  ', '100');
    submitLinkForm(el);
    const name = one<HTMLInputElement>(el, '[name="item-0-name"]')!;
    await until(() => name.getAttribute('aria-invalid') === 'true', 'the name marked');
    expect(text(one(el, '#e-item-0-name')!)).to.equal('ใส่ชื่อสินค้า 1 ถึง 100 ตัวอักษร ในบรรทัดเดียว');
    expect(name.getAttribute('aria-describedby')).to.equal('e-item-0-name');
    expect(form(el).activeElement).to.equal(name);
    expect(text(form(el).querySelector('[role="alert"]')!)).to.equal('ยังสร้างลิงก์ไม่ได้ กรุณาแก้ไขช่องที่แจ้งไว้');
    expect(fake.requested).to.deep.equal([], 'nothing sent');

    fill(el, 'item-0-name', 'เสื้อ');
    await until(() => name.getAttribute('aria-invalid') === 'false', 'typing clears it');
    fill(el, 'item-0-price', '5000');
    submitLinkForm(el);
    await until(() => text(one(el, '#e-item-0-price')!) === 'ราคาเป็นจำนวนเต็มบาท ตั้งแต่ 1 ถึง 1000 บาท', 'the price refused, beside it');
    expect(one(el, '[name="item-0-price"]')!.getAttribute('aria-invalid')).to.equal('true');

    fill(el, 'item-0-price', '100');
    check(el, 'item-0-adjustable');
    await find(el, '[name="item-0-max"]');
    fill(el, 'item-0-min', '1');
    fill(el, 'item-0-max', '20');
    submitLinkForm(el);
    await until(
      () => text(one(el, '#e-total')!) === 'ยอดรวมที่ผู้ซื้อเลือกได้ต้องอยู่ระหว่าง 1 ถึง 1000 บาท แต่สินค้านี้รวมได้ตั้งแต่ 100 ถึง 2000 บาท',
      'the totals refused, by the total',
    );
    expect(form(el).activeElement).to.equal(one(el, '[name="item-0-price"]'), 'the focus on the items');
    expect(fake.calls.filter((c) => c === 'POST /console/api/links').length).to.equal(2);

    fill(el, 'item-0-max', '3');
    fill(el, 'item-0-min', '3');
    submitLinkForm(el);
    await until(() => text(one(el, '#e-item-0-range')!) === 'จำนวนเป็นจำนวนเต็ม อย่างน้อยตั้งแต่ 0 และมากสุดต้องมากกว่า แต่ไม่เกิน 99', 'the range checked');
    expect(form(el).activeElement).to.equal(one(el, '[name="item-0-min"]'));
  });

  it('up to 20 items, each of which can be removed', async () => {
    const { el } = await mount({ hash: '#/links', lang: 'en', ...owner() });
    await unfold(el);
    for (let i = 0; i < 20; i++) one(el, '[data-add-item]')!.click(), await until(() => all(el, '[data-item]').length === i + 1, `item ${i + 1}`);
    expect(one(el, '[data-add-item]')).to.equal(undefined);
    expect(text(one(el, '[data-items-max]')!)).to.equal('At most 20 items');
    const remove = all<HTMLButtonElement>(el, '[data-remove]')[3];
    expect(text(remove)).to.equal('Remove item 4');
    remove.click();
    await until(() => all(el, '[data-item]').length === 19, 'one fewer');
    expect(one(el, '[data-add-item]')).to.not.equal(undefined);
  });
});

/** A shop link's order whose every text has markup in it. */
const ORDER: OrderDetails = {
  items: [
    { name: '<img src=x onerror="window.pwned=1">เสื้อ', price: 250, quantity: 2 },
    { name: 'ถุงผ้า', price: 120, quantity: 1 },
  ],
  fields: { name: '<b>สมชาย</b>', phone: '0812345678', address: '99/1 ถนนสุขุมวิท\nกรุงเทพฯ 10110', note: '<script>alert(1)</script>' },
};

describe("each payment shows its order, as text", () => {
  it("a payment's page: the items with quantities and what each came to, the buyer's details, markup in them shown as text", async () => {
    const { el } = await mount({
      hash: '#/payments/700001',
      ...owner((f) => f.record({ type: 'payment.paid', id: '700001', amount: 620, title: 'เสื้อ, ถุงผ้า', order: ORDER })),
    });
    const order = await find(el, '[data-order]');
    expect(all(order, '[data-order-item]').map(text)).to.deep.equal(['<img src=x onerror="window.pwned=1">เสื้อ × 2 ฿500.00', 'ถุงผ้า × 1 ฿120.00']);
    expect(text(order)).to.contain('ผู้ซื้อ ชื่อ <b>สมชาย</b> เบอร์มือถือ 0812345678 ที่อยู่จัดส่ง 99/1 ถนนสุขุมวิท กรุงเทพฯ 10110 หมายเหตุถึงร้าน <script>alert(1)</script>');
    expect(order.querySelectorAll('img, b, script').length).to.equal(0, 'no markup made');
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    const address = order.querySelector<HTMLElement>('[data-field="address"]')!;
    expect(address.textContent).to.equal('99/1 ถนนสุขุมวิท\nกรุงเทพฯ 10110');
    expect(getComputedStyle(address).whiteSpace).to.equal('pre-line', 'its lines kept');
  });

  it("Today's and the search's rows: what was bought and by whom, on one line", async () => {
    const prepare = (f: FakeConsoleApi) => {
      f.record({ type: 'payment.paid', id: '700001', amount: 620, title: 'เสื้อ, ถุงผ้า', order: ORDER });
      f.record({ type: 'payment.paid', id: '700002', amount: 50, title: 'order-2' });
      // A reusable link's one amount with nothing asked: an order with nothing in it to show.
      f.record({ type: 'payment.paid', id: '700003', amount: 90, title: 'ค่ามัดจำ', order: { items: [], fields: {} } });
    };
    const line = '<img src=x onerror="window.pwned=1">เสื้อ ×2; ถุงผ้า ×1 · <b>สมชาย</b>';
    const today = await mount({ hash: '#/today', ...owner(prepare) });
    await until(() => all(today.el, '[data-entry]').length === 3, 'all three');
    expect(all(today.el, '[data-entry] [data-order]').map(text)).to.deep.equal([line], 'only the shop link\'s');
    unmount();
    const search = await mount({ hash: '#/payments', ...owner(prepare) });
    await until(() => all(search.el, '[data-bill]').length === 3, 'all three');
    expect(all(search.el, '[data-bill] [data-order]').map(text)).to.deep.equal([line]);
    expect(all(search.el, '[data-bill] img, [data-bill] b').length).to.equal(0);
  });
});

describe("a link's page", () => {
  it('a link sold past its places (a payment made after its QR expired, its place taken meanwhile) says so, with what to do', async () => {
    const paid = (id: string) => ({ id, status: 'paid' as const, paidAt: '2026-12-06T04:00:00.000Z', amount: 250, order: { items: [{ name: 'เสื้อตัวสุดท้าย', price: 250, quantity: 1 }], fields: {} } });
    const { el } = await mount({
      hash: '#/links',
      ...owner((f) => {
        f.makeLink({ items: [{ name: 'เสื้อตัวสุดท้าย', price: 250 }], fields: [{ key: 'name', required: false }] }, [paid('800011'), paid('800010')]);
        f.makeLink({ items: [{ name: 'ถุงผ้า', price: 120 }], reusable: true, limit: 1 }, [paid('800013'), paid('800012')]);
        f.makeLink({ items: [{ name: 'หมวก', price: 90 }], reusable: true, limit: 2 }, [paid('800014')]);
      }),
    });
    await find(el, '[data-link]');
    const rows = all(el, '[data-link]').map(text);
    expect(rows[2]).to.contain('ขายเกิน 1 (มีผู้จ่ายหลัง QR หมดเวลา): คืนเงินหรือหาของเพิ่ม', 'one payment, paid twice');
    expect(rows[1]).to.contain('ขายแล้ว 2/1 · ขายเกิน 1', 'many buyers past their limit');
    expect(rows[0]).not.to.contain('ขายเกิน', 'within its limit');
  });

  it('a sold-out link: the list says so, with what is sold of its limit; its page shows its items, the details it asks, and each payment with its order and receipt', async () => {
    let id = '';
    const { el } = await mount({
      hash: '#/links',
      ...owner((f) => {
        id = f.makeLink(
          {
            items: [
              { name: 'เสื้อยืด <i>M</i>', price: 250, adjustable: { min: 1, max: 5 } },
              { name: 'ถุงผ้า', price: 120 },
            ],
            fields: [
              { key: 'name', required: true },
              { key: 'phone', required: false },
            ],
            reusable: true,
            limit: 2,
          },
          [
            { id: '800002', status: 'paid', paidAt: '2026-12-06T04:00:00.000Z', amount: 370, order: { items: [{ name: 'เสื้อยืด <i>M</i>', price: 250, quantity: 1 }, { name: 'ถุงผ้า', price: 120, quantity: 1 }], fields: { name: 'Anna' } } },
            { id: '800001', status: 'paid', paidAt: '2026-12-06T03:00:00.000Z', amount: 620, order: ORDER },
          ],
        ).id;
      }),
    });
    const row = await find(el, '[data-link]');
    expect(text(row)).to.contain('ขายหมดแล้ว ผู้ซื้อหลายคน · ขายแล้ว 2/2');
    expect(text(row)).to.contain('สินค้า 2 รายการ');
    expect(row.querySelector('[data-disable], [data-show]')).to.equal(null, 'nothing to share or disable');
    const title = row.querySelector<HTMLAnchorElement>('a.title')!;
    expect(title.getAttribute('href')).to.equal(`#/links/${id}`);
    title.click();
    const facts = await find(el, '[data-link-facts]');
    expect(text(one(one(el, 'console-link')!, 'h1')!)).to.equal('เสื้อยืด <i>M</i>, ถุงผ้า');
    expect(text(facts)).to.contain('ขายหมดแล้ว');
    expect(text(one(el, '[data-buyers]')!)).to.equal('ผู้ซื้อหลายคน · ขายแล้ว 2/2');
    expect(text(one(el, '[data-asked]')!)).to.equal('ชื่อ (ต้องกรอก), เบอร์มือถือ (ไม่บังคับ)');
    expect(all(el, '[data-link-items] li').map(text)).to.deep.equal(['เสื้อยืด <i>M</i> ฿250.00 ผู้ซื้อเลือก 1 ถึง 5 ชิ้น', 'ถุงผ้า ฿120.00 × 1']);
    expect(one(el, 'console-share')).to.equal(undefined, 'a sold-out link is not shared');
    const payments = all(el, '[data-payment]');
    expect(payments.map((p) => p.dataset.payment)).to.deep.equal(['800002', '800001']);
    expect(text(payments[0])).to.contain('เสื้อยืด <i>M</i> ×1; ถุงผ้า ×1 · Anna');
    expect(text(payments[0])).to.contain('฿370.00');
    const receipt = payments[0].querySelector<HTMLAnchorElement>('a[target="_blank"]')!;
    expect(receipt.href).to.match(new RegExp(`/pay/${id}/receipt/800002\\.sig$`));
    expect(receipt.rel).to.equal('noopener noreferrer');
    expect(all(el, '[data-link-items] i, [data-payment] i').length).to.equal(0);
    payments[1].querySelector<HTMLAnchorElement>('a.title')!.click();
    await until(() => location.hash === '#/payments/800001', "to the payment's page");
  });
});

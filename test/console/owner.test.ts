/** The owner's views against the fake API: pay links and sharing, payments, needs review, export, health, staff. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { FakeConsoleApi } from './fake-console-api.ts';
import { all, fill, find, mount, one, submitLinkForm, text, unmount, until } from './helpers.ts';

afterEach(() => {
  sinon.restore();
  unmount();
});

/** Signed in as the owner, after `prepare` set the fake up. */
const owner = (prepare?: (fake: FakeConsoleApi) => void) => ({
  prepare: (fake: FakeConsoleApi) => {
    prepare?.(fake);
    fake.signIn('owner');
  },
});

describe('pay links', () => {
  async function makeLink(el: Element) {
    await find(el, 'form [name="amount"]');
    fill(el, 'amount', '250');
    fill(el, 'description', 'ข้าวมันไก่ 2 จาน');
    fill(el, 'expiresIn', String(24 * 3600));
    submitLinkForm(el);
    return find(el, 'console-share');
  }

  // First in this file, so that it meets the owner's views as a signed-in owner first does: defined (their chunk
  // loaded) after the app gave them their properties.
  it('lists the links with their state and payments, newest first', async () => {
    const { el } = await mount({
      hash: '#/links',
      ...owner((f) => {
        f.makeLink({ amount: 100, description: 'ผ้าพันคอ' }, [{ id: '900001', status: 'paid', paidAt: '2026-12-06T03:00:00.000Z' }]);
        f.makeLink({ amount: 60, description: 'พวงกุญแจ' });
      }),
    });
    await until(() => all(el, '[data-link]').length === 2, 'both links');
    const [newest, older] = all(el, '[data-link]').map(text);
    expect(newest).to.contain('พวงกุญแจ');
    expect(newest).to.contain('เปิดอยู่');
    expect(older).to.contain('ผ้าพันคอ');
    expect(older).to.contain('ชำระแล้ว 1 ครั้ง');
  });

  it('makes a link with amount, description and expiry, and shows it at once with a large QR', async () => {
    const { el, fake } = await mount({ hash: '#/links', ...owner() });
    await makeLink(el);
    const posted = fake.calls.filter((c) => c === 'POST /console/api/links');
    expect(posted.length).to.equal(1);
    const qr = await find(el, 'svg.qr');
    expect(qr.getAttribute('aria-label')).to.match(/^QR ของลิงก์ http:\/\/.+\/pay\/L\d+$/);
    expect(qr.getBoundingClientRect().width).to.be.at.least(280, 'large enough to scan from a phone held out');
    expect(text(el)).to.contain('สร้างลิงก์แล้ว ส่งให้ลูกค้าได้เลย');
    const row = await find(el, '[data-link]');
    expect(text(row)).to.contain('ข้าวมันไก่ 2 จาน');
    expect(text(row)).to.contain('฿250.00');
    expect(text(row)).to.contain('เปิดอยู่');
  });

  it("shares through the phone's share sheet, LINE and the clipboard", async () => {
    const share = sinon.stub().resolves();
    Object.defineProperty(navigator, 'share', { configurable: true, value: share });
    const open = sinon.stub(window, 'open');
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    try {
      const { el } = await mount({ hash: '#/links', ...owner() });
      await makeLink(el);
      const url = one(el, '.url a')!.getAttribute('href')!;
      expect(url).to.match(/\/pay\/L\d+$/);

      (await find(el, '[data-share]')).click();
      expect(share.firstCall.args[0]).to.deep.equal({ text: 'ข้าวมันไก่ 2 จาน ฿250.00', url });

      one(el, '[data-line]')!.click();
      expect(open.firstCall.args[0]).to.equal(`https://line.me/R/share?text=${encodeURIComponent(`ข้าวมันไก่ 2 จาน ฿250.00\n${url}`)}`);
      expect(open.firstCall.args[1]).to.equal('_blank');

      one(el, '[data-copy]')!.click();
      await until(() => text(el).includes('คัดลอกแล้ว'), 'copied');
      expect(writeText.firstCall.args).to.deep.equal([url]);
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
  });

  it('without a share sheet, LINE and copy remain; disabling a link is confirmed first', async () => {
    const { el, fake } = await mount({ hash: '#/links', ...owner() });
    await makeLink(el);
    expect(one(el, '[data-share]')).to.equal(undefined);
    expect(one(el, '[data-line]')).to.not.equal(undefined);
    (await find(el, '[data-disable]')).click();
    expect(fake.calls.some((c) => c.endsWith('/disable'))).to.equal(false, 'not before the confirmation');
    (await find(el, '[data-confirm-disable]')).click();
    await until(() => text(one(el, '[data-link]')!).includes('ปิดแล้ว'), 'disabled');
    expect(one(el, 'console-share')).to.equal(undefined);
  });

  it('says what was wrong with the input beside it, in the console language: the form\'s own check, then the proxy\'s refusal', async () => {
    const { el, fake } = await mount({ hash: '#/links', lang: 'en', ...owner() });
    await find(el, 'form [name="amount"]');
    fill(el, 'amount', '0');
    fill(el, 'description', 'x');
    submitLinkForm(el);
    const amount = one<HTMLInputElement>(el, '[name="amount"]')!;
    await until(() => amount.getAttribute('aria-invalid') === 'true', 'marked');
    expect(text(one(el, '#e-amount')!)).to.equal('An amount in whole baht, at least 1');
    expect(amount.getAttribute('aria-describedby')).to.equal('e-amount');
    expect(one(el, 'console-link-form')!.shadowRoot!.activeElement).to.equal(amount, 'the focus taken there');
    expect(fake.calls.filter((c) => c === 'POST /console/api/links')).to.deep.equal([], 'nothing sent');
    fill(el, 'amount', '60000');
    submitLinkForm(el);
    await until(() => text(one(el, '#e-amount')!) === 'The amount must be between 1 and 50000 baht', "the proxy's refusal, with its bounds");
    expect(fake.calls.filter((c) => c === 'POST /console/api/links').length).to.equal(1);
    expect(amount.getAttribute('aria-invalid')).to.equal('true');
    expect(text(one(el, '[role="alert"]')!)).to.equal('The link was not made: please fix the fields marked.');
  });
});

describe('payments', () => {
  it("searches by reference and status; a payment's page shows its facts, events and deliveries, and redelivers", async () => {
    const { el, fake } = await mount({
      hash: '#/payments',
      ...owner((f) => {
        const paid = f.record({ type: 'payment.paid', id: '700001', amount: 120, title: 'สบู่', created: '2026-12-06T03:00:00.000Z' });
        f.record({ type: 'payment.expired', id: '700002', amount: 50, created: '2026-12-06T04:00:00.000Z' });
        f.deliveries.push({ eventId: paid.id, endpoint: 'shop.example', attempts: 3, deliveredAt: null, nextAttemptAt: null, lastError: 'HTTP 500' });
      }),
    });
    await until(() => all(el, '[data-bill]').length === 2, 'both bills');
    fill(el, 'status', 'paid');
    (one(el, 'console-payments')!.shadowRoot!.querySelector('form') as HTMLFormElement).requestSubmit();
    await until(() => all(el, '[data-bill]').length === 1, 'the paid one');
    expect(fake.calls.at(-1)).to.equal('GET /console/api/payments?status=paid');
    (one(el, '[data-bill] a') as HTMLAnchorElement).click();
    await find(el, '[data-event]');
    const page = text(one(el, 'console-payment')!);
    expect(page).to.contain('฿120.00');
    expect(page).to.contain('สบู่');
    expect(page).to.contain('6 ธ.ค. 2569 10:00');
    expect(page).to.contain('shop.example');
    expect(page).to.contain('ส่ง 3 ครั้ง');
    expect(page).to.contain('เลิกส่งแล้ว');
    expect(page).to.contain('คำตอบล่าสุด: HTTP 500');
    one(el, '[data-redeliver]')!.click();
    await until(() => text(el).includes('ส่งใหม่แล้ว'), 'redelivered');
    expect(fake.calls).to.include(`POST /console/api/events/${encodeURIComponent('payment.paid:700001')}/redeliver`);
  });
});

describe('needs review', () => {
  it('says what to check in Mae Manee; "paid" is confirmed first, then recorded, and the outcome shown', async () => {
    const { el, fake } = await mount({
      hash: '#/review',
      ...owner((f) => {
        f.record({ type: 'payment.needs_review', id: '800001', amount: 350, created: '2026-12-06T07:20:00.000Z' });
        f.record({ type: 'payment.needs_review', id: '800002', amount: 45, created: '2026-12-06T07:30:00.000Z' });
      }),
    });
    const item = await find(el, '[data-review="800001"]');
    expect(text(await find(el, '[data-waiting]'))).to.equal('2', "the review tab counts what waits");
    expect(text(item)).to.contain('ในแอปแม่มณี หายอดเข้า ฿350.00 ราว 14:19 (อ้างอิง order-800001)');
    one<HTMLButtonElement>(item, '[data-found="paid"]')!.click();
    await until(() => text(one(el, '[data-review="800001"]')!).includes('บันทึกว่าชำระแล้ว?'), 'the confirmation');
    expect(fake.calls.some((c) => c.includes('/resolve'))).to.equal(false);
    (all(el, '[data-confirm]')[0] as HTMLElement).click();
    await until(() => text(one(el, '[data-review="800001"]')!).includes('บันทึกว่าชำระแล้ว ตามที่คุณยืนยัน'), 'the outcome');

    one<HTMLButtonElement>(one(el, '[data-review="800002"]')!, '[data-found="not_paid"]')!.click();
    await until(() => all(el, '[data-review="800002"] [data-confirm]').length || all(el, '[data-confirm]').length, 'the confirmation');
    (all(el, '[data-confirm]')[0] as HTMLElement).click();
    await until(() => text(one(el, '[data-review="800002"]')!).includes('บันทึกว่าไม่ได้ชำระ'), 'the outcome');
    await until(() => !one(el, '[data-waiting]'), 'nothing waits: the tab says no count');
    expect(fake.calls.filter((c) => c.includes('/resolve'))).to.deep.equal(['POST /console/api/payments/800001/resolve?lang=th', 'POST /console/api/payments/800002/resolve?lang=th']);
  });
});

describe('export, health, staff', () => {
  it("downloads the CSV of a range of Bangkok days; a range backwards is refused before asking", async () => {
    const { el } = await mount({ hash: '#/export', ...owner() });
    const link = await find<HTMLAnchorElement>(el, '[data-download]');
    fill(el, 'from', '2026-12-01');
    fill(el, 'to', '2026-12-06');
    await until(() => link.href.endsWith('/console/api/export.csv?from=2026-12-01&to=2026-12-06&lang=th'), 'the range in the link, and the console\'s language');
    expect(link.getAttribute('download')).to.equal('maemanee-pay-2026-12-01-2026-12-06.csv');
    const csv = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
    expect([...csv.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf], 'a byte order mark, for Excel');
    expect(new TextDecoder().decode(csv)).to.match(/^id_pay,เลขอ้างอิง,รายการ,จำนวนเงิน \(บาท\),สถานะ,เวลาสร้างบิล \(Asia\/Bangkok\),/, 'headed in Thai');
    fill(el, 'from', '2026-12-07');
    await until(() => text(el).includes('วันที่เริ่มต้องไม่เกินวันที่สิ้นสุด'), 'refused');
    expect(one(el, '[data-download]')).to.equal(undefined);
  });

  it('shows the upstream, the ledger, each webhook endpoint, the version and the mode', async () => {
    const { el } = await mount({
      hash: '#/health',
      lang: 'en',
      ...owner((f) => f.setHealth({ upstream: 'refusing', webhooks: [{ endpoint: 'shop.example', failing: 2, gaveUp: 1, lastError: 'HTTP 502' }] })),
    });
    await find(el, '[data-webhook]');
    const page = text(one(el, 'console-health')!);
    for (const fact of ['Refusing: check the tmweasy credentials', 'Ledger OK', 'Sandbox', '0.1.0', 'shop.example', '2 failing', '1 given up', 'Last answer: HTTP 502']) {
      expect(page).to.contain(fact);
    }
  });

  it('makes a staff invite shown as a QR and a link; lists members and devices; revokes a member after confirming', async () => {
    const { el, fake } = await mount({ hash: '#/staff', ...owner((f) => (f.addPasskey(), f.signIn('staff', 'น้องบี'))) });
    await find(el, '[data-member]');
    fill(el, 'name', 'น้องเอ');
    (one(el, 'console-staff')!.shadowRoot!.querySelector('form') as HTMLFormElement).requestSubmit();
    const qr = await find(el, 'svg.qr');
    expect(qr.getAttribute('aria-label')).to.match(/\/console\/#\/signin\/invite-\d+$/);
    expect(text(el)).to.contain('ใช้ได้ครั้งเดียว');
    const url = one(one(el, 'console-share')!, '.url')!;
    expect(text(url)).to.match(/\/console\/#\/signin\/invite-\d+$/);
    expect(url.querySelector('a')).to.equal(null, "an invite is not a link this phone opens: it would sign the owner's phone in as staff");
    const owners = text(one(el, '[data-member="m-owner"]')!);
    expect(owners).to.contain('เครื่องนี้');
    expect(owners).to.contain('iPhone · Safari');
    const staff = fake.members.find((m) => m.name === 'น้องบี')!;
    (await find(el, `[data-member="${staff.id}"] [data-revoke="member"]`)).click();
    expect(fake.calls.some((c) => c.includes('/revoke'))).to.equal(false);
    (await find(el, '[data-confirm-revoke]')).click();
    await until(() => !one(el, `[data-member="${staff.id}"]`), 'gone from the list');
    expect(fake.calls).to.include(`POST /console/api/members/${staff.id}/revoke`);
  });

  it('an owner view that answers 403 says it is not for this role', async () => {
    const { el, fake } = await mount({ hash: '#/health', ...owner() });
    await find(el, '[data-webhook], dd');
    fake.signIn('staff');
    // The app still believes it is the owner: the proxy's 403 is what it meets.
    location.hash = '#/payments';
    await until(() => text(el).includes('ส่วนนี้สำหรับเจ้าของร้านเท่านั้น'), 'the 403 in words');
  });
});

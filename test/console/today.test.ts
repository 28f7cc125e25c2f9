/** Today against the fake API: totals and entries in Bangkok time, the 2 s feed, sound alerts, staff, a lost session. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { all, find, mount, one, setVisibility, text, unmount, until } from './helpers.ts';

afterEach(() => {
  sinon.restore();
  setVisibility('visible');
  unmount();
});

describe('Today', () => {
  it("shows today's totals and each payment, newest first, with its amount in baht and its time in Bangkok", async () => {
    const { el } = await mount({
      prepare: (fake) => {
        fake.signIn('owner');
        fake.record({ type: 'payment.paid', amount: 250, title: 'ข้าวมันไก่ 2 จาน', created: '2026-12-06T03:04:05.000Z' });
        fake.record({ type: 'payment.needs_review', amount: 99.5, title: 'order-77', created: '2026-12-06T04:30:00.000Z' });
        fake.record({ type: 'payment.paid', amount: 1200, late: true, title: 'ชุดผ้าไหม', created: '2026-12-06T05:15:00.000Z' });
      },
      fake: { now: () => '2026-12-06T06:00:00.000Z' },
    });
    const entries = await until(() => all(el, '[data-entry]').length === 3, 'three entries').then(() => all(el, '[data-entry]'));
    expect(entries.map(text)).to.deep.equal([
      'ชุดผ้าไหม ฿1,200.00 12:15 ชำระหลังหมดเวลา',
      'order-77 ฿99.50 11:30 รอตรวจสอบ',
      'ข้าวมันไก่ 2 จาน ฿250.00 10:04 ชำระแล้ว',
    ]);
    const totals = text(one(el, '[data-totals]')!);
    expect(totals).to.contain('฿1,450.00');
    expect(totals).to.contain('ชำระแล้ว 2 รายการ');
    expect(text(el)).to.contain('วันอาทิตย์ที่ 6 ธันวาคม 2569');
  });

  it('a bill with several events today shows once, as it stands now, on the first read too', async () => {
    const { el } = await mount({
      prepare: (fake) => {
        fake.signIn('owner');
        fake.record({ type: 'payment.needs_review', id: '3001', amount: 80, title: 'order-3001', created: '2026-12-06T05:32:00.000Z' });
        fake.record({ type: 'payment.needs_review', id: '3002', amount: 90, title: 'order-3002', created: '2026-12-06T05:32:30.000Z' });
        fake.record({ type: 'payment.expired', id: '3001', amount: 80, title: 'order-3001', created: '2026-12-06T05:33:00.000Z' });
        fake.record({ type: 'payment.paid', id: '3002', amount: 90, late: true, title: 'order-3002', created: '2026-12-06T05:33:30.000Z' });
      },
      fake: { now: () => '2026-12-06T06:00:00.000Z' },
    });
    await find(el, '[data-entry]');
    expect(all(el, '[data-entry]').map(text)).to.deep.equal(['order-3002 ฿90.00 12:33 ชำระหลังหมดเวลา', 'order-3001 ฿80.00 12:33 หมดอายุ']);
  });

  it('a payment recorded while the page is open shows within 3 s; none is asked for while the page is hidden, one at once on return', async () => {
    const { el, fake } = await mount({ prepare: (f) => f.signIn('owner') });
    await find(el, 'console-today');
    await until(() => fake.calls.some((c) => c.startsWith('GET /console/api/today')), 'the first read');
    fake.record({ type: 'payment.paid', amount: 80, title: 'ชาไทย' });
    const shown = Date.now();
    await find(el, '[data-entry]', 3000);
    expect(Date.now() - shown).to.be.below(3000);
    expect(fake.calls.filter((c) => c.startsWith('GET /console/api/today?after=')).length).to.be.greaterThan(0, 'later polls ask after the cursor');

    setVisibility('hidden');
    await new Promise((r) => setTimeout(r, 100));
    const before = fake.calls.length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.calls.length).to.equal(before, 'no poll while hidden');
    setVisibility('visible');
    await until(() => fake.calls.length === before + 1, 'one poll at once on return', 500);
  });

  it('says it is retrying while the network is down, and recovers', async () => {
    const { el, net } = await mount({ prepare: (f) => f.signIn('owner') });
    await find(el, '[data-totals]');
    net.offline = true;
    await until(() => text(el).includes('เชื่อมต่อไม่ได้ กำลังลองใหม่'), 'the offline notice', 4000);
    net.offline = false;
    await until(() => !text(el).includes('เชื่อมต่อไม่ได้'), 'back online', 4000);
  });

  it('a session ended elsewhere (401) leads to the sign-in, saying why', async () => {
    const { el, fake } = await mount({ prepare: (f) => f.signIn('owner') });
    await find(el, '[data-totals]');
    fake.endSession();
    await find(el, '[data-passkey-signin]', 4000);
    expect(text(el)).to.contain('หมดเวลาเข้าสู่ระบบแล้ว กรุณาเข้าสู่ระบบใหม่');
    expect(one(el, 'nav')).to.equal(undefined);
  });

  it('staff see Today and nothing else, whatever the address says, and the API is asked for nothing else', async () => {
    const { el, fake } = await mount({ hash: '#/links', prepare: (f) => f.signIn('staff') });
    await find(el, '[data-totals]');
    expect(one(el, 'nav'), 'no menu').to.equal(undefined);
    location.hash = '#/payments';
    await new Promise((r) => setTimeout(r, 100));
    expect(one(el, 'console-payments')).to.equal(undefined);
    expect(one(el, '[data-totals]')).to.not.equal(undefined);
    expect(fake.calls.filter((c) => !/^GET \/console\/api\/(today|me)\b/.test(c))).to.deep.equal([]);
    expect(text(el)).to.contain('ออกจากระบบ');
  });
});

describe('sound alerts', () => {
  function stubDevice() {
    const speak = sinon.stub(speechSynthesis, 'speak');
    sinon.stub(speechSynthesis, 'cancel');
    const vibrate = sinon.stub();
    Object.defineProperty(navigator, 'vibrate', { configurable: true, value: vibrate });
    const release = sinon.stub().resolves();
    const lock = { released: false, release };
    release.callsFake(async () => void (lock.released = true));
    const request = sinon.stub().callsFake(async () => ((lock.released = false), lock));
    Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: { request } });
    const said = () => speak.getCalls().map((c) => ({ text: c.args[0].text, lang: c.args[0].lang }));
    return { speak, said, vibrate, request, release };
  }

  afterEach(() => {
    delete (navigator as { vibrate?: unknown }).vibrate;
    delete (navigator as { wakeLock?: unknown }).wakeLock;
  });

  it('after the tap, each new paid payment is said aloud in Thai once, with a vibration; those on screen before are not; the screen is kept awake', async () => {
    const device = stubDevice();
    const { el, fake } = await mount({
      prepare: (f) => {
        f.signIn('owner');
        f.record({ type: 'payment.paid', amount: 40, title: 'before' });
      },
    });
    await find(el, '[data-entry]');
    const button = await find(el, '[data-alerts]');
    expect(text(button)).to.equal('เปิดเสียงแจ้งเตือน');
    button.click();
    await until(() => device.request.called, 'a wake lock');
    expect(device.request.firstCall.args).to.deep.equal(['screen']);
    expect(text(one(el, '[data-alerts]')!)).to.equal('ปิดเสียงแจ้งเตือน');

    fake.record({ type: 'payment.needs_review', amount: 70, title: 'not paid, not said' });
    fake.record({ type: 'payment.paid', amount: 250, title: 'ข้าวมันไก่' });
    await until(() => all(el, '[data-entry]').length === 3, 'the new payments', 3000);
    await new Promise((r) => setTimeout(r, 2500)); // another poll or more: nothing said twice
    const received = device.said().filter((s) => s.text.startsWith('ได้รับเงิน'));
    expect(received).to.deep.equal([{ text: 'ได้รับเงิน 250 บาท', lang: 'th-TH' }]);
    expect(device.vibrate.callCount).to.equal(1);
  });

  it('speaks English in English, with satang; turning alerts off releases the screen and says nothing more', async () => {
    const device = stubDevice();
    const { el, fake } = await mount({ lang: 'en', prepare: (f) => f.signIn('owner') });
    (await find(el, '[data-alerts]')).click();
    await until(() => device.request.called, 'a wake lock');
    fake.record({ type: 'payment.paid', amount: 99.5 });
    await until(() => device.said().some((s) => s.text.startsWith('Received')), 'said', 3000);
    expect(device.said().filter((s) => s.text.startsWith('Received'))).to.deep.equal([{ text: 'Received 99 baht 50 satang', lang: 'en-US' }]);
    one(el, '[data-alerts]')!.click();
    await until(() => device.release.called, 'the lock released');
    fake.record({ type: 'payment.paid', amount: 10 });
    await until(() => all(el, '[data-entry]').length === 2, 'the next payment shown', 3000);
    expect(device.said().filter((s) => s.text.startsWith('Received')).length).to.equal(1);
  });

  it('takes the wake lock again when the page comes back into view', async () => {
    const device = stubDevice();
    const { el } = await mount({ prepare: (f) => f.signIn('owner') });
    (await find(el, '[data-alerts]')).click();
    await until(() => device.request.calledOnce, 'a wake lock');
    // The browser releases a screen lock whenever the page is hidden.
    (await device.request.firstCall.returnValue).released = true;
    setVisibility('hidden');
    setVisibility('visible');
    await until(() => device.request.calledTwice, 'taken again');
  });

  it('keeps announcing while the owner is on another view', async () => {
    const device = stubDevice();
    const { el, fake } = await mount({ prepare: (f) => f.signIn('owner') });
    (await find(el, '[data-alerts]')).click();
    location.hash = '#/export';
    await find(el, '[data-download]');
    fake.record({ type: 'payment.paid', amount: 500 });
    await until(() => device.said().some((s) => s.text === 'ได้รับเงิน 500 บาท'), 'said from the export view', 3000);
  });
});

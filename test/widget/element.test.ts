/** The element against a scripted proxy: every state and transition, events, checks, expiry, errors, resume. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../widget/define.ts';
import type { MaemaneePay } from '../../widget/maemanee-pay.ts';
import { money } from '../../widget/views/money.ts';
import { bill, fakeProxy, paid, setVisibility } from './fake-proxy.ts';

const ENDPOINT = 'https://pay.example.com';
let proxy: ReturnType<typeof fakeProxy> | undefined;
let clock: sinon.SinonFakeTimers | undefined;

afterEach(() => {
  proxy?.restore();
  clock?.restore();
  proxy = clock = undefined;
  sessionStorage.clear();
  setVisibility('visible');
});

const shadow = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => shadow(el).querySelector(`[part~="${name}"]`) as HTMLElement | null;
const text = (el: Element) => shadow(el).textContent!.replace(/\s+/g, ' ');

/** Lets pending promises (fetch answers, Lit updates) settle; with a fake clock, `ms` passes on it. */
async function settle(el: MaemaneePay, ms = 0) {
  for (let i = 0; i < 5; i++) {
    if (clock) await clock.tickAsync(i === 0 ? ms : 0);
    else await new Promise((r) => setTimeout(r, i === 0 ? ms : 0));
    await el.updateComplete;
  }
}

/** Two minutes with the page hidden make no check, and coming back makes one at once. */
async function awayThenBack(el: MaemaneePay, checksSoFar: number) {
  setVisibility('hidden');
  await settle(el, 120_000);
  expect(proxy!.count('POST', 'confirm')).to.equal(checksSoFar, 'no checks while hidden');
  setVisibility('visible');
  await settle(el);
  expect(proxy!.count('POST', 'confirm')).to.equal(checksSoFar + 1, 'a check at once on return');
}

async function mount(attrs = 'amount="50" ref1="order-1"', lang = 'th') {
  const wrapper = await fixture<HTMLDivElement>(`<div lang="${lang}"><maemanee-pay endpoint="${ENDPOINT}" ${attrs}></maemanee-pay></div>`);
  return wrapper.querySelector('maemanee-pay') as MaemaneePay;
}

describe('idle', () => {
  it('shows the amount in baht and the pay button, creating nothing yet', async () => {
    proxy = fakeProxy({});
    const el = await mount();
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(part(el, 'amount')!.textContent).to.equal('฿50.00');
    expect(part(el, 'start')!.textContent!.trim()).to.equal('ชำระด้วยพร้อมเพย์');
    expect(proxy.calls).to.have.length(0);
  });

  it('is accessible', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
  });
});

describe('creating and pending', () => {
  it('creates the bill with one simple request and shows QR, amount, reference, countdown and actions', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({ amount: 50 }) }], 'POST /v1/payments/:id/confirm': [{ body: { status: 'pending', expiresAt: bill().expiresAt, serverTime: new Date().toISOString() } }] });
    const el = await mount('amount="50" ref1="order-1" poll="0"', 'en');
    const created = oneEvent(el, 'maemanee-created');
    part(el, 'start')!.click();
    expect(el.state).to.equal('creating');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const event = await created;
    await settle(el);
    expect(event.detail).to.include({ id: '500123', ref1: 'order-1', amount: 50, sandbox: true, token: 'tok.en.x' });
    expect(event.detail.expiresAt).to.be.a('string');
    expect(event.bubbles && event.composed).to.equal(true);
    expect(proxy.calls).to.have.length(1);
    const [create] = proxy.calls;
    expect(create.body).to.deep.equal({ amount: 50, ref1: 'order-1' });
    // A string body with no header set: the browser sends it as text/plain, a CORS-safelisted type, so no preflight
    // (the real-proxy suite counts the preflights a real browser makes: none).
    expect([...create.headers.keys()]).to.deep.equal([]);
    expect(typeof create.rawBody).to.equal('string');
    expect(el.state).to.equal('pending');
    const qr = part(el, 'qr') as HTMLImageElement;
    expect(qr.src).to.match(/^data:image\/png;base64,/);
    // The time left is in the timer; an alt text that changed every second would be read out again and again.
    expect(qr.alt).to.equal('PromptPay QR ฿50.00');
    expect(part(el, 'countdown')!.textContent).to.match(/^(10:00|9:59) left$/);
    expect((part(el, 'progress') as HTMLProgressElement).max).to.equal(600);
    expect(part(el, 'reference')!.textContent).to.equal('Reference order-1');
    // A desktop here (no touch): the QR to scan with a phone leads; saving it is an aside.
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('Scan with your phone to pay (SANDBOX)');
    expect(part(el, 'steps')!.textContent).to.contain('Open any bank app, or TrueMoney, Dolfin, mPAY or Pao Tang');
    expect(part(el, 'save')!.tagName).to.equal('BUTTON');
    expect(part(el, 'open')!.textContent).to.equal('Pay by card (Visa, Mastercard) or another app on the bill page');
    expect(part(el, 'open')!.getAttribute('href')).to.equal('https://pay.example/500123');
    expect(part(el, 'open')!.getAttribute('target')).to.equal('_blank');
    await expect(el).to.be.accessible();
  });

  it('autostart creates at once; a signed order is sent instead of an amount', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }] });
    const el = await mount('order="a.b.c" autostart poll="0"');
    await settle(el);
    expect(el.state).to.equal('pending');
    expect(proxy.calls[0].body).to.deep.equal({ order: 'a.b.c' });
  });

  it('corrects the countdown for the difference between the browser and server clocks', async () => {
    const serverNow = Date.now() + 3_600_000; // the server is an hour ahead
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({ serverTime: new Date(serverNow).toISOString(), expiresAt: new Date(serverNow + 120_000).toISOString() }) }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    expect(part(el, 'countdown')!.textContent).to.match(/^(2:00|1:59) left$/);
  });
});

describe('what the element trusts', () => {
  it('a payment page link that is not https, or a QR that is not a PNG data URL, never reaches the DOM', async () => {
    for (const [payUrl, qr] of [
      ['javascript:alert(1)', 'javascript:alert(2)'],
      ['http://pay.example/1', 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='],
      ['data:text/html,<script>alert(1)</script>', 'https://tracker.example/qr.png'],
    ]) {
      proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: { ...bill(), payUrl, qr } }] });
      const el = await mount('amount="50" ref1="order-1" poll="0"');
      el.start();
      await settle(el);
      expect(el.state).to.equal('pending');
      const html = shadow(el).innerHTML;
      expect(html).not.to.contain(payUrl);
      expect(html).not.to.contain(qr);
      expect(part(el, 'open')).to.equal(null);
      proxy.restore();
      el.reset();
      sessionStorage.clear();
    }
  });
});

describe('checks', () => {
  const pending = () => ({ body: { status: 'pending', expiresAt: new Date(Date.now() + 500_000).toISOString(), serverTime: new Date().toISOString() } });

  it('polls every `poll` seconds while visible, none while hidden, one at once on return', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"');
    await settle(el);
    expect(proxy.count('POST', 'confirm')).to.equal(0);
    await settle(el, 5000);
    expect(proxy.count('POST', 'confirm')).to.equal(1);
    await settle(el, 5000);
    expect(proxy.count('POST', 'confirm')).to.equal(2);
    await awayThenBack(el, 2);
    expect(proxy.calls.at(-1)!.body).to.deep.equal({ token: 'tok.en.x' });
  });

  it('a check that ends after the page was hidden schedules no other', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    let release!: () => void;
    const slow = () => new Promise<Response>((resolve) => (release = () => resolve(Response.json(pending().body))));
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [slow, pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"');
    await settle(el, 5000);
    expect(proxy.count('POST', 'confirm')).to.equal(1);
    setVisibility('hidden');
    release();
    await settle(el, 120_000);
    expect(proxy.count('POST', 'confirm')).to.equal(1);
  });

  it('slows down after three minutes', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"');
    await settle(el);
    for (let i = 0; i < 37; i++) await settle(el, 5000); // a little past three minutes
    const before = proxy.count('POST', 'confirm');
    await settle(el, 60_000);
    expect(proxy.count('POST', 'confirm') - before).to.equal(4, 'one every 15 s');
  });

  it('never has two checks in flight: the button joins the running check', async () => {
    let release!: () => void;
    const slow = () => new Promise<Response>((resolve) => (release = () => resolve(Response.json({ status: 'pending', expiresAt: new Date(Date.now() + 500_000).toISOString(), serverTime: new Date().toISOString() }))));
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [slow] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    const first = el.check();
    await el.updateComplete;
    expect(el.state).to.equal('confirming');
    await expect(el).to.be.accessible();
    expect((part(el, 'check') as HTMLButtonElement).disabled).to.equal(true);
    const second = el.check();
    part(el, 'check')!.click();
    release();
    await Promise.all([first, second]);
    await settle(el);
    expect(proxy.count('POST', 'confirm')).to.equal(1);
    expect(el.state).to.equal('pending');
    expect(text(el)).to.contain('No payment found yet');
  });

  it('poll="0" checks only when asked', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el, 60_000);
    setVisibility('hidden');
    setVisibility('visible');
    await settle(el);
    expect(proxy.count('POST', 'confirm')).to.equal(0);
  });
});

describe('paid', () => {
  it('shows the success view, fires maemanee-paid once with the receipt, and stops every timer', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [{ body: paid }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"', 'en');
    const events: CustomEvent[] = [];
    el.addEventListener('maemanee-paid', (e) => events.push(e as CustomEvent));
    await settle(el, 5000);
    expect(el.state).to.equal('paid');
    expect(events).to.have.length(1);
    expect(events[0].detail).to.include({ id: '500123', ref1: 'order-1', amount: 50, paidAt: paid.paidAt, receipt: 'rec.eip.t' });
    expect(events[0].bubbles && events[0].composed).to.equal(true);
    expect(part(el, 'message')!.textContent).to.equal('Payment received');
    expect(part(el, 'qr')).to.equal(null);
    const calls = proxy.calls.length;
    setVisibility('hidden');
    setVisibility('visible');
    await settle(el, 600_000);
    expect(proxy.calls.length).to.equal(calls, 'no request after paid');
    expect(events).to.have.length(1);
    clock.restore(); // axe runs on real timers
    clock = undefined;
    await expect(el).to.be.accessible();
  });

  it('after a reload, shows paid again without a second create or a second event', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [{ body: paid }], 'GET /v1/payments/:id': [{ body: { ...bill(), ...paid } }] });
    const first = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(first);
    await first.check();
    await settle(first);
    expect(first.state).to.equal('paid');
    first.parentElement!.remove();

    const events: Event[] = [];
    document.addEventListener('maemanee-paid', (e) => events.push(e));
    const again = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(again);
    expect(again.state).to.equal('paid');
    expect(proxy.count('POST', '/v1/payments')).to.equal(2, 'one create and one confirm, from before the reload');
    expect(proxy.count('GET', '/v1/payments/500123')).to.equal(1);
    expect(events).to.have.length(0);
  });
});

describe('expiry', () => {
  it('runs a last check at the deadline, then hides the QR and offers a new one that cancels the old bill', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({
      'POST /v1/payments': [{ status: 201, body: bill({}, 60) }, { status: 201, body: bill({ id: '500124' }, 600) }],
      'POST /v1/payments/:id/confirm': [{ body: { status: 'expired' } }],
      'POST /v1/payments/:id/cancel': [{ body: { status: 'cancelled' } }],
    });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    const expired = oneEvent(el, 'maemanee-expired');
    await settle(el, 59_000);
    expect(el.state).to.equal('pending');
    expect(proxy.count('POST', 'confirm')).to.equal(0);
    await settle(el, 2000);
    expect((await expired).detail).to.deep.equal({ id: '500123' });
    expect(proxy.count('POST', 'confirm')).to.equal(1, 'the last check');
    expect(el.state).to.equal('expired');
    expect(part(el, 'qr')).to.equal(null, 'an expired QR cannot be scanned');
    clock.restore(); // axe runs on real timers
    clock = undefined;
    await expect(el).to.be.accessible();
    part(el, 'renew')!.click();
    await settle(el);
    expect(proxy.calls.map((c) => `${c.method} ${c.path}`).slice(-2)).to.deep.equal(['POST /v1/payments/500123/cancel', 'POST /v1/payments']);
    expect(el.state).to.equal('pending');
    expect((part(el, 'qr') as HTMLImageElement).isConnected).to.equal(true);
  });

  it('money that arrives at the last second wins: paid, never expired', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({}, 30) }], 'POST /v1/payments/:id/confirm': [{ body: paid }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    let expiredFired = false;
    el.addEventListener('maemanee-expired', () => (expiredFired = true));
    await settle(el, 31_000);
    expect(el.state).to.equal('paid');
    expect(expiredFired).to.equal(false);
  });

  it('one minute before expiry: a visible warning and one polite announcement', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({}, 70) }], 'POST /v1/payments/:id/confirm': [{ body: { status: 'expired' } }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    const status = part(el, 'status')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.equal('');
    expect(part(el, 'warning')).to.equal(null);
    await settle(el, 5000);
    expect(status.textContent).to.equal('', 'nothing before the last minute');
    const said: string[] = [];
    new MutationObserver(() => said.push(status.textContent!)).observe(status, { childList: true, characterData: true, subtree: true });
    await settle(el, 5000);
    expect(part(el, 'warning')!.textContent).to.equal('Less than a minute left');
    for (let i = 0; i < 50; i++) await settle(el, 1000);
    expect(said).to.deep.equal(['Less than a minute left'], 'announced once');
    expect(part(el, 'warning')!.textContent).to.equal('Less than a minute left', 'and still shown');
  });
});

describe('a payment after expiry', () => {
  const expired = (checkUntil: number) => ({ body: { status: 'expired', id: '500123', checkUntil: new Date(checkUntil).toISOString() } });

  it('the expired view says first not to pay again, keeps checking slowly while visible until the proxy stops, and turns paid, marked late', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const until = Date.now() + 30 * 60_000;
    proxy = fakeProxy({
      'POST /v1/payments': [{ status: 201, body: bill({}, 30) }],
      'POST /v1/payments/:id/confirm': [expired(until), expired(until), expired(until), { body: { ...paid, late: true } }],
    });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0" return-url="https://shop.example/done"', 'en');
    const events: CustomEvent[] = [];
    el.addEventListener('maemanee-paid', (e) => events.push(e as CustomEvent));
    await settle(el, 31_000);
    expect(el.state).to.equal('expired');
    const text = shadow(el).textContent!;
    expect(text.indexOf("Already paid? Don't pay again")).to.be.lessThan(text.indexOf('Not paid yet? Create a new QR'));
    expect(part(el, 'status')!.textContent).to.contain("Don't pay again");
    await settle(el, 20_000);
    expect(proxy.count('POST', 'confirm')).to.equal(2, 'the deadline check, then one 20 s later');
    await awayThenBack(el, 2);
    await settle(el, 20_000);
    expect(el.state).to.equal('paid');
    expect(events).to.have.length(1);
    expect(events[0].detail.late).to.equal(true);
    expect(part(el, 'late')!.textContent).to.equal('Paid after the QR expired');
    expect(part(el, 'back')!.getAttribute('href')).to.equal('https://shop.example/done');
  });

  it('stops checking when the proxy has stopped looking', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({}, 30) }], 'POST /v1/payments/:id/confirm': [expired(Date.now() + 70_000)] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el, 31_000);
    for (let i = 0; i < 20; i++) await settle(el, 20_000);
    expect(proxy.count('POST', 'confirm')).to.equal(3, 'at 30 s, 50 s and 70 s');
    expect(el.state).to.equal('expired');
  });

  it('a failed late check changes nothing', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({
      'POST /v1/payments': [{ status: 201, body: bill({}, 30) }],
      'POST /v1/payments/:id/confirm': [expired(Date.now() + 600_000), 'network-error', expired(Date.now() + 600_000)],
    });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el, 31_000);
    await settle(el, 20_000);
    expect(el.state).to.equal('expired');
  });
});

describe('the paid view', () => {
  it('shows a check mark, the amount, the reference, the time in the customer\'s language, and no link back unless https', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [{ body: paid }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0" return-url="http://shop.example/done"');
    await settle(el);
    await el.check();
    await settle(el);
    expect(part(el, 'mark')!.getAttribute('aria-hidden')).to.equal('true');
    expect(part(el, 'message')!.textContent).to.equal('ชำระเงินเรียบร้อย');
    expect(part(el, 'amount')!.textContent).to.equal('฿50.00');
    expect(part(el, 'reference')!.textContent).to.equal('อ้างอิง order-1');
    expect(part(el, 'time')!.textContent).to.equal(new Date(paid.paidAt).toLocaleString('th', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Bangkok' }));
    expect(part(el, 'time')!.textContent).to.match(/25\d\d.*07:00/, "the Buddhist era, and Bangkok's time whatever the browser's zone");
    expect(part(el, 'late')).to.equal(null);
    expect(part(el, 'back')).to.equal(null, 'an http link back is not shown');
  });

  it("time-zone: the paid time in the zone it names; one the browser does not know, or none, in Bangkok's", async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 200, body: paid }] });
    const el = await mount('order="a.b.c" poll="0" time-zone="America/New_York"', 'en');
    await el.start();
    await settle(el);
    const at = (timeZone: string) => new Date(paid.paidAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    expect(part(el, 'time')!.textContent).to.equal(at('America/New_York'));
    expect(el.timeZone).to.equal('America/New_York', 'the attribute is the property');
    for (const zone of ['Mars/Olympus_Mons', '']) {
      el.setAttribute('time-zone', zone);
      await settle(el);
      expect(part(el, 'time')!.textContent).to.equal(at('Asia/Bangkok'), JSON.stringify(zone));
    }
    el.removeAttribute('time-zone');
    el.timeZone = 'UTC';
    await settle(el);
    expect(part(el, 'time')!.textContent).to.equal(at('UTC'));
  });

  it('an order already paid answers its payment: the paid view and maemanee-paid, no bill', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 200, body: paid }] });
    const el = await mount('order="a.b.c" poll="0"', 'en');
    const event = oneEvent(el, 'maemanee-paid');
    await el.start();
    expect((await event).detail).to.include({ id: '500123', receipt: 'rec.eip.t' });
    await settle(el);
    expect(el.state).to.equal('paid');
    expect(part(el, 'message')!.textContent).to.equal('Payment received');
  });
});

describe('saving the QR', () => {
  it('shares one PNG named for the bill where the browser can share files; a cancelled share is not an error', async () => {
    const shared: { files: File[]; title: string; text: string }[] = [];
    let refusal: string | undefined;
    const nav = navigator as Navigator & Record<string, unknown>;
    const original = { canShare: nav.canShare, share: nav.share };
    Object.assign(navigator, {
      canShare: () => true,
      share: async (data: { files: File[]; title: string; text: string }) => {
        if (refusal) throw new DOMException('no', refusal);
        shared.push(data);
      },
    });
    try {
      proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }] });
      const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
      await settle(el);
      part(el, 'save')!.click();
      await settle(el);
      expect(shared).to.have.length(1);
      expect(shared[0].files).to.have.length(1);
      expect([shared[0].files[0].name, shared[0].files[0].type]).to.deep.equal(['promptpay-order-1-50.png', 'image/png']);
      expect(shared[0].title).to.equal('PromptPay QR ฿50.00');
      expect(new Uint8Array(await shared[0].files[0].arrayBuffer()).slice(1, 4)).to.deep.equal(new Uint8Array([80, 78, 71]), 'PNG bytes');
      refusal = 'AbortError';
      part(el, 'save')!.click();
      await settle(el);
      expect(el.state).to.equal('pending');
    } finally {
      Object.assign(navigator, original);
    }
  });
});

describe('errors', () => {
  it('a network failure on create shows a Thai message and a retry that completes', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': ['network-error', { status: 201, body: bill() }] });
    const el = await mount('amount="50" ref1="order-1" poll="0"');
    const error = oneEvent(el, 'maemanee-error');
    part(el, 'start')!.click();
    expect((await error).detail).to.deep.equal({ code: 'network', message: 'proxy unreachable', retryable: true });
    await settle(el);
    expect(el.state).to.equal('error');
    expect(part(el, 'message')!.textContent).to.equal('เชื่อมต่อไม่ได้ กรุณาลองใหม่');
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await settle(el);
    expect(el.state).to.equal('pending');
  });

  it('a proxy 5xx during a check keeps the same payment: retry checks it again, no new bill', async () => {
    proxy = fakeProxy({
      'POST /v1/payments': [{ status: 201, body: bill() }],
      'POST /v1/payments/:id/confirm': [{ status: 502, body: { error: { code: 'upstream_error', message: 'x' } } }, { body: paid }],
    });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    await el.check();
    await settle(el);
    expect(el.state).to.equal('error');
    expect(part(el, 'message')!.textContent).to.equal('Payment service unavailable. Please try again');
    expect(part(el, 'qr'), 'the QR stays scannable').to.not.equal(null);
    part(el, 'retry')!.click();
    await settle(el);
    expect(el.state).to.equal('paid');
    expect(proxy.count('POST', '/v1/payments')).to.equal(3);
    expect(proxy.calls.filter((c) => c.path === '/v1/payments')).to.have.length(1);
  });

  it('bad attributes say what is wrong, in the element and once in the console, without a request', async () => {
    proxy = fakeProxy({});
    const errors = sinon.stub(console, 'error');
    try {
      const el = await mount('amount="-5" ref1="order-1"', 'en');
      const error = oneEvent(el, 'maemanee-error');
      await el.start();
      expect((await error).detail.code).to.equal('invalid_attributes');
      await settle(el);
      expect(part(el, 'message')!.textContent).to.equal('Payment set-up problem. Please tell the shop');
      expect(part(el, 'retry')).to.equal(null);
      expect(errors.callCount).to.equal(1);
      expect(errors.firstCall.args[0]).to.equal('<maemanee-pay>: amount must be whole baht', 'what is wrong, for the developer');
      expect(proxy.calls).to.have.length(0);
      const noEndpoint = await fixture<MaemaneePay>(html`<maemanee-pay amount="5" ref1="a"></maemanee-pay>`);
      await noEndpoint.start();
      expect(noEndpoint.state).to.equal('error');
      expect(errors.secondCall.args[0]).to.contain('endpoint is missing');
    } finally {
      errors.restore();
    }
  });

  it('a 4xx from the proxy tells the customer of a set-up problem in their language, and the developer the proxy\'s words', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 400, body: { error: { code: 'invalid_amount', message: 'amount must be between 20 and 100 baht' } } }] });
    const errors = sinon.stub(console, 'error');
    try {
      const el = await mount('amount="5" ref1="order-1" autostart', 'en');
      await settle(el);
      expect(part(el, 'message')!.textContent).to.equal('Payment set-up problem. Please tell the shop');
      expect(errors.firstCall.args[0]).to.equal('<maemanee-pay>: amount must be between 20 and 100 baht');
    } finally {
      errors.restore();
    }
  });
});

describe('reload and resume', () => {
  it('a reload mid-payment resumes the same bill through GET, never a second create', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'GET /v1/payments/:id': [{ body: { ...bill(), token: undefined } }] });
    const first = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(first);
    first.parentElement!.remove();
    const again = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(again);
    expect(again.state).to.equal('pending');
    expect(proxy.count('POST', '/v1/payments')).to.equal(1);
    const get = proxy.calls.find((c) => c.method === 'GET')!;
    expect(get.path).to.equal('/v1/payments/500123');
    expect(get.headers.get('authorization')).to.equal('Bearer tok.en.x');
  });

  it('a bill the proxy no longer knows is forgotten, and a new one is created', async () => {
    sessionStorage.setItem(`maemanee-pay|${ENDPOINT}/v1/payments|order-1|50`, JSON.stringify({ id: '1', token: 'old' }));
    proxy = fakeProxy({ 'GET /v1/payments/:id': [{ status: 404, body: { error: { code: 'payment_not_found', message: 'gone' } } }], 'POST /v1/payments': [{ status: 201, body: bill() }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el);
    expect(el.state).to.equal('pending');
    expect(proxy.calls.map((c) => c.method)).to.deep.equal(['GET', 'POST']);
  });
});

describe('cancel and reset', () => {
  it('cancel() after expiry cancels upstream and fires maemanee-cancelled', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill({ status: 'expired' }) }], 'POST /v1/payments/:id/confirm': [{ body: { status: 'expired' } }], 'POST /v1/payments/:id/cancel': [{ body: { status: 'cancelled' } }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"', 'en');
    await settle(el);
    expect(el.state).to.equal('expired');
    const cancelled = oneEvent(el, 'maemanee-cancelled');
    await el.cancel();
    expect((await cancelled).detail).to.deep.equal({ id: '500123', cancelled: true });
    expect(el.state).to.equal('cancelled');
    await settle(el);
    await expect(el).to.be.accessible();
  });

  it('cancel() of a pending bill checks first: a paid bill stays paid', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [{ body: paid }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el);
    await el.cancel();
    expect(el.state).to.equal('paid');
    expect(proxy.count('POST', 'cancel')).to.equal(0);
  });

  it('reset() returns to idle and forgets the bill', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el);
    el.reset();
    await settle(el);
    expect(el.state).to.equal('idle');
    expect(sessionStorage.length).to.equal(0);
  });
});

describe('out of the page', () => {
  const pending = () => ({ body: { status: 'pending', expiresAt: new Date(Date.now() + 500_000).toISOString(), serverTime: new Date().toISOString() } });
  const confirms = () => proxy!.count('POST', 'confirm');

  it('taken out of the page, it neither checks nor counts down; put back, it goes on with the same bill', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }], 'POST /v1/payments/:id/confirm': [pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"', 'en');
    await settle(el, 5000);
    expect(confirms()).to.equal(1);
    const wrapper = el.parentElement!;
    const left = part(el, 'countdown')!.textContent;
    el.remove();
    await settle(el, 60_000);
    expect(confirms()).to.equal(1, 'no check out of the page');
    expect(part(el, 'countdown')!.textContent).to.equal(left, 'no tick out of the page');
    wrapper.append(el);
    await settle(el, 5000);
    expect(confirms()).to.equal(2);
    expect(part(el, 'countdown')!.textContent).to.not.equal(left);
    expect(el.state).to.equal('pending');
    expect(proxy.count('POST', '/v1/payments')).to.equal(3, 'one create, two checks');
  });

  it('a bill that arrives after the element left the page is not checked until the element is back', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    let release!: () => void;
    const slow = () => new Promise<Response>((resolve) => (release = () => resolve(Response.json(bill(), { status: 201 }))));
    proxy = fakeProxy({ 'POST /v1/payments': [slow], 'POST /v1/payments/:id/confirm': [pending()] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="5"');
    await settle(el);
    const wrapper = el.parentElement!;
    el.remove();
    release();
    await settle(el);
    expect(el.state).to.equal('pending');
    await settle(el, 60_000);
    expect(confirms()).to.equal(0, 'no check out of the page');
    wrapper.append(el);
    await settle(el, 5000);
    expect(confirms()).to.equal(1);
  });
});

describe('language, texts and styling', () => {
  it('follows the closest lang, defaults to Thai, and takes overrides', async () => {
    const en = await mount('amount="50" ref1="a"', 'en');
    expect(part(en, 'start')!.textContent!.trim()).to.equal('Pay with PromptPay');
    const own = await fixture<MaemaneePay>(html`<maemanee-pay lang="en" amount="50" ref1="a"></maemanee-pay>`);
    expect(part(own, 'start')!.textContent!.trim()).to.equal('Pay with PromptPay');
    const none = await fixture<MaemaneePay>(html`<maemanee-pay amount="50" ref1="a"></maemanee-pay>`);
    expect(part(none, 'start')!.textContent!.trim()).to.equal('ชำระด้วยพร้อมเพย์');
    none.setAttribute('lang', 'en');
    await none.updateComplete;
    expect(part(none, 'start')!.textContent!.trim()).to.equal('Pay with PromptPay', 'a change of lang re-renders');
    none.lang = 'th';
    await none.updateComplete;
    expect(part(none, 'start')!.textContent!.trim()).to.equal('ชำระด้วยพร้อมเพย์');
    none.strings = { pay: 'จ่ายเลย' };
    await none.updateComplete;
    expect(part(none, 'start')!.textContent!.trim()).to.equal('จ่ายเลย');
  });

  it('writes baht as Thai shops do in both languages: ฿, thousands with commas, two decimals', async () => {
    const shown: string[] = [];
    for (const amount of ['1', '50', '999', '1000', '50000', '1234567']) shown.push(part(await mount(`amount="${amount}" ref1="a"`, 'en'), 'amount')!.textContent!);
    expect(shown).to.deep.equal(['฿1.00', '฿50.00', '฿999.00', '฿1,000.00', '฿50,000.00', '฿1,234,567.00']);
    expect(money(1234.5)).to.equal('฿1,234.50', 'satang, where the upstream asks for them');
  });

  it('uses no inline style attribute and exposes custom properties', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }] });
    const el = await mount('amount="50" ref1="order-1" autostart poll="0"');
    await settle(el);
    expect(shadow(el).querySelectorAll('[style]')).to.have.length(0);
    el.style.setProperty('--maemanee-qr-size', '123px');
    expect(getComputedStyle(part(el, 'qr')!).width).to.equal('123px');
  });

  it('keyboard: Enter on the pay button works, and focus moves to the QR view', async () => {
    proxy = fakeProxy({ 'POST /v1/payments': [{ status: 201, body: bill() }] });
    const el = await mount('amount="50" ref1="order-1" poll="0"');
    part(el, 'start')!.focus();
    part(el, 'start')!.click(); // what Enter or Space does on a <button>
    await settle(el);
    expect(shadow(el).activeElement?.tagName).to.equal('H2');
  });
});

describe('dark mode', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('passes axe, contrast included, in each main state', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    proxy = fakeProxy({
      'POST /v1/payments': [{ status: 201, body: bill() }],
      'POST /v1/payments/:id/confirm': [{ status: 502, body: { error: { code: 'upstream_error', message: 'x' } } }, { body: paid }],
    });
    const el = await mount('amount="50" ref1="order-1" poll="0"', 'en');
    expect(getComputedStyle(part(el, 'base')!).backgroundColor).to.equal('rgb(22, 25, 29)');
    await expect(el).to.be.accessible();
    await el.start();
    await settle(el);
    await expect(el).to.be.accessible();
    await el.check();
    await settle(el);
    expect(el.state).to.equal('error');
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await settle(el);
    expect(el.state).to.equal('paid');
    await expect(el).to.be.accessible();
  });
});

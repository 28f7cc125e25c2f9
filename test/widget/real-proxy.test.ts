/**
 * The element against the real proxy on the sandbox, served from another origin than this page, as in production.
 * The proxy counts every request it receives, preflights included.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import '../../widget/define.ts';
import type { MaemaneePay } from '../../widget/maemanee-pay.ts';

async function proxyInfo(reset = false): Promise<{ url: string; requests: string[] }> {
  return (await fetch(`/__proxy${reset ? '?reset' : ''}`)).json();
}

afterEach(() => sessionStorage.clear());

it('is really cross-origin', async () => {
  const { url } = await proxyInfo();
  expect(new URL(url).origin).to.not.equal(location.origin);
});

it('shows the QR after exactly one request, with no preflight, and takes the payment to paid', async () => {
  const { url } = await proxyInfo(true);
  const el = await fixture<MaemaneePay>(`<maemanee-pay endpoint="${url}" amount="75" ref1="wtr-1" poll="0" lang="en"></maemanee-pay>`);
  const paid = new Promise<CustomEvent>((resolve) => el.addEventListener('maemanee-paid', (e) => resolve(e as CustomEvent)));
  (el.shadowRoot!.querySelector('[part="start"]') as HTMLButtonElement).click();
  await waitUntil(() => el.state === 'pending', 'the QR never showed', { timeout: 5000 });
  const img = el.shadowRoot!.querySelector('[part="qr"]') as HTMLImageElement;
  await img.decode();
  expect(img.naturalWidth).to.be.greaterThan(100);
  expect((await proxyInfo()).requests).to.deep.equal(['POST /v1/payments']);

  const { id: billId } = JSON.parse(sessionStorage.getItem(`maemanee-pay|${url}/v1/payments|wtr-1|75`)!);
  await fetch(`${url}/sandbox/payments/${billId}/pay`, { method: 'POST' });
  await el.check();
  const event = await paid;
  expect(event.detail.amount).to.equal(75);
  expect(event.detail.receipt.split('.')).to.have.length(3);
  expect(el.state).to.equal('paid');
  const requests = (await proxyInfo()).requests;
  expect(requests.filter((r) => r.startsWith('OPTIONS'))).to.deep.equal([], 'no preflight at all: every POST is simple');
});

it('a reload mid-payment resumes the same bill from the real proxy', async () => {
  const { url } = await proxyInfo(true);
  const markup = `<maemanee-pay endpoint="${url}" amount="90" ref1="wtr-2" autostart poll="0"></maemanee-pay>`;
  const first = await fixture<MaemaneePay>(markup);
  await waitUntil(() => first.state === 'pending', 'no QR', { timeout: 5000 });
  const firstRef = first.shadowRoot!.querySelector('[part="qr"]')!.getAttribute('src');
  first.remove();
  const again = await fixture<MaemaneePay>(markup);
  await waitUntil(() => again.state === 'pending', 'no QR after reload', { timeout: 5000 });
  const { requests } = await proxyInfo();
  expect(requests.filter((r) => r === 'POST /v1/payments')).to.have.length(1);
  expect(requests.some((r) => /^GET \/v1\/payments\/\d+$/.test(r))).to.equal(true);
  expect(again.shadowRoot!.querySelector('[part="qr"]')!.getAttribute('src')).to.equal(firstRef);
});

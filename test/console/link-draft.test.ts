/**
 * A half-filled link form is the seller's work: a look at Today, or a reload of the tab, gives it back as it was. It is
 * gone once the link is made, when the seller clears the form, and at sign-out.
 */
import { expect } from '@open-wc/testing';
import type { FakeConsoleApi } from './fake-console-api.ts';
import { all, fill, find, mount, one, submitLinkForm, text, unmount, until, type Mounted } from './helpers.ts';

afterEach(unmount);

const owner = { prepare: (fake: FakeConsoleApi) => fake.signIn('owner') };
const value = (el: Element, name: string) => one<HTMLInputElement | HTMLSelectElement>(el, `[name="${name}"]`)?.value;
const checked = (el: Element, name: string) => one<HTMLInputElement>(el, `[name="${name}"]`)?.checked;

/** Away to Today and back to the links, as the seller's tabs take them. */
async function toTodayAndBack(el: Element) {
  location.hash = '#/today';
  await find(el, 'console-today');
  await until(() => !one(el, 'console-link-form'), 'the form left with its view');
  location.hash = '#/links';
  await find(el, '[name="description"]');
}

/** A shop link half made: a description, a day's expiry, an item of three, the phone asked for, many buyers up to 10. */
async function halfFill(el: Element) {
  await find(el, '[name="description"]');
  fill(el, 'description', 'ของขวัญปีใหม่');
  fill(el, 'expiresIn', String(86400));
  one(el, '[data-shop]')!.click();
  await until(() => !one(el, '#shop')!.hidden, 'unfolded');
  one(el, '[data-add-item]')!.click();
  await find(el, '[name="item-0-name"]');
  fill(el, 'item-0-name', 'กล่องคุกกี้');
  fill(el, 'item-0-price', '250');
  fill(el, 'item-0-quantity', '3');
  fill(el, 'field-phone', 'required');
  one<HTMLInputElement>(el, '[name="reusable"]')!.click();
  await find(el, '[name="limit"]');
  fill(el, 'limit', '10');
}

function expectHalfFilled(el: Element) {
  expect([value(el, 'description'), value(el, 'expiresIn')]).to.deep.equal(['ของขวัญปีใหม่', '86400']);
  expect(one(el, '#shop')!.hidden).to.equal(false, "the shop's options still open");
  expect(one(el, '[data-shop]')!.getAttribute('aria-expanded')).to.equal('true');
  expect([value(el, 'item-0-name'), value(el, 'item-0-price'), value(el, 'item-0-quantity')]).to.deep.equal(['กล่องคุกกี้', '250', '3']);
  expect(text(one(el, '[data-total]')!)).to.equal('ยอดรวม ฿750.00');
  expect([value(el, 'field-name'), value(el, 'field-phone')]).to.deep.equal(['no', 'required']);
  expect([checked(el, 'reusable'), value(el, 'limit')]).to.deep.equal([true, '10']);
}

function expectBlank(el: Element) {
  expect([value(el, 'amount'), value(el, 'description'), value(el, 'expiresIn')]).to.deep.equal(['', '', String(7 * 86400)]);
  expect(one(el, '#shop')!.hidden).to.equal(true);
  expect(all(el, '[data-item]')).to.have.length(0);
  expect([value(el, 'field-phone'), checked(el, 'reusable')]).to.deep.equal(['no', false]);
}

/** The same tab loaded again: its sessionStorage kept, the app mounted afresh. */
async function reload(first: Mounted) {
  first.net.restore();
  first.el.remove();
  return mount({ hash: '#/links', ...owner });
}

describe("the link form keeps the seller's draft", () => {
  it('through a look at Today and a reload of the tab; made, the link takes its draft with it', async () => {
    const first = await mount({ hash: '#/links', ...owner });
    await halfFill(first.el);
    await toTodayAndBack(first.el);
    expectHalfFilled(first.el);

    const { el, fake } = await reload(first);
    await find(el, '[name="item-0-name"]');
    expectHalfFilled(el);
    submitLinkForm(el);
    await find(el, 'console-share');
    expect(fake.requested).to.deep.equal([
      { items: [{ name: 'กล่องคุกกี้', price: 250, quantity: 3 }], description: 'ของขวัญปีใหม่', expiresIn: 86400, fields: [{ key: 'phone', required: true }], reusable: true, limit: 10 },
    ]);
    expectBlank(el);
    await toTodayAndBack(el);
    expectBlank(el);
  });

  it('"clear" empties the form for good; signing out forgets a draft', async () => {
    const first = await mount({ hash: '#/links', ...owner });
    await halfFill(first.el);
    (await find(first.el, '[data-clear]')).click();
    await until(() => value(first.el, 'description') === '', 'cleared');
    expectBlank(first.el);
    await toTodayAndBack(first.el);
    expectBlank(first.el);

    fill(first.el, 'amount', '80');
    fill(first.el, 'description', 'มัดจำ');
    await toTodayAndBack(first.el);
    expect([value(first.el, 'amount'), value(first.el, 'description')]).to.deep.equal(['80', 'มัดจำ'], 'a plain link kept too');
    location.hash = '#/more';
    const signOut = () => [...first.el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-signout]')][0];
    await until(signOut, 'the sign-out button');
    signOut().click();
    await find(first.el, '[data-passkey-signin]');

    const { el } = await reload(first);
    await find(el, '[name="description"]');
    expectBlank(el);
  });
});

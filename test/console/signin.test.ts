/** Getting in: the one-time link (once), passkeys added and used (the browser's side stubbed), signing out, the language. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { pickLang } from '../../console/i18n/index.ts';
import { find, mount, one, text, unmount, until } from './helpers.ts';

afterEach(() => {
  sinon.restore();
  unmount();
});

const buffer = (...bytes: number[]) => new Uint8Array(bytes).buffer;

/** What a platform authenticator hands the page, enough for @simplewebauthn/browser to encode. */
function credential(response: Record<string, unknown>) {
  return { id: 'AQID', rawId: buffer(1, 2, 3), type: 'public-key', authenticatorAttachment: 'platform', response, getClientExtensionResults: () => ({}) };
}

describe('signing in', () => {
  it('the link signs in once; the same link again is refused in words', async () => {
    let token = '';
    const first = await mount({ hash: '#/today', prepare: (f) => (token = f.invite('owner').url.split('/').pop()!) });
    location.hash = `#/signin/${token}`;
    await find(first.el, '[data-add-passkey]');
    expect(location.hash).to.equal('#/today', 'the token left the address bar');
    expect(first.fake.calls).to.include('POST /console/api/session');
    expect(text(first.el)).to.contain('เพิ่มพาสคีย์');
    const later = [...first.el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'ไว้ทีหลัง')!;
    later.click();
    await find(first.el, '[data-totals]');
    expect(text(first.el)).to.contain('เพิ่มพาสคีย์ เพื่อเข้าสู่ระบบครั้งหน้าโดยไม่ต้องใช้ลิงก์', 'Today keeps offering one');

    await first.fake.app.request('/console/api/session', { method: 'DELETE' });
    location.hash = `#/signin/${token}`;
    await until(() => text(first.el).includes('ลิงก์นี้ใช้ไม่ได้'), 'refused');
    expect(location.hash).to.equal('#/today');
  });

  it('adds a passkey after the link; a cancelled prompt is no error', async () => {
    const create = sinon.stub(navigator.credentials, 'create');
    create.onFirstCall().rejects(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
    create.onSecondCall().resolves(
      credential({ clientDataJSON: buffer(4), attestationObject: buffer(5), getTransports: () => ['internal'] }) as unknown as Credential,
    );
    let token = '';
    const { el, fake } = await mount({ hash: '#/today', prepare: (f) => (token = f.invite('owner').url.split('/').pop()!) });
    location.hash = `#/signin/${token}`;
    (await find(el, '[data-add-passkey]')).click();
    await until(() => text(el).includes('ยังไม่ได้เพิ่มพาสคีย์ ลองใหม่ได้ทุกเมื่อ'), 'cancelled, said plainly');
    one(el, '[data-add-passkey]')!.click();
    await until(() => text(el).includes('เพิ่มพาสคีย์แล้ว'), 'added');
    expect(fake.calls.filter((c) => c.startsWith('POST /console/api/passkeys'))).to.deep.equal([
      'POST /console/api/passkeys/options',
      'POST /console/api/passkeys/options',
      'POST /console/api/passkeys',
    ]);
    await find(el, '[data-totals]');
    expect(text(el)).to.not.contain('เพิ่มพาสคีย์ เพื่อเข้าสู่ระบบ');
  });

  it('signs in with a passkey alone from the start screen, and signs out', async () => {
    sinon.stub(navigator.credentials, 'get').resolves(
      credential({ clientDataJSON: buffer(4), authenticatorData: buffer(6), signature: buffer(7), userHandle: buffer(8) }) as unknown as Credential,
    );
    const { el, fake } = await mount({ prepare: (f) => f.addPasskey() });
    (await find(el, '[data-passkey-signin]')).click();
    await find(el, '[data-totals]');
    expect(fake.calls).to.include('POST /console/api/passkey-session');
    location.hash = '#/more';
    const signOut = () => [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'ออกจากระบบ');
    await until(signOut, 'the sign-out button');
    signOut()!.click();
    await find(el, '[data-passkey-signin]');
    expect(text(el)).to.contain('ออกจากระบบแล้ว');
    expect(fake.calls).to.include('DELETE /console/api/session');
  });

  it('a passkey the proxy does not know is said to have failed, with the way out', async () => {
    sinon.stub(navigator.credentials, 'get').resolves(
      credential({ clientDataJSON: buffer(4), authenticatorData: buffer(6), signature: buffer(7), userHandle: buffer(8) }) as unknown as Credential,
    );
    const { el } = await mount();
    (await find(el, '[data-passkey-signin]')).click();
    await until(() => text(el).includes('ใช้พาสคีย์ไม่สำเร็จ ลองใหม่ หรือเข้าสู่ระบบด้วยลิงก์'), 'refused, in words');
    expect(one(el, '[data-totals]')).to.equal(undefined);
  });

  it('where the browser has no passkeys, says so plainly, and the link still signs in', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'PublicKeyCredential')!;
    Object.defineProperty(window, 'PublicKeyCredential', { configurable: true, value: undefined });
    try {
      let token = '';
      const { el } = await mount({ prepare: (f) => (token = f.invite('staff', 'น้องเอ').url.split('/').pop()!) });
      await until(() => text(el).includes('เบราว์เซอร์นี้ใช้พาสคีย์ไม่ได้'), 'said on the start screen');
      expect(one(el, '[data-passkey-signin]')).to.equal(undefined);
      location.hash = `#/signin/${token}`;
      await find(el, '[data-totals]');
      expect(text(el)).to.contain('เบราว์เซอร์นี้ใช้พาสคีย์ไม่ได้ เข้าสู่ระบบได้ด้วยลิงก์เท่านั้น', 'said on Today');
      expect(text(el)).to.not.contain('เพิ่มพาสคีย์', 'and no passkey offered');
    } finally {
      Object.defineProperty(window, 'PublicKeyCredential', original);
    }
  });
});

describe('language', () => {
  it('is Thai unless ?lang=en, a choice made on this device, or the browser prefers English', () => {
    expect(pickLang('', null, ['th-TH', 'en-US'])).to.equal('th');
    expect(pickLang('', null, ['fr-FR'])).to.equal('th');
    expect(pickLang('', null, ['en-GB', 'th'])).to.equal('en');
    expect(pickLang('?lang=en', 'th', ['th-TH'])).to.equal('en');
    expect(pickLang('?lang=th', 'en', ['en-US'])).to.equal('th');
    expect(pickLang('', 'en', ['th-TH'])).to.equal('en');
  });

  it('switches with one tap and keeps the choice', async () => {
    const { el } = await mount({ prepare: (f) => f.signIn('owner') });
    await find(el, '[data-totals]');
    expect(document.documentElement.lang).to.equal('th');
    const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'English')!;
    button.click();
    await until(() => text(el).includes("Today's payments"), 'English');
    expect(document.documentElement.lang).to.equal('en');
    expect(localStorage.getItem('maemanee-console-lang')).to.equal('en');
  });
});

/** axe, contrast included, on each of the console's views, in light and in dark, in Thai and in English. */
import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { FakeConsoleApi } from './fake-console-api.ts';
import { find, fill, mount, one, unmount } from './helpers.ts';

afterEach(unmount);
after(() => emulateMedia({ colorScheme: 'light' }));

/** Each view as a seller meets it, with something in it. */
const VIEWS: { name: string; hash: string | ((f: FakeConsoleApi) => string); ready: string; prepare?: (f: FakeConsoleApi) => void; act?: (el: Element) => Promise<void> }[] = [
  { name: 'start', hash: '#/today', ready: '[data-passkey-signin]', prepare: () => {} },
  {
    name: 'passkey offer',
    hash: (f) => new URL(f.invite('owner').url).hash,
    ready: '[data-add-passkey]',
  },
  {
    name: 'today',
    hash: '#/today',
    ready: '[data-entry]',
    prepare: (f) => {
      f.signIn('owner');
      f.record({ type: 'payment.paid', amount: 250, title: 'ข้าวมันไก่' });
      f.record({ type: 'payment.paid', amount: 90, late: true });
      f.record({ type: 'payment.needs_review', amount: 45 });
      f.record({ type: 'payment.expired', amount: 30 });
    },
  },
  {
    name: 'pay links',
    hash: '#/links',
    ready: '[data-link]',
    prepare: (f) => {
      f.signIn('owner');
      f.makeLink({ amount: 100, description: 'ผ้าพันคอ' }, [{ id: '1', status: 'paid', paidAt: '2026-12-06T03:00:00.000Z' }]);
      f.makeLink({ amount: 60, description: 'พวงกุญแจ' });
    },
    act: async (el) => {
      (await find(el, '[data-show]')).click();
      await find(el, 'svg.qr');
    },
  },
  { name: 'payments', hash: '#/payments', ready: '[data-bill]', prepare: (f) => (f.signIn('owner'), f.record({ type: 'payment.paid', amount: 120 })) },
  {
    name: 'a payment',
    hash: '#/payments/700001',
    ready: '[data-event]',
    prepare: (f) => {
      f.signIn('owner');
      const e = f.record({ type: 'payment.paid', id: '700001', amount: 120 });
      f.deliveries.push({ eventId: e.id, endpoint: 'shop.example', attempts: 2, deliveredAt: null, nextAttemptAt: '2026-12-06T05:00:00.000Z', lastError: 'HTTP 500' });
    },
  },
  {
    name: 'needs review',
    hash: '#/review',
    ready: '[data-review]',
    prepare: (f) => (f.signIn('owner'), f.record({ type: 'payment.needs_review', amount: 350 })),
    act: async (el) => (await find(el, '[data-found="paid"]')).click(),
  },
  { name: 'export', hash: '#/export', ready: '[data-download]', prepare: (f) => f.signIn('owner') },
  {
    name: 'health',
    hash: '#/health',
    ready: '[data-webhook]',
    prepare: (f) => (f.signIn('owner'), f.setHealth({ upstream: 'refusing', webhooks: [{ endpoint: 'shop.example', failing: 1, gaveUp: 0, lastError: 'HTTP 500' }] })),
  },
  {
    name: 'staff',
    hash: '#/staff',
    ready: '[data-member]',
    prepare: (f) => (f.addPasskey(), f.signIn('staff', 'น้องบี'), f.signIn('owner')),
    act: async (el) => {
      fill(el, 'name', 'น้องเอ');
      (one(el, 'console-staff')!.shadowRoot!.querySelector('form') as HTMLFormElement).requestSubmit();
      await find(el, 'svg.qr');
    },
  },
  { name: 'more', hash: '#/more', ready: '.more', prepare: (f) => f.signIn('owner') },
];

for (const scheme of ['light', 'dark'] as const) {
  describe(`axe, ${scheme}`, () => {
    before(async () => {
      await emulateMedia({ colorScheme: scheme });
      await setViewport({ width: 390, height: 844 });
    });
    for (const view of VIEWS) {
      for (const lang of scheme === 'light' ? (['th', 'en'] as const) : (['th'] as const)) {
        it(`${view.name} (${lang})`, async () => {
          const { el } = await mount({ hash: view.hash, lang, prepare: view.prepare });
          await find(el, view.ready);
          await view.act?.(el);
          await expect(el).to.be.accessible();
        });
      }
    }
  });
}

/** A second copy of the script, or another element already using the tag, must not throw or take the tag over. */
import { expect } from '@open-wc/testing';

it('leaves the tag alone when it is taken, and does not throw', async () => {
  class Placeholder extends HTMLElement {}
  customElements.define('maemanee-pay', Placeholder);
  const module = await import('../../widget/define.ts');
  expect(customElements.get('maemanee-pay')).to.equal(Placeholder);
  expect(module.MaemaneePay).to.be.a('function');
});

/** Registers `<maemanee-pay>` unless the tag is taken (say, by another copy of the script) or there is no DOM. */
import { MaemaneePay } from './maemanee-pay.ts';

export { MaemaneePay };
// The events' types, and their entries in HTMLElementEventMap, for TypeScript users; nothing at run time.
export type * from './events.ts';

if (typeof customElements !== 'undefined' && !customElements.get('maemanee-pay')) {
  customElements.define('maemanee-pay', MaemaneePay);
}

declare global {
  interface HTMLElementTagNameMap {
    'maemanee-pay': MaemaneePay;
  }
}

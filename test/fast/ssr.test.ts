/** Server-side rendering frameworks import the element in Node: that must not throw, nor define anything twice. */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the element in Node does not throw', async () => {
  const module = await import('../../widget/define.ts');
  assert.equal(typeof module.MaemaneePay, 'function');
  await import('../../widget/define.ts');
});

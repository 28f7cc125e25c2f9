/**
 * The README's framework snippets (docs/snippets/, quoted verbatim): the TypeScript ones type-check against the
 * published types (`tsc -p docs/snippets`, which resolves `maemanee-pay` to the build, as an app would); the Svelte 5
 * and Vue ones are compiled by their own compilers, and what they generate listens to `maemanee-paid` on the element
 * and hands it the order.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { compileScript, compileTemplate, parse } from '@vue/compiler-sfc';
import { compile } from 'svelte/compiler';

const snippet = (file: string) => readFileSync(`docs/snippets/${file}`, 'utf8');

test('the README quotes each framework snippet verbatim', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const file of ['react-checkout.tsx', 'maemanee-pay-jsx.d.ts', 'next-pay.tsx', 'vue-checkout.vue', 'svelte-checkout.svelte']) {
    assert.ok(readme.includes(snippet(file).trimEnd()), `README.md does not quote docs/snippets/${file} as it is`);
  }
});

test('the TypeScript snippets type-check against the published types (React 19 JSX, Next.js, Hono)', () => {
  try {
    execFileSync(resolve('node_modules/.bin/tsc'), ['-p', 'docs/snippets/tsconfig.json'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail((error as { stdout: string }).stdout);
  }
});

test('Svelte 5: the compiled component listens to maemanee-paid on the element and passes it the order', () => {
  const { js } = compile(snippet('svelte-checkout.svelte'), { generate: 'client', filename: 'Checkout.svelte' });
  assert.match(js.code, /\$\.event\('maemanee-paid', maemanee_pay, onPaid\)/);
  assert.match(js.code, /\$\.set_custom_element_data\(maemanee_pay, 'order', \$\$props\.order\)/);
  assert.doesNotMatch(js.code, /\$\.set_attribute\(maemanee_pay, 'onmaemanee-paid'/);
});

test('Vue: with isCustomElement as the README says, the template makes the element itself, with the order and the listener', () => {
  const { descriptor } = parse(snippet('vue-checkout.vue'));
  compileScript(descriptor, { id: 'checkout' }); // <script setup lang="ts"> compiles
  const render = (isCustomElement?: (tag: string) => boolean) =>
    compileTemplate({ source: descriptor.template!.content, filename: 'Checkout.vue', id: 'checkout', compilerOptions: { isCustomElement } }).code;
  const code = render((tag) => tag === 'maemanee-pay');
  assert.match(code, /_createElementBlock\("maemanee-pay", \{[^}]*order: _ctx\.order,[^}]*onMaemaneePaid:/s);
  assert.match(render(), /resolveComponent\("maemanee-pay"\)/, 'without the setting, Vue looks for a component of that name');
});

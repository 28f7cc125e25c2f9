/**
 * The docs against the build (`npm test` builds first). The page and server snippets (docs/snippets/, quoted verbatim
 * by the pages): the TypeScript ones type-check against the published types (`tsc -p docs/snippets`, which resolves
 * `maemanee-pay` to the build, as an app would), the JavaScript ones as a JavaScript app's editor checks them
 * (`docs/snippets/jsconfig.json`), and the Svelte 5 and Vue ones are compiled by their own compilers, and what they
 * generate listens to `maemanee-paid` on the element and hands it the order. The element reference in both languages
 * is in step with the generated custom-elements.json, and every tag the docs show uses only attributes the element
 * has. The site builds (`vitepress build docs`: a dead link between pages fails it), every anchor a page links to is
 * on its page, and its Thai search finds a Thai word in the middle of a sentence.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileScript, compileTemplate, parse } from '@vue/compiler-sfc';
import MiniSearch from 'minisearch';
import { compile } from 'svelte/compiler';
import config from '../../docs/.vitepress/config.ts';

const snippet = (file: string) => readFileSync(`docs/snippets/${file}`, 'utf8');
const tsc = (project: string) => {
  try {
    execFileSync(resolve('node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail((error as { stdout: string }).stdout);
  }
};

test('the page in both languages quotes each framework snippet verbatim', () => {
  for (const path of ['docs/page.md', 'docs/th/page.md']) {
    const text = readFileSync(path, 'utf8');
    for (const file of ['react-checkout.tsx', 'maemanee-pay-jsx.d.ts', 'next-pay.tsx', 'vue-checkout.vue', 'svelte-checkout.svelte']) {
      assert.ok(text.includes(snippet(file).trimEnd()), `${path} does not quote docs/snippets/${file} as it is`);
    }
  }
});

test('the TypeScript snippets type-check against the published types (React 19 JSX, Next.js, Hono)', () => tsc('docs/snippets/tsconfig.json'));

test('the JavaScript snippets (orders, receipts, links, the shop view, the proxy in a Hono app) check against the published types', () =>
  tsc('docs/snippets/jsconfig.json'));

test('Svelte 5: the compiled component listens to maemanee-paid on the element and passes it the order', () => {
  const { js } = compile(snippet('svelte-checkout.svelte'), { generate: 'client', filename: 'Checkout.svelte' });
  assert.match(js.code, /\$\.event\('maemanee-paid', maemanee_pay, onPaid\)/);
  assert.match(js.code, /\$\.set_custom_element_data\(maemanee_pay, 'order', \$\$props\.order\)/);
  assert.doesNotMatch(js.code, /\$\.set_attribute\(maemanee_pay, 'onmaemanee-paid'/);
});

test('Vue: with isCustomElement as the page says, the template makes the element itself, with the order and the listener', () => {
  const { descriptor } = parse(snippet('vue-checkout.vue'));
  compileScript(descriptor, { id: 'checkout' }); // <script setup lang="ts"> compiles
  const render = (isCustomElement?: (tag: string) => boolean) =>
    compileTemplate({ source: descriptor.template!.content, filename: 'Checkout.vue', id: 'checkout', compilerOptions: { isCustomElement } }).code;
  const code = render((tag) => tag === 'maemanee-pay');
  assert.match(code, /_createElementBlock\("maemanee-pay", \{[^}]*order: _ctx\.order,[^}]*onMaemaneePaid:/s);
  assert.match(render(), /resolveComponent\("maemanee-pay"\)/, 'without the setting, Vue looks for a component of that name');
});

interface Named {
  name: string;
}
const manifest = () => JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
const element = () => {
  const found = manifest().modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'maemanee-pay');
  assert.ok(found, 'the manifest describes <maemanee-pay>');
  return found as { attributes: Named[]; events: Named[]; cssParts: Named[]; cssProperties: Named[]; members: (Named & { kind: string; privacy?: string; static?: boolean })[] };
};

test('the element reference, in both languages, documents every attribute, event, part, custom property and method in custom-elements.json', () => {
  const el = element();
  const names = [
    ...el.attributes.map((a) => `\`${a.name}\``),
    ...el.events.map((e) => `\`${e.name}\``),
    ...el.cssParts.map((p) => `\`${p.name}\``),
    ...el.cssProperties.map((p) => `\`${p.name}\``),
    ...el.members.filter((m) => m.kind === 'method' && !m.privacy && !m.static).map((m) => `\`${m.name}()\``),
  ];
  assert.ok(names.length > 30, `only ${names.length} names in the manifest`);
  for (const path of ['docs/reference/element.md', 'docs/th/reference/element.md']) {
    const text = readFileSync(path, 'utf8');
    for (const name of names) assert.ok(text.includes(name), `${path} does not mention ${name}`);
    for (const [, name] of text.matchAll(/`(maemanee-[a-z]+)`/g)) {
      if (name === 'maemanee-pay') continue;
      assert.ok(el.events.some((e) => e.name === name), `${path} documents ${name}, which the element does not fire`);
    }
  }
});

/** README.md and every page of the site. */
const docs = ['README.md', ...readdirSync('docs', { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => join(e.parentPath, e.name))].filter(
  (p) => !p.includes('.vitepress'),
);

test('every <maemanee-pay> tag the README and the docs show uses only attributes the element has', () => {
  const attributes = new Set(element().attributes.map((a) => a.name));
  let tags = 0;
  for (const path of docs) {
    for (const [, html] of readFileSync(path, 'utf8').matchAll(/^```html\n([\s\S]*?)^```$/gm)) {
      for (const [, inside] of html.matchAll(/<maemanee-pay\b([^>]*)>/g)) {
        for (const [, name] of inside.matchAll(/([\w-]+)=/g)) assert.ok(attributes.has(name), `${path}: <maemanee-pay ${name}=…>: no such attribute`);
        tags++;
      }
    }
  }
  assert.ok(tags >= 8, `only ${tags} tags found`);
});

const site = 'docs/.vitepress/dist';

const htmlFiles = () =>
  readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(site, join(e.parentPath, e.name)).split('\\').join('/'));

describe('the site', () => {
  before(() => {
    // The build fails on a dead link between pages: VitePress's check, left on in docs/.vitepress/config.ts.
    try {
      execFileSync(resolve('node_modules/.bin/vitepress'), ['build', 'docs'], { encoding: 'utf8', stdio: 'pipe', timeout: 300_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout: string; stderr: string };
      throw new Error(`vitepress build docs failed:\n${stdout}\n${stderr}`);
    }
  });

  test('the site builds, every page in both languages, and every anchor a page links to is on the page it names', () => {
    const files = htmlFiles();
    assert.ok(files.includes('index.html') && files.includes('th/index.html'), 'both home pages');
    assert.ok(files.includes('reference/http-api.html') && files.includes('th/reference/http-api.html'), 'the reference in both languages');
    const ids = new Map(files.map((f) => [f, new Set([...readFileSync(join(site, f), 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))]));
    let anchors = 0;
    for (const file of files) {
      for (const [, href] of readFileSync(join(site, file), 'utf8').matchAll(/<a [^>]*href="([^"]+)"/g)) {
        if (/^[a-z]+:/.test(href) || !href.includes('#')) continue;
        const [path, hash] = href.split('#');
        if (!hash) continue;
        const target = path === '' ? file : posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(file), path));
        assert.ok(ids.has(target), `${file} links to ${href}: no page ${target}`);
        assert.ok(ids.get(target)!.has(decodeURIComponent(hash)), `${file} links to ${href}: no such anchor on ${target}`);
        anchors++;
      }
    }
    assert.ok(anchors > 100, `only ${anchors} anchor links found`);
  });

  test('the Thai search finds a Thai word in the middle of a sentence, and the English one an English word', async () => {
    const chunks = join(site, 'assets/chunks');
    const index = async (locale: string) => {
      const file = readdirSync(chunks).find((f) => f.startsWith(`@localSearchIndex${locale}.`));
      assert.ok(file, `the ${locale} search index`);
      return (await import(pathToFileURL(resolve(chunks, file)).href)).default as string;
    };
    const options = config.themeConfig!.search!.provider === 'local' ? config.themeConfig!.search!.options?.miniSearch?.options : undefined;
    assert.ok(options?.tokenize, 'the site cuts words with its own tokenizer');
    const search = async (locale: string, query: string) =>
      MiniSearch.loadJSON(await index(locale), { fields: ['title', 'titles', 'text'], storeFields: ['title', 'titles'], ...options }).search(query, { prefix: true }).map((r) => String(r.id));
    // "ไม่ต้องนั่งเช็กสลิปทีละใบ" is one run of letters with no space: only a word-cutting tokenizer finds สลิป in it.
    assert.ok((await search('th', 'สลิป')).some((id) => id.startsWith('/th/pay-links.html')), 'สลิป finds the Thai pay links page');
    assert.ok((await search('th', 'ลิงก์ชำระเงิน')).some((id) => id.startsWith('/th/pay-links.html')));
    assert.ok((await search('root', 'webhook')).some((id) => id.startsWith('/reference/events.html')));
  });
});

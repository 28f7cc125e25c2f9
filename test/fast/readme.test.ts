/**
 * The README and the docs pages (docs/, English and Thai) against what they describe: both error tables list every
 * code the proxy sends (and nothing else), every `maemanee-pay` command they show parses as the command would parse
 * it, every `npm run` script exists, every path of the repository they name is there, every page exists in both
 * languages and in the sidebar, every code they show in a language the suite can check is a file of docs/snippets/
 * quoted verbatim, and the README's links and anchors lead somewhere. Needs no build; the site's own build, its
 * links between pages and its anchors are page-snippets.test.ts's.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseCommandArgs } from '../../cli/command.ts';
import { COMMANDS } from '../../cli/main.ts';
import { SECTIONS } from '../../docs/.vitepress/pages.ts';

const readme = readFileSync('README.md', 'utf8');

/** Every page of the site, by its path under docs/ ('go-live.md', 'th/reference/element.md'). */
const pages = readdirSync('docs', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.md'))
  .map((e) => relative('docs', join(e.parentPath, e.name)))
  .filter((path) => !path.startsWith('.vitepress') && !path.startsWith('snippets'))
  .sort();
const page = (path: string) => readFileSync(join('docs', path), 'utf8');
/** What a reader reads: the README and every page. */
const docs: [name: string, text: string][] = [['README.md', readme], ...pages.map((p): [string, string] => [`docs/${p}`, page(p)])];

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

test('both error tables list every code the proxy sends, and only those', () => {
  const sent = new Set<string>();
  for (const file of ['proxy', 'server-kit', 'sandbox'].flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of [/ApiError\(\s*\d+,\s*'([a-z_0-9]+)'/g, /errorBody\('([a-z_0-9]+)'/g, /\berror\('([a-z_0-9]+)'/g, /new TokenError\('([a-z_0-9]+)'/g]) {
      for (const [, code] of text.matchAll(pattern)) sent.add(code);
    }
  }
  assert.ok(sent.size > 30, `only ${sent.size} codes found in the source`);
  for (const path of ['reference/http-api.md', 'th/reference/http-api.md']) {
    const rows = [...page(path).matchAll(/^\| \d{3} \| ([^|]+)\|/gm)];
    const listed = new Set(rows.flatMap(([, codes]) => [...codes.matchAll(/`([a-z_0-9]+)`/g)].map((m) => m[1])));
    assert.deepEqual([...sent].filter((c) => !listed.has(c)).sort(), [], `sent but not in docs/${path}`);
    assert.deepEqual([...listed].filter((c) => !sent.has(c)).sort(), [], `in docs/${path} but never sent`);
  }
});

/** The words of a shell command line, quotes removed, up to a pipe, a redirection or a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const [, double, single, bare] of line.matchAll(/"([^"]*)"|'([^']*)'|([^\s"']+)/g)) {
    if (bare && /^(\||<|>|#|&&)/.test(bare)) break;
    out.push(double ?? single ?? bare);
  }
  return out;
}

test('every maemanee-pay command the README and the docs show is one the command accepts, as written', () => {
  let checked = 0;
  for (const [name, text] of docs) {
    const lines = [...text.matchAll(/npx maemanee-pay ([^`\n]*)/g)].map((m) => m[1]).filter((l) => !l.startsWith('…') && !l.startsWith('<command>'));
    for (const line of lines) {
      let args = words(line);
      if (args[0] === '--env') args = args.slice(2);
      if (args[0] === '--help' || args[0] === '--version') continue;
      const command = COMMANDS.find((c) => c.name === args[0]);
      assert.ok(command, `${name}: "maemanee-pay ${line}": no command ${args[0]}`);
      assert.doesNotThrow(() => parseCommandArgs(command, args.slice(1)), `${name}: "maemanee-pay ${line}"`);
      checked++;
    }
  }
  assert.ok(checked >= 80, `only ${checked} commands found`);
});

test('every npm script the README and the docs name exists', () => {
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
  for (const [name, text] of docs) for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[script], `${name}: npm run ${script}`);
});

test('every path of the repository the README and the docs name is there', () => {
  const FOLDERS = 'contract|widget|server-kit|proxy|sandbox|cli|demo|test|scripts|docs|packages';
  let checked = 0;
  // docs/performance.md is the bench's, which writes ratios (proxy/direct) and where its samples' code came from.
  for (const [name, text] of docs.filter(([n]) => n !== 'docs/performance.md')) {
    for (const [path] of text.matchAll(new RegExp(`(?<![\\w@/.:-])(?:${FOLDERS})/(?:[\\w.-]+/)*[\\w.-]*(?<!\\.)`, 'g'))) {
      // Build output is named as what a build makes, not what the repository holds.
      if (path.split('/').includes('dist')) continue;
      assert.ok(existsSync(path), `${name} names ${path}, which is not in the repository`);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} paths found`);
});

test('every page exists in English and in Thai, and the sidebar lists each of them', () => {
  const english = pages.filter((p) => !p.startsWith('th/'));
  const thai = pages.filter((p) => p.startsWith('th/')).map((p) => p.slice('th/'.length));
  assert.deepEqual(thai, english, 'the same pages under docs/ and docs/th/');
  const listed = SECTIONS.flatMap((s) => s.pages.map(([path]) => `${path}.md`)).sort();
  assert.deepEqual(listed, english.filter((p) => p !== 'index.md'), 'docs/.vitepress/pages.ts lists every page but the home page');
  for (const section of SECTIONS) for (const [path, en, th] of section.pages) assert.ok(en && th, `${path}: a title in both languages`);
});

/** The code blocks of a page: language and text. */
const blocks = (text: string) => [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, lang, code]) => ({ lang, code: code.trimEnd() }));

/**
 * Code the suite cannot run or type-check, shown in a language it could: each with why. Everything else in those
 * languages is a file of docs/snippets/, quoted verbatim.
 */
const UNCHECKED: { code: string; why: string }[] = [
  { code: "import 'maemanee-pay'; // defines <maemanee-pay> if the tag is free", why: 'the first line of each page snippet in docs/snippets/, which are checked' },
  { code: '// composer require firebase/php-jwt', why: 'PHP with firebase/php-jwt from Composer, which the suite cannot install offline' },
  { code: 'use Firebase\\JWT\\JWT;\nuse Firebase\\JWT\\Key;', why: 'PHP with firebase/php-jwt from Composer, which the suite cannot install offline' },
];
const CHECKED_LANGUAGES = ['js', 'ts', 'tsx', 'vue', 'svelte', 'php', 'python'];

test('every code the README and the docs show in a language the suite checks is a snippet it checks, quoted verbatim', () => {
  const snippets = readdirSync('docs/snippets').filter((f) => !f.endsWith('.json'));
  const quoted = new Map<string, Set<string>>(snippets.map((f) => [f, new Set()]));
  for (const [name, text] of docs) {
    for (const { lang, code } of blocks(text).filter((b) => CHECKED_LANGUAGES.includes(b.lang))) {
      const file = snippets.find((f) => readFileSync(`docs/snippets/${f}`, 'utf8').trimEnd() === code);
      if (file) quoted.get(file)!.add(name);
      else assert.ok(UNCHECKED.some((u) => code.startsWith(u.code)), `${name}: a ${lang} block that is no file of docs/snippets/:\n${code.slice(0, 200)}`);
    }
  }
  for (const [file, where] of quoted) {
    const english = [...where].filter((n) => n.startsWith('docs/') && !n.startsWith('docs/th/'));
    assert.ok(english.length > 0, `docs/snippets/${file} is shown by no English page`);
    for (const n of english) assert.ok(where.has(n.replace('docs/', 'docs/th/')), `docs/snippets/${file} is in ${n} but not in its Thai twin`);
  }
});

test("every local link and anchor in the README leads somewhere (GitHub's anchors)", () => {
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
  const anchors = (text: string) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, h]) => slug(h)));
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^https?:/.test(target)) continue;
    const [file, anchor] = target.split('#');
    if (file) assert.ok(existsSync(file), `no file ${target}`);
    if (anchor) assert.ok(anchors(file ? readFileSync(file, 'utf8') : readme).has(decodeURIComponent(anchor)), `no heading for ${target}`);
  }
});

/**
 * What ships: the CDN bundle within its budget, the npm package holding what its exports name and nothing from tests
 * or the demo. (The element reference against custom-elements.json is page-snippets.test.ts's.)
 * These read `dist/`, which `npm test` builds first (`npm run build`).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CDN_BUDGET_BYTES } from '../../scripts/budgets.ts';


function dist(path: string): Buffer {
  assert.ok(existsSync(path), `${path} is missing: run npm run build`);
  return readFileSync(path);
}

test(`the CDN bundle is at most ${CDN_BUDGET_BYTES} bytes gzipped, one self-contained module`, () => {
  const bundle = dist('dist/maemanee-pay.js');
  const gzipped = gzipSync(bundle, { level: 9 }).length;
  assert.ok(gzipped <= CDN_BUDGET_BYTES, `dist/maemanee-pay.js is ${gzipped} bytes gzipped, over the ${CDN_BUDGET_BYTES}-byte budget`);
  assert.doesNotMatch(bundle.toString(), /\bimport\s*[{*\w][^;]*from\s*["'`]|\bimport\(["'`]/, 'imports nothing: Lit is inside');
  assert.match(bundle.toString(), /customElements\.define\(`maemanee-pay`/);
});

/** What `npm pack` would put in a package's tarball, from its folder. */
function packed(dir: string): Set<string> {
  const [result] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }));
  return new Set<string>(result.files.map((f: { path: string }) => f.path));
}

for (const dir of ['.', 'packages/proxy']) {
  test(`npm pack of ${dir === '.' ? 'maemanee-pay' : '@maemanee-pay/proxy'} holds what its exports and bin point to, and nothing from tests or the demo`, () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = packed(dir);
    const targets: string[] = [...Object.values<string>(pkg.bin ?? {})];
    for (const entry of Object.values(pkg.exports) as (string | Record<string, string>)[]) {
      targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
    }
    if (pkg.types) targets.push(pkg.types, pkg.customElements);
    for (const target of targets) assert.ok(files.has(target.replace(/^\.\//, '')), `${target} is not in ${pkg.name}`);
    for (const file of files) assert.doesNotMatch(file, /^(test|demo|scripts|docs|node_modules|packages)\//, `${file} should not ship in ${pkg.name}`);
    assert.ok(files.has('README.md'), `${pkg.name} has a README`);
    assert.equal(pkg.version, JSON.parse(readFileSync('package.json', 'utf8')).version, 'both packages have one version');
    assert.ok(pkg.repository?.url, `${pkg.name} names its repository`);
  });
}

test('every package the lockfile installs runs on Node 20.19: npm install prints no EBADENGINE', () => {
  // semver is npm's own range logic, so this agrees with what npm checks.
  const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>)
    .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies('20.19.0', p.engines.node))
    .map(([path, p]) => `${path} (${(p.engines as { node: string }).node})`);
  assert.deepEqual(refusing, []);
});

test('every package in the lockfile with an install script is named in allowScripts: npm install lists none unreviewed', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const allowed = JSON.parse(readFileSync('package.json', 'utf8')).allowScripts as Record<string, boolean>;
  const withScripts = new Set(
    Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
  assert.deepEqual([...withScripts].sort(), Object.keys(allowed).sort(), 'each named, and no name left over');
});

test('the element package depends on Lit alone; the proxy package on what the proxy imports', () => {
  const element = JSON.parse(readFileSync('package.json', 'utf8'));
  const proxy = JSON.parse(readFileSync('packages/proxy/package.json', 'utf8'));
  assert.deepEqual(Object.keys(element.dependencies), ['lit']);
  const imported = new Set<string>();
  for (const file of readdirSync('packages/proxy/dist').filter((f) => f.endsWith('.js'))) {
    // Statements only (a static import or export's specifier, or a dynamic import's): code such as a query named
    // `from` is no import.
    const text = readFileSync(join('packages/proxy/dist', file), 'utf8');
    for (const [, spec] of Array.from(text.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?['"]([^.'"\s][^'"\s]*)['"]|\bimport\(\s*['"]([^.'"\s][^'"\s]*)['"]\s*\)/g), (m) => [m[0], m[1] ?? m[2]])) {
      if (!spec.startsWith('node:') && !spec.startsWith('cloudflare:')) imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  assert.deepEqual([...imported].sort(), Object.keys(proxy.dependencies).sort(), 'every package the build imports is a dependency, and no other');
  for (const [name, range] of Object.entries(proxy.dependencies)) assert.equal(range, element.devDependencies[name], `${name}: the same range in the repository`);
});

/** The files a module loads before it runs: itself and its static imports, followed; dynamic imports are not. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
    staticGraph(join(dirname(file), spec), seen);
  }
  return seen;
}

test('a live proxy does not load the simulator: the Worker script and the proxy package\'s proxy, node and worker entries', () => {
  const marker = /A000000677010112|class Simulator|sandbox\.invalid/;
  for (const entry of ['dist/worker/worker.js', 'packages/proxy/dist/proxy.js', 'packages/proxy/dist/node.js', 'packages/proxy/dist/worker.js']) {
    const graph = staticGraph(entry);
    for (const file of graph) assert.doesNotMatch(readFileSync(file, 'utf8'), marker, `${entry} loads ${file}, which carries the simulator`);
    const loaded = [...graph].map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(loaded, /import\(["']\.\/in-process-[\w-]+\.js["']\)/, `${entry} imports the sandbox only on demand`);
  }
  const chunk = readdirSync('dist/worker').find((f) => f.startsWith('in-process-'));
  assert.ok(chunk && marker.test(readFileSync(join('dist/worker', chunk), 'utf8')), 'the sandbox is a chunk of its own');
  const worker = [...staticGraph('dist/worker/worker.js')].map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.doesNotMatch(worker, /__vitePreload|modulepreload/, "the Worker carries no browser preloader: it has no document");
});

test('a TypeScript user gets the published types: the element, its typed events, the server helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-consumer-'));
  const types = resolve('dist/npm/types');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2022', 'DOM'], types: [] }, include: ['a.ts'] }),
  );
  writeFileSync(
    join(dir, 'a.ts'),
    `import type { MaemaneePay, PaidDetail } from '${types}/widget/define.js';
import type { PaymentEvent } from '${types}/server-kit/index.js';
const el = document.createElement('maemanee-pay') satisfies MaemaneePay;
el.addEventListener('maemanee-paid', (e) => { const d: PaidDetail = e.detail; console.log(d.receipt); });
el.addEventListener('maemanee-error', (e) => console.log(e.detail.retryable));
export const event: PaymentEvent | undefined = undefined;
`,
  );
  execFileSync(resolve('node_modules/.bin/tsc'), ['-p', dir], { stdio: 'pipe' });
});

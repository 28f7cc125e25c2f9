/**
 * The architecture, held by a test: which folder may import which, that the runtime-agnostic core imports no runtime,
 * and that no module imports itself through others. A wrong import fails with the rule it breaks, in a sentence.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The folders whose code ships, in one package or another. */
const SHIPPED = ['contract', 'widget', 'pay-page', 'console', 'server-kit', 'proxy', 'sandbox', 'cli'];

interface Import {
  from: string;
  /** A repository path for a relative import, else the package or runtime module's name. */
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map(([, , type, staticSpec, dynamicSpec]) => {
    const spec = (staticSpec ?? dynamicSpec).replace(/\?.*$/, '');
    const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec;
    return { from: file, to, typeOnly: Boolean(type) };
  });
}

const all = SHIPPED.flatMap(sources).flatMap(importsOf);
const under = (path: string, folders: readonly string[]) => folders.some((f) => path === f || path.startsWith(f.endsWith('/') || f.endsWith('.ts') ? f : `${f}/`));
const pkg = (name: string, packages: readonly string[]) => packages.some((p) => name === p || name.startsWith(`${p}/`));

interface Rule {
  /** Whose imports the rule is about. */
  files: readonly string[];
  /** Files it applies to after all. */
  except?: readonly string[];
  /** The only repository folders and packages they may import (beside their own folder). */
  folders?: readonly string[];
  packages?: readonly string[];
  /** Repository folders and packages they must not import. */
  notFolders?: readonly string[];
  notPackages?: readonly string[];
  why: string;
}

const RUNTIMES = ['node:', '@hono/node-server', '@libsql', 'cloudflare:', 'postgres'];

const RULES: Rule[] = [
  { files: ['contract'], folders: [], packages: [], why: 'the contract is the types and constants every part shares, so it imports nothing' },
  {
    files: ['widget'],
    folders: ['widget', 'contract'],
    packages: ['lit', '@lit'],
    why: 'the element ships to browsers in one CDN file: it imports only Lit and the contract',
  },
  {
    files: ['pay-page'],
    folders: ['pay-page', 'contract'],
    packages: [],
    why: "the pay pages' script runs in the buyer's browser from the proxy's own origin, under its strict CSP: it imports only the contract",
  },
  {
    files: ['console'],
    folders: ['console', 'contract'],
    packages: ['lit', '@lit', '@simplewebauthn/browser', 'uqr'],
    why: "the seller's console is a browser app the proxy serves: it imports only Lit, the passkey and QR libraries, and the contract",
  },
  {
    files: ['server-kit'],
    folders: ['server-kit', 'contract'],
    packages: ['jose'],
    why: "the shop's server helpers (maemanee-pay/server) run in any runtime: no runtime module, no Hono, no SQLite, nothing of the proxy",
  },
  {
    files: ['proxy'],
    notFolders: ['cli', 'sandbox', 'demo', 'test', 'scripts'],
    except: ['proxy/create-proxy.ts'],
    why: 'the proxy app imports no command code, and the sandbox only where it is chosen (proxy/create-proxy.ts, in sandbox mode): a live deployment never loads it',
  },
  {
    files: ['proxy/create-proxy.ts'],
    notFolders: ['cli', 'demo', 'test', 'scripts'],
    why: 'the proxy app imports no command code',
  },
  {
    files: ['proxy'],
    except: ['proxy/runtime', 'proxy/ledger/libsql.ts', 'proxy/ledger/busy.ts', 'proxy/ledger/durable-object.ts', 'proxy/ledger/postgres.ts'],
    notPackages: RUNTIMES,
    why: "the proxy's core is runtime-agnostic: only its entries (proxy/runtime/) and the ledger's engines import a runtime or a driver",
  },
  {
    files: ['sandbox'],
    notFolders: ['cli', 'demo', 'test', 'scripts'],
    why: 'the simulator imports no command code',
  },
  {
    files: ['cli', 'sandbox', 'server-kit', 'widget', 'pay-page', 'console', 'contract'],
    notFolders: ['demo', 'test', 'scripts'],
    why: 'shipped code imports nothing from the demo, the tests or the scripts',
  },
];

function breaks(rule: Rule, i: Import): boolean {
  const relativeImport = !/^[@a-z]/.test(i.to) || SHIPPED.some((f) => under(i.to, [f])) || ['demo', 'test', 'scripts', 'dist'].some((f) => under(i.to, [f]));
  if (relativeImport) {
    if (rule.folders && !under(i.to, rule.folders) && !under(i.to, rule.files)) return true;
    return Boolean(rule.notFolders && under(i.to, rule.notFolders));
  }
  if (rule.packages && !pkg(i.to, rule.packages)) return true;
  return Boolean(rule.notPackages && rule.notPackages.some((p) => i.to.startsWith(p)));
}

test('each folder imports only what its rule allows', () => {
  const broken = RULES.flatMap((rule) =>
    all
      .filter((i) => under(i.from, rule.files) && !(rule.except && under(i.from, rule.except)))
      .filter((i) => breaks(rule, i))
      .map((i) => `${i.from} imports ${i.to}: ${rule.why}`),
  );
  assert.deepEqual(broken, []);
});

test('the rules catch a wrong import', () => {
  const sentence = (from: string, to: string) =>
    RULES.filter((rule) => under(from, rule.files) && !(rule.except && under(from, rule.except)) && breaks(rule, { from, to, typeOnly: false })).map((r) => r.why);
  assert.match(sentence('widget/api.ts', 'proxy/config.ts').join(), /imports only Lit and the contract/);
  assert.match(sentence('pay-page/form.ts', 'widget/save-qr.ts').join(), /imports only the contract/);
  assert.match(sentence('pay-page/form.ts', 'lit').join(), /imports only the contract/);
  assert.match(sentence('server-kit/tokens.ts', 'hono/jwt').join(), /no Hono/);
  assert.match(sentence('console/api.ts', 'widget/views/money.ts').join(), /only Lit, the passkey and QR libraries/);
  assert.match(sentence('console/api.ts', 'hono').join(), /only Lit, the passkey and QR libraries/);
  assert.match(sentence('proxy/http/app.ts', 'cli/main.ts').join(), /no command code/);
  assert.match(sentence('proxy/payments/service.ts', 'sandbox/simulator.ts').join(), /only where it is chosen/);
  assert.match(sentence('proxy/payments/service.ts', 'node:fs').join(), /runtime-agnostic/);
  assert.deepEqual(sentence('proxy/create-proxy.ts', 'sandbox/in-process.ts'), []);
  assert.deepEqual(sentence('proxy/runtime/node.ts', 'node:fs'), []);
});

test('no module imports itself through others (type-only imports count)', () => {
  const graph = new Map<string, string[]>();
  for (const i of all) if (SHIPPED.some((f) => under(i.to, [f]))) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('the scan reads every import form the code uses', () => {
  const found = importsOf('proxy/create-proxy.ts').map((i) => i.to);
  assert.ok(found.includes('sandbox/in-process.ts'), `a dynamic import: ${found}`);
  assert.ok(importsOf('widget/maemanee-pay.ts').some((i) => i.to === 'lit'));
  assert.ok(all.some((i) => i.typeOnly), 'type-only imports');
  assert.ok(all.length > 300, `${all.length} imports`);
  assert.equal(relative(root, join(root, 'proxy')), 'proxy');
});

/**
 * The README against what it describes: every error code the proxy sends is in its table (and nothing else is),
 * every `maemanee-pay` command it shows parses as the command would parse it, every `npm run` script exists, and
 * every local link and anchor leads somewhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCommandArgs } from '../../cli/command.ts';
import { COMMANDS } from '../../cli/main.ts';

const readme = readFileSync('README.md', 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

test('the README\'s error table lists every code the proxy sends, and only those', () => {
  const sent = new Set<string>();
  for (const file of ['proxy', 'server-kit', 'sandbox'].flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of [/ApiError\(\s*\d+,\s*'([a-z_]+)'/g, /errorBody\('([a-z_]+)'/g, /\berror\('([a-z_]+)'/g, /new TokenError\('([a-z_]+)'/g]) {
      for (const [, code] of text.matchAll(pattern)) sent.add(code);
    }
  }
  assert.ok(sent.size > 30, `only ${sent.size} codes found in the source`);
  const table = readme.slice(readme.indexOf('| status | code | meaning |'), readme.indexOf('A create from a browser is a CORS simple request'));
  const listed = new Set([...table.matchAll(/^\| \d{3} \| ([^|]+)\|/gm)].flatMap(([, codes]) => [...codes.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])));
  assert.deepEqual([...sent].filter((c) => !listed.has(c)).sort(), [], 'sent but not in the README');
  assert.deepEqual([...listed].filter((c) => !sent.has(c)).sort(), [], 'in the README but never sent');
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

test('every maemanee-pay command the README shows is one the command accepts, as written', () => {
  const lines = [...readme.matchAll(/npx maemanee-pay ([^`\n]*)/g)].map((m) => m[1]).filter((l) => !l.startsWith('…') && !l.startsWith('<command>'));
  assert.ok(lines.length >= 15, `only ${lines.length} commands found`);
  for (const line of lines) {
    let args = words(line);
    if (args[0] === '--env') args = args.slice(2);
    if (args[0] === '--help' || args[0] === '--version') continue;
    const command = COMMANDS.find((c) => c.name === args[0]);
    assert.ok(command, `README: "maemanee-pay ${line}": no command ${args[0]}`);
    assert.doesNotThrow(() => parseCommandArgs(command, args.slice(1)), `README: "maemanee-pay ${line}"`);
  }
});

test('every npm script the README names exists', () => {
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
  for (const [, name] of readme.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[name], `npm run ${name}`);
});

test('every local link and anchor in the README leads somewhere', () => {
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
  const anchors = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map(([, h]) => slug(h)));
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^https?:/.test(target)) continue;
    if (target.startsWith('#')) assert.ok(anchors.has(decodeURIComponent(target.slice(1))), `no heading for ${target}`);
    else assert.ok(existsSync(target.split('#')[0]), `no file ${target}`);
  }
});

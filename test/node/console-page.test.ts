/**
 * The seller's console as the proxy serves it from the build (`dist/console.json`): the page under its CSP, its
 * scripts immutable by their hashed names, the manifest and icons a phone installs it with, ETags and 304s, and a
 * first load within its budget. These read `dist/`, which `npm test` builds first (`npm run build`).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createProxy } from '../../proxy/create-proxy.ts';
import { loadConfig } from '../../proxy/config.ts';
import { CONSOLE_CSP } from '../../proxy/http/routes/console-app.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { readConsoleBuild } from '../../proxy/runtime/build-files.ts';
import { CONSOLE_FIRST_LOAD_BUDGET_BYTES } from '../../scripts/budgets.ts';

assert.ok(existsSync('dist/console.json'), 'dist/console.json is missing: run npm run build');

const proxy = async (withConsole = true) =>
  createProxy(loadConfig({ MAEMANEE_UPSTREAM: 'sandbox' }, 'node'), {
    log: () => {},
    ledger: await openSqliteLedger(':memory:'),
    consoleApp: withConsole ? readConsoleBuild : undefined,
  });

/** The page's own script: the one module script it names. */
const entryOf = (page: string) => /<script type="module" crossorigin src="\.\/(assets\/[\w.-]+\.js)"><\/script>/.exec(page)?.[1];

test('/console/ is the page, under a strict CSP with Trusted Types, revalidated each time; /console sends the browser there', async () => {
  const app = await proxy();
  const moved = await app.request('/console');
  assert.deepEqual([moved.status, moved.headers.get('location')], [308, 'console/']);
  const page = await app.request('/console/');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP);
  assert.match(CONSOLE_CSP, /script-src 'self';/);
  assert.match(CONSOLE_CSP, /require-trusted-types-for 'script'; trusted-types lit-html$/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline style');
  assert.match(html, /<html lang="th">/);
  assert.match(html, /<link rel="manifest" href="\.\/manifest\.webmanifest"/);
  assert.ok(entryOf(html), 'the page names its script by a relative, hashed name');
  const etag = page.headers.get('etag')!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await app.request('/console/', { headers: { 'if-none-match': `W/${etag}` } });
  assert.equal(again.status, 304);
});

test("the console's scripts are immutable, and each file is the build's byte for byte", async () => {
  const app = await proxy();
  const html = await (await app.request('/console/')).text();
  const entry = entryOf(html)!;
  const script = await app.request(`/console/${entry}`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await script.text(), readFileSync(`dist/console/${entry}`, 'utf8'));
  assert.equal((await app.request(`/console/${entry}`, { headers: { 'if-none-match': script.headers.get('etag')! } })).status, 304);
  const icon = await app.request('/console/icon-192.png');
  assert.equal(icon.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await icon.arrayBuffer()).equals(readFileSync('dist/console/icon-192.png')));
  assert.equal((await app.request('/console/assets/nothing-123.js')).status, 404);
  assert.equal((await app.request('/console/nothing.png')).status, 404);
});

/** A PNG's width and height, from its header. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

test('the manifest installs the console from /console/: Thai names, standalone, its theme, icons of 192 and 512 with a maskable one', async () => {
  const app = await proxy();
  const answer = await app.request('/console/manifest.webmanifest');
  assert.equal(answer.headers.get('content-type'), 'application/manifest+json');
  const manifest = await answer.json();
  assert.match(manifest.name, /[\u0E00-\u0E7F]/);
  assert.match(manifest.short_name, /[\u0E00-\u0E7F]/);
  assert.ok(manifest.short_name.length <= 12, 'a short name a home screen shows whole');
  // Relative to the manifest's own URL, /console/manifest.webmanifest: /console/, wherever the proxy is mounted.
  assert.equal(new URL(manifest.start_url, 'https://pay.example/console/manifest.webmanifest').pathname, '/console/');
  assert.equal(new URL(manifest.scope, 'https://pay.example/console/manifest.webmanifest').pathname, '/console/');
  assert.equal(manifest.display, 'standalone');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i: { sizes: string; purpose: string }) => i.sizes === `${size}x${size}` && i.purpose === 'any');
    assert.ok(icon, `an icon of ${size}`);
    const png = Buffer.from(await (await app.request(`/console/${icon.src}`)).arrayBuffer());
    assert.deepEqual(pngSize(png), [size, size]);
  }
  const maskable = manifest.icons.find((i: { purpose: string }) => i.purpose === 'maskable');
  assert.deepEqual(pngSize(Buffer.from(await (await app.request(`/console/${maskable.src}`)).arrayBuffer())), [512, 512]);
});

test('a proxy without the build says so; the console routes leave /console/api/ to the API', async () => {
  const bare = await proxy(false);
  const answer = await bare.request('/console/');
  assert.equal(answer.status, 404);
  assert.match((await answer.json()).error.message, /npm run build/);
  const app = await proxy();
  const api = await app.request('/console/api/export.csv?from=2026-01-01&to=2026-01-02');
  assert.doesNotMatch(api.headers.get('content-type') ?? '', /text\/csv|javascript|image/);
  assert.notEqual((await api.text()).includes('No such file in the console'), true, 'not answered by the console files');
});

test(`the console's first load (its page and its script) is at most ${CONSOLE_FIRST_LOAD_BUDGET_BYTES} bytes gzipped; the owner's views and passkeys are chunks of their own`, () => {
  const html = readFileSync('dist/console/index.html', 'utf8');
  const entry = readFileSync(`dist/console/${entryOf(html)}`);
  const bytes = gzipSync(html, { level: 9 }).length + gzipSync(entry, { level: 9 }).length;
  assert.ok(bytes <= CONSOLE_FIRST_LOAD_BUDGET_BYTES, `the console's first load is ${bytes} bytes gzipped, over ${CONSOLE_FIRST_LOAD_BUDGET_BYTES}`);
  assert.doesNotMatch(entry.toString(), /ERROR_CEREMONY_ABORTED|"console-links":/, 'no passkey library and no owner view defined in the first load');
  assert.match(entry.toString(), /"console-today":/);
  assert.match(entry.toString(), /import\(`\.\/owner-[\w-]+\.js`\)/);
});

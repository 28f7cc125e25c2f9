/**
 * The packages as a merchant installs them: each tarball `npm pack` makes, installed with `--omit=dev` into an empty
 * folder, then used the way the README says. Reads the build (`npm test` builds first); installs from npm's cache
 * where it can (`--prefer-offline`), so it works wherever `npm ci` has run.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { deadUrl, startCommand, stopProxyProcesses } from '../helpers/servers.ts';

const run = promisify(execFile);
after(() => stopProxyProcesses());

const packs = mkdtempSync(join(tmpdir(), 'maemanee-packs-'));
let elementTarball = '';
let proxyTarball = '';

before(async () => {
  for (const dir of ['.', 'packages/proxy']) {
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: dir });
    const file = join(packs, JSON.parse(stdout)[0].filename);
    if (dir === '.') elementTarball = file;
    else proxyTarball = file;
  }
});

/** An empty project with the tarball installed as a merchant would, and what npm said while installing it. */
async function install(tarball: string): Promise<{ dir: string; npmSaid: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-install-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
  const { stdout, stderr } = await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
  return { dir, npmSaid: stdout + stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const packagesIn = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')).packages as Record<string, unknown>;

test('a front-end install of maemanee-pay brings Lit and nothing native, no server framework, no engine warning', async () => {
  const { dir, npmSaid } = await install(elementTarball);
  assert.doesNotMatch(npmSaid, /EBADENGINE/);
  const installed = Object.keys(packagesIn(dir)).map((p) => p.replace(/^node_modules\//, ''));
  assert.deepEqual(installed.filter((p) => /hono|libsql|sqlite/.test(p)), []);
  assert.deepEqual(filesUnder(join(dir, 'node_modules')).filter((f) => f.endsWith('.node')), [], 'no native binary');
  assert.ok(installed.length <= 8, `${installed.length} packages: ${installed.join(', ')}`);
  // The helpers a merchant's server imports work from the install alone.
  const script = `import { signOrder, verifyReceipt, newWebhookSecret, signWebhook, verifyWebhook } from 'maemanee-pay/server';
const order = await signOrder('x'.repeat(40), { amount: 50, ref1: 'order-1' });
const secret = newWebhookSecret();
const body = JSON.stringify({ id: 'payment.paid:1', type: 'payment.paid', created: '', data: { id: '1', ref1: 'o', amount: 5, paidAt: '', late: false, sandbox: false } });
const ts = Math.floor(Date.now() / 1000);
const event = await verifyWebhook(secret, body, { 'webhook-id': 'payment.paid:1', 'webhook-timestamp': String(ts), 'webhook-signature': await signWebhook([secret], 'payment.paid:1', ts, body) });
console.log(order.split('.').length, event.data.id, typeof verifyReceipt);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
  assert.equal(stdout.trim(), '3 1 function');
});

test('the proxy package: npx maemanee-pay proxy answers /health and serves the element; secret; --help', async () => {
  const { dir, npmSaid } = await install(proxyTarball);
  assert.doesNotMatch(npmSaid, /EBADENGINE/);
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', MAEMANEE_DB: join(dir, 'sandbox.sqlite') };
  for (const name of ['TMWEASY_USER', 'TMWEASY_PASSWORD', 'TMWEASY_CON_ID', 'MAEMANEE_SECRET', 'MAEMANEE_UPSTREAM']) delete env[name];

  const help = (await run('npx', ['maemanee-pay', '--help'], { cwd: dir, env })).stdout;
  for (const command of ['proxy', 'sandbox', 'doctor', 'migrate', 'secret', 'link', 'console', 'payments', 'events', 'verify']) assert.match(help, new RegExp(`^  ${command} `, 'm'));
  assert.match((await run('npx', ['maemanee-pay', 'secret'], { cwd: dir, env })).stdout, /^[A-Za-z0-9_-]{64}\n$/);
  assert.match((await run('npx', ['maemanee-pay', 'secret', '--webhook'], { cwd: dir, env })).stdout, /^whsec_[A-Za-z0-9+/]{43}=\n$/);

  const proxy = await startCommand(['npx', 'maemanee-pay', 'proxy', '--port', '0'], { cwd: dir, env, ready: /listening on (http:\/\/\S+)/ });
  try {
    const url = proxy.match![1];
    const health = await (await fetch(`${url}/health`)).json();
    assert.deepEqual(health, { ok: true, mode: 'sandbox', upstream: 'ok', ledger: 'ok' });
    const element = await (await fetch(`${url}/maemanee-pay.js`)).text();
    assert.equal(element, readFileSync('dist/maemanee-pay.js', 'utf8'), 'the element the package carries');
  } finally {
    await proxy.stop();
  }
  assert.doesNotMatch(proxy.output(), /Error|at .*\.js:\d+/, 'stopped cleanly');
});

test('npx maemanee-pay doctor against the standalone simulator: good credentials, a wrong password, a dead first host, a missing field', async () => {
  const { dir } = await install(proxyTarball);
  const sandbox = await startCommand(['npx', 'maemanee-pay', 'sandbox', '--port', '0', '--mirror-port', '0'], {
    cwd: dir,
    env: { ...process.env, HOST: '127.0.0.1' },
    ready: /api_mn\.php\n[^]*?(http:\/\/\S+\/api_mn\.php)\n/,
  });
  const hosts = [...sandbox.output().matchAll(/(http:\/\/\S+\/api_mn\.php)/g)].map((m) => m[1]);
  const secret = 'doctor-test-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
  const env = {
    ...process.env,
    LC_ALL: 'C.UTF-8', // the report in English, whatever this machine's locale
    TMWEASY_USER: 'sandbox',
    TMWEASY_PASSWORD: 'sandbox-password',
    TMWEASY_CON_ID: '1',
    MAEMANEE_SECRET: secret,
    MAEMANEE_UPSTREAM: hosts.join(','),
    MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com',
    MAEMANEE_DB: join(dir, 'ledger.sqlite'),
  };
  const doctor = async (extra: Record<string, string> = {}) => {
    try {
      const { stdout } = await run('npx', ['maemanee-pay', 'doctor'], { cwd: dir, env: { ...env, ...extra } });
      return { status: 0, out: stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { status: e.code, out: e.stdout + e.stderr };
    }
  };
  const noSecrets = (out: string) => {
    for (const value of [secret, 'sandbox-password']) assert.ok(!out.includes(value), 'no secret in the report');
    assert.match(out, new RegExp(`MAEMANEE_SECRET …${secret.slice(-4)}:`), 'the secret as …wxyz');
  };
  try {
    const good = await doctor();
    assert.equal(good.status, 0, good.out);
    assert.equal(good.out.match(/✓ host \d \S+ accepts your credentials and con_id/g)?.length, 2, good.out);
    assert.match(good.out, /✓ status +number\n +✓ msg +string/);
    noSecrets(good.out);

    const wrong = await doctor({ TMWEASY_PASSWORD: 'not-the-password' });
    assert.equal(wrong.status, 1);
    assert.match(wrong.out, /✗ host 1 \S+ refuses your username or password: it answers "[^"]+", as it does a made-up login/);
    assert.ok(!wrong.out.includes('not-the-password'));

    const dead = await doctor({ MAEMANEE_UPSTREAM: `${await deadUrl()},${hosts[0]}` });
    assert.equal(dead.status, 1);
    assert.match(dead.out, /✗ host 1 127\.0\.0\.1:\d+: upstream refused the connection/);
    assert.match(dead.out, /✓ host 2 \S+ accepts your credentials/);
    assert.match(dead.out, /! only one host works/);

    const put = (fault: object) => fetch(new URL('/sandbox/fault', hosts[0]), { method: 'PUT', body: JSON.stringify(fault) });
    await put({ kind: 'drop', field: 'msg', methods: ['detail_pay'] });
    const missing = await doctor({ MAEMANEE_UPSTREAM: hosts[0] });
    await put({ kind: 'none' });
    assert.equal(missing.status, 1);
    assert.match(missing.out, /✗ msg +missing: the proxy expects a string/);
    assert.match(missing.out, /cannot tell whether it accepts your credentials/);
  } finally {
    await sandbox.stop();
  }
});

test('the element package and the proxy package install side by side: the proxy serves the element the element package carries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-install-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
  await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', elementTarball, proxyTarball], { cwd: dir });
  assert.equal(
    readFileSync(join(dir, 'node_modules/maemanee-pay/dist/maemanee-pay.js'), 'utf8'),
    readFileSync(join(dir, 'node_modules/@maemanee-pay/proxy/dist/maemanee-pay.js'), 'utf8'),
  );
  const { stdout } = await run('npx', ['maemanee-pay', '--version'], { cwd: dir });
  assert.equal(stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version, 'the command is the proxy package\'s');
});

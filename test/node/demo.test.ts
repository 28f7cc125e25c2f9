/**
 * The demo as `npm start` runs it, in a process of its own: what it prints to try pay links works as printed. The
 * demo in this process: test/fast/demo.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startCommand } from '../helpers/servers.ts';

/** The words of a shell command line as a shell would pass them, quotes removed. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(([, double, single, bare]) => double ?? single ?? bare);

test('npm start prints, under the shop, a command that makes a pay link on its proxy as printed; the link pays, and verify --sandbox checks its receipt, with no secret to copy; its console sign-in link signs in once', async () => {
  const environment = { PATH: process.env.PATH, HOME: process.env.HOME };
  const demo = await startCommand([process.execPath, '--import', 'tsx', 'demo/start.ts'], { env: { ...environment, PORT: '0', PROXY_PORT: '0' }, ready: /Press Ctrl\+C/ });
  try {
    const banner = demo.output();
    const shop = /Open the shop: +(\S+)\n +Make a pay link: +(npx maemanee-pay [^\n]+)\n/.exec(banner);
    assert.ok(shop, banner);
    const [npx, name, ...args] = words(shop[2]);
    assert.deepEqual([npx, name], ['npx', 'maemanee-pay']);
    // `npx maemanee-pay` in a clone runs the command's build, and the README's `maemanee-pay/server` snippets the npm
    // package's (dist/npm/server.js), and the pay pages need their script: npm start makes them all before it starts the
    // demo (the console's too, which the proxy's build carries).
    assert.match(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start, /^vite build && vite build --mode page && vite build --mode npm && vite build --mode console && vite build --mode proxy && /);
    const cli = (argv: string[], input = '') => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/bin.ts', ...argv], { env: environment, input, encoding: 'utf8' });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    const made = cli(args);
    assert.equal(made.status, 0, made.stderr);
    const url = made.stdout.split('\n')[0];
    const endpoint = args[args.indexOf('--endpoint') + 1];
    assert.ok(url.startsWith(`${endpoint}/pay/`), made.stdout);

    // The page's element pays it from the proxy's own origin.
    const page = await (await fetch(url)).text();
    const order = /order="([^"]+)"/.exec(page)?.[1];
    assert.ok(order, page);
    const create = await fetch(`${endpoint}/v1/payments`, { method: 'POST', headers: { origin: new URL(endpoint).origin, 'content-type': 'text/plain' }, body: JSON.stringify({ order }) });
    assert.equal(create.status, 201, await create.clone().text());
    const bill = await create.json();
    assert.ok((await fetch(`${endpoint}/sandbox/payments/${bill.id}/pay`, { method: 'POST' })).ok);
    const confirmed = await (await fetch(`${endpoint}/v1/payments/${bill.id}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${bill.token}`, origin: new URL(endpoint).origin } })).json();
    assert.equal(confirmed.status, 'paid');

    const checked = cli(['verify', '--sandbox'], confirmed.receipt);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, new RegExp(`^valid receipt: bill ${bill.id}, ref1 link-[\\w-]+, ฿250\\.00, [^\\n]*\\(sandbox: no money moved\\)\\n$`));
    const payments = cli(['payments', '--endpoint', endpoint, '--json']);
    assert.equal(payments.status, 0, payments.stderr);
    assert.ok(JSON.parse(payments.stdout).payments.some((p: { id: string; status: string }) => p.id === bill.id && p.status === 'paid'));

    // The owner's sign-in link to the console, on localhost, signs in once; the command printed beside it makes another.
    const owner = /Console \(owner\): +(http:\/\/localhost:\d+)\/console\/#\/signin\/([\w-]+)\n +\(signs in once, within 10 minutes; another: (npx maemanee-pay [^)]+)\)\n/.exec(banner);
    assert.ok(owner, banner);
    const signIn = (invite: string) =>
      fetch(`${owner[1]}/console/api/session`, { method: 'POST', headers: { origin: owner[1], 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    const signed = await signIn(owner[2]);
    assert.equal(signed.status, 200, await signed.clone().text());
    assert.equal((await signIn(owner[2])).status, 401, 'once');
    const another = cli(words(owner[3]).slice(2).concat('--json'));
    assert.equal(another.status, 0, another.stderr);
    assert.ok(JSON.parse(another.stdout).url.startsWith(`${owner[1]}/console/#/signin/`));
  } finally {
    await demo.stop();
  }
});

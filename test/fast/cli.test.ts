/**
 * The `maemanee-pay` command, run in this process as the executable runs it (test/helpers/command.ts), against a live
 * proxy (live mode in front of two simulator hosts, webhooks to a receiver that verifies with the npm
 * `standardwebhooks` library): link, payments, events (and --follow), verify, doctor (and --pay), --help everywhere,
 * one clear line on every refusal, no secret in any output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { Webhook } from 'standardwebhooks';
import { sign } from 'hono/jwt';
import { call, overHttp, payBill } from '../helpers/flow.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { SANDBOX_SECRET, SANDBOX_WEBHOOK_SECRET } from '../../proxy/config.ts';
import { signReceipt } from '../../proxy/tokens.ts';
import { csvRecords } from '../../proxy/csv.ts';
import { signWebhook } from '../../server-kit/webhook-signature.ts';
import { runCli, startCli } from '../helpers/command.ts';
import { deadUrl, simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

const PUBLIC_URL = 'https://pay.example.com';

let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let env: Record<string, string>;
const deliveries: { headers: Record<string, string>; body: string; type: string }[] = [];
let receiver: Awaited<ReturnType<typeof listen>>;

before(async () => {
  upstreams = await startUpstreams();
  const proxyEnv = simulatorProxyEnv(upstreams.urls, { MAEMANEE_PUBLIC_URL: PUBLIC_URL, MAEMANEE_RECONCILE_SECONDS: '1' });
  const wh = new Webhook(proxyEnv.MAEMANEE_WEBHOOK_SECRET);
  receiver = await listen(async (request) => {
    const body = await request.text();
    const headers = Object.fromEntries(request.headers);
    try {
      const event = wh.verify(body, headers) as { type: string };
      deliveries.push({ headers, body, type: event.type });
      return new Response(null, { status: 204 });
    } catch {
      return new Response('bad signature', { status: 400 });
    }
  });
  proxy = await startNodeProxy({ ...proxyEnv, MAEMANEE_WEBHOOK_URL: `${receiver.url}/hook` }, 0, { log: () => {} });
  // What the merchant's own shell has: the proxy's settings, and where it is.
  env = { ...proxyEnv, MAEMANEE_WEBHOOK_URL: `${receiver.url}/hook`, MAEMANEE_ENDPOINT: proxy.url };
});

after(async () => {
  await proxy?.close();
  await receiver?.close();
  await upstreams?.close();
});

/** The command as a merchant runs it in the shell that has the proxy's settings, with standard input if given. */
const cli = (args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) =>
  runCli(args, { env: { PATH: process.env.PATH, ...(options.env ?? env) }, input: options.input });

const secretsIn = (text: string) => [env.MAEMANEE_SECRET, env.MAEMANEE_WEBHOOK_SECRET, env.TMWEASY_PASSWORD].filter((s) => text.includes(s));

/** A refusal: exit status 1 and exactly one line, naming the command. */
function refused(result: { status: number; stdout: string; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^maemanee-pay[^\n]*\n$/, `one line: ${result.stderr}`);
  assert.match(result.stderr, pattern);
}

const paidBill = (ref1: string, amount = 70) => payBill(overHttp(proxy.url), upstreams.simulator, ref1, amount);

/** The terminal QR read back into modules, drawn as an image, and decoded by jsQR, an independent decoder. */
function readTerminalQr(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => /^[█▀▄ ]+$/.test(l) && l.includes('█'));
  const dark: boolean[][] = [];
  for (const line of lines) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const ch of line) {
      top.push(ch === ' ' || ch === '▄');
      bottom.push(ch === ' ' || ch === '▀');
    }
    dark.push(top, bottom);
  }
  const scale = 4;
  const width = dark[0].length * scale;
  const height = dark.length * scale;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = dark[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return jsQR(rgba, width, height)?.data;
}

test('--help for every command; a bad command, a bad option, a missing argument: one line and exit 1', async () => {
  const overview = await cli(['--help']);
  assert.equal(overview.status, 0);
  const names = [...overview.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]);
  assert.deepEqual(names, ['proxy', 'sandbox', 'doctor', 'migrate', 'secret', 'link', 'console', 'payments', 'events', 'verify']);
  const helps = await Promise.all(names.map((name) => cli([name, '--help'])));
  for (const [i, help] of helps.entries()) {
    assert.equal(help.status, 0);
    assert.match(help.stdout, new RegExp(`^Usage: maemanee-pay ${names[i]} `));
  }
  refused(await cli(['refund']), /no command "refund"/);
  refused(await cli(['payments', '--colour']), /unknown option '--colour'/);
  refused(await cli(['link', '250']), /give an amount and a description/);
  refused(await cli(['payments', '--status', 'lost']), /--status must be one of/);
  refused(await cli(['events'], { env: { ...env, MAEMANEE_ENDPOINT: '' } }), /which proxy\?/);
  refused(await cli(['payments'], { env: { ...env, MAEMANEE_SECRET: '' } }), /MAEMANEE_SECRET is not set/);
  refused(await cli(['payments'], { env: { ...env, MAEMANEE_SECRET: 'x'.repeat(40) } }), /401 invalid_token/);
  // A missing file is one line and exit 1 (the option is --env: Node itself stops on a missing --env-file, exit 9).
  refused(await cli(['--env', '/nonexistent/.dev.vars', 'doctor']), /^maemanee-pay: cannot read \/nonexistent\/\.dev\.vars: ENOENT\n$/);
  refused(await cli(['--env']), /^maemanee-pay: --env needs a file name\n$/);
});

test('--env: settings from a file, under those already set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-env-'));
  writeFileSync(join(dir, '.dev.vars'), `MAEMANEE_ENDPOINT=${proxy.url}\nMAEMANEE_SECRET="${env.MAEMANEE_SECRET}"\n`);
  const { MAEMANEE_ENDPOINT: _endpoint, MAEMANEE_SECRET: _secret, ...rest } = env;
  const listed = await cli(['--env', join(dir, '.dev.vars'), 'payments', '--limit', '1', '--json'], { env: rest });
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(Array.isArray(JSON.parse(listed.stdout).payments));
  refused(await cli(['--env', join(dir, '.dev.vars'), 'payments'], { env: { ...rest, MAEMANEE_SECRET: 'y'.repeat(40) } }), /401/);
  // As one word too, as Node's own --env-file=FILE is often written.
  const joined = await cli([`--env=${join(dir, '.dev.vars')}`, 'payments', '--limit', '1', '--json'], { env: rest });
  assert.equal(joined.status, 0, joined.stderr);
  assert.ok(Array.isArray(JSON.parse(joined.stdout).payments));
  refused(await cli(['--env=/nonexistent/.dev.vars', 'doctor']), /^maemanee-pay: cannot read \/nonexistent\/\.dev\.vars: ENOENT\n$/);
  refused(await cli(['--env=']), /^maemanee-pay: --env needs a file name\n$/);
});

test('proxy (and sandbox) on a port already in use or an address the machine lacks: one line, exit 1, and no ledger file made', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-inuse-'));
  try {
    const result = await cli(['proxy', '--port', String(port)], { env: { PATH: process.env.PATH, MAEMANEE_DB: join(dir, 'ledger', 'ledger.sqlite') } });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.equal(result.stderr, `maemanee-pay proxy: port ${port} is in use: another program listens on 127.0.0.1:${port}; stop it, or choose another port with --port\n`);
    assert.ok(!existsSync(join(dir, 'ledger')), 'no ledger made for a proxy that never served');
    const sandbox = await cli(['sandbox', '--port', '0', '--mirror-port', String(port)], { env: { PATH: process.env.PATH } });
    assert.deepEqual([sandbox.status, sandbox.stderr], [1, `maemanee-pay sandbox: port ${port} is in use: another program listens on 127.0.0.1:${port}; stop it, or choose another port with --mirror-port\n`]);
    const elsewhere = await cli(['proxy', '--port', '0', '--host', '192.0.2.1'], { env: { PATH: process.env.PATH, MAEMANEE_DB: join(dir, 'ledger', 'ledger.sqlite') } });
    assert.deepEqual([elsewhere.status, elsewhere.stderr], [1, 'maemanee-pay proxy: cannot listen on 192.0.2.1: this machine has no such address (--host, or HOST)\n']);
    assert.ok(!existsSync(join(dir, 'ledger')));
  } finally {
    taken.close();
  }
});

test('secret: a new signing secret or webhook secret each time', async () => {
  const [a, b, w] = await Promise.all([cli(['secret']), cli(['secret']), cli(['secret', '--webhook'])]);
  assert.match(a.stdout, /^[A-Za-z0-9_-]{64}\n$/);
  assert.notEqual(a.stdout, b.stdout);
  assert.match(w.stdout, /^whsec_[A-Za-z0-9+/]{43}=\n$/);
});

test('link 250 "Red shirt": the link\'s URL and a QR of it; refusals from the proxy in one line', async () => {
  const made = await cli(['link', '250', 'Red shirt', '--ref1', 'link-chat-42']);
  assert.equal(made.status, 0, made.stderr);
  const url = /^(https:\/\/pay\.example\.com\/pay\/[\w-]+)\n/.exec(made.stdout)?.[1];
  assert.ok(url, made.stdout);
  assert.equal(readTerminalQr(made.stdout), url, 'the QR is the link');
  assert.match(made.stdout, /฿250\.00 Red shirt\nref1 link-chat-42/);
  const json = await cli(['link', '99', 'Blue hat', '--json', '--page-lang', 'en']);
  assert.deepEqual((({ amount, description, lang, status }) => ({ amount, description, lang, status }))(JSON.parse(json.stdout)), { amount: 99, description: 'Blue hat', lang: 'en', status: 'open' });
  refused(await cli(['link', '9999999', 'Gold']), /400 invalid_amount/);
  refused(await cli(['link', '12.5', 'Half']), /whole baht/);
  refused(await cli(['link', '250', 'Red shirt', '--ref1', 'chat-42']), /400 invalid_ref1: a pay link's ref1 must begin with link-/);
  assert.deepEqual(secretsIn(made.stdout + made.stderr + json.stdout), []);
});

test('link --item, --field, --require, --reusable, --limit: a shop link; payments show each order compactly in the table, whole in JSON, a column per detail in CSV', async () => {
  const made = await cli(['link', '--item', 'Red shirt:250:1-5', '--item', 'Tote: big:120:2', '--require', 'name', '--require', 'phone', '--field', 'note', '--reusable', '--limit', '20', 'Shirts']);
  assert.equal(made.status, 0, made.stderr);
  const url = /^(https:\/\/pay\.example\.com\/pay\/([\w-]+))\n/.exec(made.stdout)!;
  assert.equal(readTerminalQr(made.stdout), url[1]);
  assert.match(
    made.stdout,
    /฿490\.00 Shirts\n {2}Red shirt {2}฿250\.00 × 1–5\n {2}Tote: big {2}฿120\.00 × 2\nasks the buyer for: name \(required\), phone \(required\), note\nmany buyers, at most 20 paid orders\nref1 link-/,
  );
  const thai = await cli(['link', '--item', 'Cap:99', '--field', 'address', '--reusable', '--lang', 'th']);
  assert.match(thai.stdout, /฿99\.00 Cap\n {2}Cap {2}฿99\.00 × 1\nถามผู้ซื้อ: ที่อยู่\nผู้ซื้อหลายคน ไม่จำกัดจำนวน\n/);
  const json = JSON.parse((await cli(['link', '--item', 'Cap:99', '--json'])).stdout);
  assert.deepEqual([json.items, json.description, json.reusable, json.fields], [[{ name: 'Cap', price: 99, quantity: 1 }], 'Cap', false, []]);
  refused(await cli(['link', '--item', 'Cap']), /--item is NAME:PRICE, NAME:PRICE:QUANTITY or NAME:PRICE:MIN-MAX/);
  refused(await cli(['link', '--item', 'Cap:99', '250']), /give no amount/);
  refused(await cli(['link', '250', 'Cap', '--limit', '3']), /--limit is for a link many buyers use: add --reusable/);
  refused(await cli(['link', '250', 'Cap', '--field', 'email']), /--field and --require take name, phone, address, note, not "email"/);
  refused(await cli(['link', '250', 'Cap', '--field', 'name', '--require', 'name']), /asked for name once/);
  refused(await cli(['link', '--item', 'Cap:0']), /400 invalid_items: items\[0\]: price must be whole baht/);

  // A buyer orders two shirts and the bags through the page, and pays.
  const target = overHttp(proxy.url);
  const checkout = await call(target, `/pay/${url[2]}/checkout`, {
    method: 'POST',
    json: { quantities: [2, 2], fields: { name: 'สมชาย', phone: '081 234 5678', note: 'ฝากไว้หน้าบ้าน' } },
  });
  assert.equal(checkout.status, 201, JSON.stringify(checkout.body));
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { order: checkout.body.order } })).body;
  upstreams.simulator.pay(bill.id);
  assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
  const ref1 = `link-${url[2]}`;
  const [head, row] = (await cli(['payments', '--ref1', ref1])).stdout.trimEnd().split('\n');
  assert.match(head, / +sandbox +order$/);
  assert.match(row, new RegExp(`^${bill.id} +${ref1} +฿740\\.00 +paid .* Red shirt ×2; Tote: big ×2 · สมชาย 0812345678$`));
  assert.match((await cli(['payments', '--ref1', ref1, '--lang', 'th'])).stdout, /ทดสอบ +คำสั่งซื้อ\n/);
  const listed = JSON.parse((await cli(['payments', '--ref1', ref1, '--json'])).stdout).payments[0];
  assert.deepEqual(listed.order, {
    items: [
      { name: 'Red shirt', price: 250, quantity: 2 },
      { name: 'Tote: big', price: 120, quantity: 2 },
    ],
    fields: { name: 'สมชาย', phone: '0812345678', note: 'ฝากไว้หน้าบ้าน' },
  });
  const csv = (await cli(['payments', '--ref1', ref1, '--csv'])).stdout;
  assert.ok(csv.includes(`,false,${url[2]},true,Red shirt ×2; Tote: big ×2,สมชาย,0812345678,,ฝากไว้หน้าบ้าน\r\n`), csv);
});

test('payments: a ref1\'s bills as a table, JSON and CSV; by status', async () => {
  const { id } = await paidBill('cli-order-1');
  const table = await cli(['payments', '--ref1', 'cli-order-1']);
  assert.equal(table.status, 0, table.stderr);
  const [head, row, ...rest] = table.stdout.trimEnd().split('\n');
  assert.match(head, /^id +ref1 +amount +status +created \(Asia\/Bangkok\) +paid \(Asia\/Bangkok\) +late +link +sandbox$/);
  assert.match(row, new RegExp(`^${id} +cli-order-1 +฿70\\.00 +paid +[\\d-]+ [\\d:]+ +[\\d-]+ [\\d:]+ +yes$`));
  assert.deepEqual(rest, []);
  const page = JSON.parse((await cli(['payments', '--ref1', 'cli-order-1', '--json'])).stdout);
  assert.deepEqual([page.payments.length, page.payments[0].id, page.payments[0].status], [1, id, 'paid']);
  const csv = (await cli(['payments', '--status', 'paid', '--csv'])).stdout;
  assert.match(csv, /^id,ref1,amount,status,createdAt,paidAt,late,link,sandbox,items,name,phone,address,note\r\n/);
  assert.ok(csv.split('\r\n').some((line) => line.startsWith(`${id},cli-order-1,70.00,paid,`)));
});

test("console: the owner's sign-in link and its QR, valid 10 minutes; a staff member's with --role staff --name; --json prints {url}; it signs in once", async () => {
  const made = await cli(['console', '--lang', 'en']);
  assert.equal(made.status, 0, made.stderr);
  const url = /^(https:\/\/pay\.example\.com\/console\/#\/signin\/[\w-]{43})\n/.exec(made.stdout)?.[1];
  assert.ok(url, made.stdout);
  assert.equal(readTerminalQr(made.stdout), url, 'the QR is the link');
  assert.match(made.stdout, /sign-in link \(owner\): signs in once, until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Bangkok\)\n$/);
  const thai = await cli(['console', '--role', 'staff', '--name', 'นิด', '--lang', 'th']);
  assert.match(thai.stdout, /ลิงก์เข้าสู่ระบบ \(พนักงาน: นิด\) ใช้ได้ครั้งเดียว ถึง /);
  const json = JSON.parse((await cli(['console', '--role', 'staff', '--name', 'Nok', '--json'])).stdout);
  assert.deepEqual([json.role, json.name, typeof json.url], ['staff', 'Nok', 'string']);
  assert.ok(Date.parse(json.expiresAt) - Date.now() > 23 * 3_600_000, 'a day');
  const token = url.slice(url.indexOf('#/signin/') + 9);
  const signIn = () => call(overHttp(proxy.url), '/console/api/session', { method: 'POST', json: { invite: token }, headers: { origin: PUBLIC_URL, 'content-type': 'application/json' } });
  const first = await signIn();
  assert.deepEqual([first.status, first.body.member.role], [200, 'owner']);
  assert.equal((await signIn()).status, 401, 'once');
  refused(await cli(['console', '--role', 'boss']), /--role must be owner or staff/);
  refused(await cli(['console', '--role', 'staff']), /needs the member's name/);
  refused(await cli(['console', '--role', 'staff', '--name', 'x'.repeat(61)]), /400 invalid_name/);
  assert.deepEqual(secretsIn(made.stdout + made.stderr + thai.stdout), []);
});

test("payments: a pay link's own bill shows its link; a bill the browser chose shows none", async () => {
  const link = JSON.parse((await cli(['link', '80', 'Tea set', '--ref1', 'link-cli-tea', '--json'])).stdout);
  const target = overHttp(proxy.url);
  const order = /order="([^"]+)"/.exec((await call(target, `/pay/${link.id}`)).body)![1];
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { order } })).body;
  upstreams.simulator.pay(bill.id);
  assert.equal((await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body.status, 'paid');
  const own = await paidBill('cli-tea');
  const linked = (await cli(['payments', '--ref1', 'link-cli-tea'])).stdout.trimEnd().split('\n');
  assert.match(linked[1], new RegExp(`^${bill.id} +link-cli-tea +฿80\\.00 +paid +\\S+ \\S+ +\\S+ \\S+ +${link.id} +yes$`));
  const plain = (await cli(['payments', '--ref1', 'cli-tea'])).stdout.trimEnd().split('\n');
  assert.match(plain[1], new RegExp(`^${own.id} +cli-tea +฿70\\.00 +paid +\\S+ \\S+ +\\S+ \\S+ +yes$`), 'no link');
  const csv = (await cli(['payments', '--ref1', 'link-cli-tea', '--csv'])).stdout;
  assert.ok(csv.includes(`,false,${link.id},true,,,,,\r\n`), csv);
});

test('events: listed after a cursor, as CSV; --follow prints each new event as it is recorded', async () => {
  const first = await paidBill('cli-events-1');
  const listed = await cli(['events', '--type', 'payment.paid', '--csv']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(listed.stdout.split('\r\n').some((line) => line.includes(`,payment.paid,${first.id},cli-events-1,70.00,false,`)));
  const next = /--after (\d+)/.exec(listed.stderr)?.[1];
  assert.ok(next, listed.stderr);
  assert.equal((await cli(['events', '--after', next!, '--type', 'payment.paid'])).stdout, 'no events\n');

  const follow = startCli(['events', '--follow', '--json', '--every', '1', '--after', next!], { env: { PATH: process.env.PATH, ...env } });
  try {
    const second = await paidBill('cli-events-2');
    const deadline = Date.now() + 10_000;
    while (!follow.output().includes(second.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = follow.output().split('\n').filter((l) => l.startsWith('{'));
    assert.deepEqual(lines.map((l) => JSON.parse(l).id), [`payment.paid:${second.id}`], 'only what came after the cursor, once');
  } finally {
    await follow.stop();
  }
  assert.match(follow.output(), /next: maemanee-pay events --follow --every 1 --json --after \d+\n$/);

  // A proxy out of reach is waited out, not the end of the watch.
  const unreachable = startCli(['events', '--follow', '--every', '1', '--endpoint', (await deadUrl()).replace('/api_mn.php', '')], { env: { PATH: process.env.PATH, ...env } });
  const until = Date.now() + 10_000;
  while ((unreachable.output().match(/cannot reach the proxy now/g)?.length ?? 0) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.equal(unreachable.status(), null, unreachable.output());
  assert.ok((unreachable.output().match(/cannot reach the proxy now \(no connection\); trying again/g)?.length ?? 0) >= 2, unreachable.output());
  await unreachable.stop();
});

test('verify: a webhook delivery as a log shows it, or with its headers as options; a receipt; tampering refused', async () => {
  const { id, receipt } = await paidBill('cli-verify-1');
  const deadline = Date.now() + 10_000;
  while (!deliveries.some((d) => d.body.includes(`"payment.paid:${id}"`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const delivery = deliveries.find((d) => d.body.includes(`"payment.paid:${id}"`))!;
  const logged = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'].map((h) => `${h}: ${delivery.headers[h]}`).join('\n') + `\n\n${delivery.body}\n`;

  const valid = await cli(['verify', '--sandbox'], { input: logged });
  assert.equal(valid.status, 0, valid.stderr);
  assert.match(valid.stdout, new RegExp(`^valid webhook, signed with MAEMANEE_WEBHOOK_SECRET: payment\\.paid of bill ${id}, ref1 cli-verify-1, ฿70\\.00, paid \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(Asia/Bangkok\\) \\(sandbox: no money moved\\)\\n$`));
  refused(await cli(['verify'], { input: logged }), /not valid: event is from the sandbox/);
  refused(await cli(['verify', '--sandbox'], { input: logged.replace('"amount":70', '"amount":7000') }), /not valid: no webhook-signature matches/);
  const options = ['--id', delivery.headers['webhook-id'], '--timestamp', delivery.headers['webhook-timestamp'], '--signature', delivery.headers['webhook-signature']];
  assert.equal((await cli(['verify', '--sandbox', '--json', ...options], { input: delivery.body })).status, 0);
  const stale = String(Number(delivery.headers['webhook-timestamp']) - 3600);
  refused(await cli(['verify', '--sandbox', ...options.slice(0, 2), '--timestamp', stale, ...options.slice(4)], { input: delivery.body }), /too far from now \(--any-time/);

  const checked = await cli(['verify', '--sandbox'], { input: `${receipt}\n` });
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stdout, new RegExp(`^valid receipt: bill ${id}, ref1 cli-verify-1, ฿70\\.00, paid \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(Asia/Bangkok\\) \\(sandbox: no money moved\\)\\n$`));
  refused(await cli(['verify', '--sandbox'], { input: receipt.slice(0, -4) + (receipt.endsWith('AAAA') ? 'BBBB' : 'AAAA') }), /not valid/);
  refused(await cli(['verify'], { input: '' }), /nothing on standard input/);
  assert.deepEqual(secretsIn(valid.stdout + checked.stdout), []);
});

test('verify speaks Thai or English (--lang, else the locale) and shows the paid time in Bangkok (or --tz); --json keeps ISO UTC', async () => {
  const { id, receipt } = await paidBill('cli-verify-lang');
  const facts = JSON.parse((await cli(['verify', '--sandbox', '--json'], { input: receipt })).stdout);
  assert.match(facts.paidAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const at = (hours: number) => new Date(Date.parse(facts.paidAt) + hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  const thai = await cli(['verify', '--sandbox'], { input: receipt, env: { ...env, LANG: 'th_TH.UTF-8' } });
  assert.equal(thai.status, 0, thai.stderr);
  assert.equal(thai.stdout, `ใบเสร็จถูกต้อง: บิล ${id} ref1 cli-verify-lang ยอด ฿70.00 ชำระเมื่อ ${at(7)} (Asia/Bangkok) (ทดสอบ: ไม่มีการโอนเงินจริง)\n`);
  const tokyo = await cli(['verify', '--sandbox', '--lang', 'en', '--tz', 'Asia/Tokyo'], { input: receipt, env: { ...env, LANG: 'th_TH.UTF-8' } });
  assert.equal(tokyo.stdout, `valid receipt: bill ${id}, ref1 cli-verify-lang, ฿70.00, paid ${at(9)} (Asia/Tokyo) (sandbox: no money moved)\n`);
  refused(await cli(['verify', '--lang', 'fr'], { input: receipt }), /--lang must be th or en, not "fr"/);
  refused(await cli(['verify', '--lang', 'th', '--tz', 'Bangkok'], { input: receipt }), /--tz ต้องเป็นชื่อเขตเวลา IANA/);

  const event = { id: `payment.paid:${id}`, type: 'payment.paid', created: facts.paidAt, data: { id, ref1: 'cli-verify-lang', amount: 70, paidAt: facts.paidAt, late: true, link: null, sandbox: false } };
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const delivery = `webhook-id: ${event.id}\nwebhook-timestamp: ${timestamp}\nwebhook-signature: ${await signWebhook([env.MAEMANEE_WEBHOOK_SECRET], event.id, timestamp, body)}\n\n${body}`;
  const webhook = await cli(['verify', '--lang', 'th'], { input: delivery });
  assert.equal(webhook.stdout, `webhook ถูกต้อง เซ็นด้วย MAEMANEE_WEBHOOK_SECRET: payment.paid ของบิล ${id} ref1 cli-verify-lang ยอด ฿70.00 ชำระเมื่อ ${at(7)} (Asia/Bangkok) ชำระช้า\n`);
  const english = await cli(['verify', '--lang', 'en'], { input: delivery });
  assert.equal(english.stdout, `valid webhook, signed with MAEMANEE_WEBHOOK_SECRET: payment.paid of bill ${id}, ref1 cli-verify-lang, ฿70.00, paid ${at(7)} (Asia/Bangkok), late\n`);
  assert.deepEqual(JSON.parse((await cli(['verify', '--json', '--lang', 'th'], { input: delivery })).stdout), event, 'JSON as signed');
});

test('doctor in Thai, by --lang th or a Thai locale: every finding in Thai; --lang takes th or en only', async () => {
  const report = (out: string) => out.split('\n').filter((line) => /^ +[✓!✗·] /.test(line));
  // What stays as it is in both languages: names the merchant types, field names, URLs, the upstream's own words.
  const english = (line: string) => /\b(the|your|accepts|answered|refuses|cannot|written|acknowledged|mode,|not)\b/.test(line.replace(/"[^"]*"/g, '').replace(/https?:\/\/\S+/g, ''));

  const thai = await cli(['doctor', '--lang', 'th', '--endpoint', proxy.url]);
  assert.equal(thai.status, 0, thai.stdout + thai.stderr);
  assert.equal(thai.stdout.match(/✓ โฮสต์ \d \S+ รับบัญชีและ con_id ของคุณ/g)?.length, 2, thai.stdout);
  assert.match(thai.stdout, /✓ ปลายทาง 1 http:\/\/127\.0\.0\.1:\d+\/hook ตอบรับการส่งทดสอบที่เซ็นแล้วใน \d+ ms/);
  assert.match(thai.stdout, /✓ บัญชีรายการเขียนได้\n +✓ โหมด live ตรงกับการตั้งค่านี้/);
  assert.match(thai.stdout, /\n(ทุกอย่างเรียบร้อย|พบปัญหา 0 ข้อ คำเตือน \d+ ข้อ)\n$/);
  assert.ok(report(thai.stdout).length > 10, thai.stdout);
  assert.deepEqual(report(thai.stdout).filter(english), [], 'no finding left in English');
  assert.deepEqual(secretsIn(thai.stdout), []);

  const wrong = await cli(['doctor', '--endpoint', proxy.url], { env: { ...env, LANG: 'th_TH.UTF-8', TMWEASY_PASSWORD: 'not-the-password' } });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /✗ โฮสต์ 1 \S+ ไม่รับชื่อผู้ใช้หรือรหัสผ่านของคุณ: ตอบว่า "[^"]+" เหมือนที่ตอบชื่อผู้ใช้ที่แต่งขึ้น/);
  assert.match(wrong.stdout, /\nพบปัญหา [1-9]\d* ข้อ คำเตือน \d+ ข้อ\n$/);
  assert.deepEqual(report(wrong.stdout).filter(english), []);
  assert.ok(!wrong.stdout.includes('not-the-password'));

  const dead = await cli(['doctor', '--lang', 'th', '--endpoint', proxy.url], { env: { ...env, MAEMANEE_UPSTREAM: `${await deadUrl()},${env.MAEMANEE_UPSTREAM.split(',')[0]}` } });
  assert.equal(dead.status, 1);
  assert.match(dead.stdout, /✗ โฮสต์ 1 127\.0\.0\.1:\d+: ปฏิเสธการเชื่อมต่อ \(หลังจาก \d+ ms\)/);
  assert.match(dead.stdout, /! ใช้ได้เพียงโฮสต์เดียว/);
  assert.deepEqual(report(dead.stdout).filter(english), []);

  const posix = await cli(['doctor', '--endpoint', proxy.url], { env: { ...env, LANG: 'th_TH.UTF-8', LC_ALL: 'C.UTF-8' } });
  assert.match(posix.stdout, /\nSettings\n[^]*accepts your credentials/, 'LC_ALL comes before LANG');
  refused(await cli(['doctor', '--lang', 'fr']), /--lang must be th or en, not "fr"/);
});

test('doctor --pay 1 --endpoint: the hosts, the webhook test delivery, the running proxy, then a real bill paid from the terminal\'s QR', async () => {
  const before = deliveries.length;
  const doctor = startCli(['doctor', '--pay', '1', '--endpoint', proxy.url], { env: { PATH: process.env.PATH, ...env } });
  const id = (await doctor.ready(/✓ bill (\d+), ref1 doctor-\d+, ฿1,/))[1];
  await new Promise((r) => setTimeout(r, 300)); // the QR is printed next
  const payload = readTerminalQr(doctor.output());
  assert.ok(payload?.includes('A000000677010112') && payload.includes('54041.00'), `the QR in the terminal is the bill's: ${payload}`);
  upstreams.simulator.pay(id);
  const code = await doctor.done;
  const out = doctor.output();
  assert.equal(code, 0, out);
  assert.match(out, /✓ host 1 \S+ accepts your credentials and con_id[^]*✓ host 2 \S+ accepts your credentials and con_id/);
  assert.match(out, /✓ endpoint 1 http:\/\/127\.0\.0\.1:\d+\/hook acknowledged a signed test delivery/);
  assert.match(out, /The running proxy at [^]*✓ its ledger is writable\n +✓ live mode, as these settings/);
  assert.match(out, new RegExp(`✓ paid: the upstream confirmed bill ${id}`));
  assert.match(out, /· a second confirm of the paid bill answered paid again/);
  assert.match(out, /confirm answer \(paid\):\n +✓ status +number\n +✓ ref1 +string[^\n]*\n +✓ amount +number/);
  assert.deepEqual(secretsIn(out), []);
  const test = deliveries.slice(before).find((d) => d.type === 'webhook.test');
  assert.ok(test, 'the receiver verified the test delivery with the standardwebhooks library');
  assert.equal(JSON.parse(test.body).data.sandbox, true, 'marked sandbox, so a receiver that follows the README ignores it');
});

/** What no terminal should receive from someone else's text: C0 controls but newline, DEL, C1, bidi controls. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const HOSTILE = 'order-9\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u202eevil\u009b2J\u007f\rpaid';

/**
 * An upstream that refuses every call as a bill it does not have, a made-up login or a made-up con_id (doctor's
 * three asks), echoing the credentials it was sent between brackets, then `extra`.
 */
function echoingUpstream(extra = '', fields: Record<string, unknown> = {}) {
  return listen((request) => {
    const q = new URL(request.url).searchParams;
    const [user, password, conId] = [q.get('username')!, q.get('password')!, q.get('con_id')!];
    const said = user.startsWith('maemanee-doctor-') ? 'unknown login' : /^[1-8]\d{8}0?$/.test(conId) ? 'unknown con_id' : 'no such bill';
    return Response.json({ status: 0, msg: `${said} [${user}|${password}|${conId}]${extra}`, ...fields });
  });
}

test('doctor shows an upstream message with its control sequences taken out (title, clear screen, colours, bidi), on one line', async () => {
  const upstream = await echoingUpstream(HOSTILE, { [`field\u001b[2J`]: 1 });
  try {
    const out = await runCli(['doctor'], {
      env: {
        ...simulatorProxyEnv([`${upstream.url}/api_mn.php`]),
        TMWEASY_USER: 'shop-user-0001',
        TMWEASY_PASSWORD: 'Pw-7f3k9q2m',
        TMWEASY_CON_ID: '48213',
      },
    });
    assert.match(out.stdout, /accepts your credentials and con_id: a bill that does not exist gets "no such bill \[\*\*\*\|\*\*\*\|\*\*\*\]order-9/);
    assert.ok(!UNSAFE.test(out.stdout), JSON.stringify(out.stdout.split('\n').filter((l) => UNSAFE.test(l))));
    assert.match(out.stdout, /redevil/, 'the words stay, the controls go');
  } finally {
    await upstream.close();
  }
});

test('doctor prints no credential or secret, whatever its length, and the report stays readable', async () => {
  const upstream = await echoingUpstream();
  const hook = await listen(() => new Response(null, { status: 204 }));
  const base: Record<string, string> = {
    ...simulatorProxyEnv([`${upstream.url}/api_mn.php`]),
    TMWEASY_USER: 'shop-user-0001',
    TMWEASY_PASSWORD: 'Pw-7f3k9q2m',
    TMWEASY_CON_ID: '48213',
    MAEMANEE_SECRET: 'Q7vX2mK9pL4wR8tY1nB6cH3jF5gD0sA2eU7iO9zQ_Jh3Kd8Ls2Mx5Nv0Bp4Cq7W',
    MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com',
    MAEMANEE_WEBHOOK_URL: `${hook.url}/hook`,
  };
  // What changes between two runs is the timing, the clock, doctor's made-up logins, and what the upstream said
  // (quoted), where a credential is scrubbed wherever it appears, even inside the upstream's words.
  const quoted = /"[^"\n]*"/g;
  const normal = (out: string) => out.split('\n').slice(1).join('\n').replace(/\d+ ms/g, 'N ms').replace(/\d{9,}/g, 'N').replace(quoted, '"…"');
  // Values that are parts of words the report and the upstream use, and others of the same length.
  const short = [['e', 'q'], ['ch', 'zx'], ['ill', 'qzx']];
  const long: Record<string, string> = {
    TMWEASY_USER: 'u5Gh8Kp2Wq7Zr4Tx9Lm3Nc6Vb1Yd0Fs8Jk2Hg5Qa',
    TMWEASY_PASSWORD: 'p9Lk3Jh7Gf2Ds5Aq8Wz1Xc4Vb6Nm0Qr3Te7Yu2Io',
    TMWEASY_CON_ID: '7305918264730591826473059182647305918264',
    MAEMANEE_SECRET: 's4Rt8Yu2Io6Pl1Kj5Hg9Fd3Sa7Zx0Cv4Bn8Mq2We',
    MAEMANEE_WEBHOOK_SECRET: 'whsec_Vx7Qm2Lp9Kd4Hs8Zt1Nw6Jr3Yb5Gc0Fa2E',
    MAEMANEE_WEBHOOK_SECRET_1: 'whsec_Tz4Wn8Pq1Mx6Lr3Kv9Jd2Hb7Gs5Fc0Ea4Y',
  };
  try {
    for (const [name, value] of Object.entries(long)) {
      for (const [a, b] of short) {
        const [withA, withB] = await Promise.all([runCli(['doctor'], { env: { ...base, [name]: a } }), runCli(['doctor'], { env: { ...base, [name]: b } })]);
        assert.equal(normal(withA.stdout), normal(withB.stdout), `${name}=${a}: the report depends on the value`);
        if (name.startsWith('TMWEASY_')) {
          assert.match(withA.stdout, /accepts your credentials and con_id: a bill that does not exist gets "[^"|]+\[\*\*\*\|\*\*\*\|\*\*\*\]"; a made-up login gets "unknown login \[[^"|]+\|\d+\|\*\*\*\]"/, `${name}=${a}: ${withA.stdout}`);
          for (const said of withA.stdout.match(quoted) ?? []) assert.ok(!said.toLowerCase().includes(a), `${name}=${a} shown in ${said}`);
        }
      }
      assert.equal(value.length, 40);
      // Doctor's made-up logins are random digits, which could hold five of the con_id's by chance.
      const out = (await runCli(['doctor'], { env: { ...base, [name]: value } })).stdout.replace(/maemanee-doctor-\d+\|\d+/g, '');
      assert.match(out, /\nSecrets\n/, out);
      const hidden = value.replace(/^whsec_/, '');
      for (let i = 0; i + 5 <= hidden.length; i++) assert.ok(!out.includes(hidden.slice(i, i + 5)), `${name}: "${hidden.slice(i, i + 5)}" printed:\n${out}`);
      assert.ok(!out.includes(hidden.slice(0, 4)), `${name}: its first characters printed:\n${out}`);
    }
  } finally {
    await upstream.close();
    await hook.close();
  }
});

test('doctor hides a credential of one, two or three characters inside a Thai message, where words touch', async () => {
  const upstream = await listen((request) => {
    const q = new URL(request.url).searchParams;
    return Response.json({ status: 0, msg: `ผู้ใช้${q.get('username')}รหัสผ่าน${q.get('password')}ไม่ถูกต้อง ร้าน${q.get('con_id')}ปิด ยอด 120 บาท` });
  });
  try {
    const out = (await runCli(['doctor', '--lang', 'th'], { env: { PATH: process.env.PATH, ...simulatorProxyEnv([`${upstream.url}/api_mn.php`]), TMWEASY_USER: 'Kx', TMWEASY_PASSWORD: 'q', TMWEASY_CON_ID: '12' } })).stdout;
    assert.match(out, /"ผู้ใช้\*\*\*รหัสผ่าน\*\*\*ไม่ถูกต้อง ร้าน\*\*\*ปิด ยอด 120 บาท"/, out);
    const three = (await runCli(['doctor', '--lang', 'th'], { env: { PATH: process.env.PATH, ...simulatorProxyEnv([`${upstream.url}/api_mn.php`]), TMWEASY_USER: 'Kxw', TMWEASY_PASSWORD: 'p7Z', TMWEASY_CON_ID: '120' } })).stdout;
    assert.match(three, /"ผู้ใช้\*\*\*รหัสผ่าน\*\*\*ไม่ถูกต้อง ร้าน\*\*\*ปิด ยอด \*\*\* บาท"/, three);
  } finally {
    await upstream.close();
  }
});

test('doctor --pay shows the bill page the upstream names with the credentials scrubbed out of it', async () => {
  const upstream = await listen((request) => {
    const q = new URL(request.url).searchParams;
    const echo = `u=${q.get('username')}&p=${q.get('password')}&c=${q.get('con_id')}`;
    if (q.get('method') === 'create_pay') return Response.json({ status: 1, id_pay: '5' });
    if (q.get('method') === 'detail_pay' && q.get('id_pay') === '5') {
      return Response.json({ status: 1, ref1: q.get('ref1') ?? 'r', amount: 1, time_out: 600, urlpay: `https://bill.example/pay?${echo}`, qr_base64_image: 'AAAA' });
    }
    return Response.json({ status: 0, msg: q.get('username')!.startsWith('maemanee-doctor-') ? 'unknown login' : /^[1-8]\d{8}0?$/.test(q.get('con_id')!) ? 'unknown con_id' : 'no such bill' });
  });
  try {
    const environment = { ...simulatorProxyEnv([`${upstream.url}/api_mn.php`]), TMWEASY_USER: 'shop-user-0001', TMWEASY_PASSWORD: 'Pw-7f3k9q2m', TMWEASY_CON_ID: '4' };
    const run = startCli(['doctor', '--pay', '1'], { env: environment });
    await run.stop(); // at once: the bill page is shown before the wait for a payment
    const out = run.stdout();
    assert.match(out, /· or open the bill page: https:\/\/bill\.example\/pay\?u=\*\*\*&p=\*\*\*&c=\*\*\*\n/, out);
  } finally {
    await upstream.close();
  }
});

/** A proxy that answers what a proxy would, with someone else's text in every field a person reads. */
function hostileProxy() {
  const at = '2026-11-29T10:00:00.000Z';
  const bill = { id: '123456789', ref1: HOSTILE, amount: 70, status: 'paid', createdAt: at, expiresAt: at, paidAt: at, late: false, link: HOSTILE, sandbox: false };
  const event = { id: 'payment.paid:123456789', type: 'payment.paid', created: at, data: { id: '123456789', ref1: HOSTILE, amount: 70, paidAt: at, late: false, link: HOSTILE, sandbox: false } };
  const link = { id: 'abc', url: `https://pay.example.com/pay/abc`, amount: 250, description: HOSTILE, ref1: HOSTILE, lang: null, createdAt: at, expiresAt: at, status: 'open' };
  const data = { payments: { payments: [bill], next: `9${HOSTILE}` }, events: { events: [event], next: `5${HOSTILE}` }, link };
  const server = listen(async (request) => {
    const url = new URL(request.url);
    if (url.searchParams.get('ref1') === 'refused') return Response.json({ error: { code: 'invalid_ref1', message: HOSTILE } }, { status: 400 });
    if (url.pathname === '/health') return Response.json({ ok: true, mode: 'live', upstream: 'ok', ledger: 'ok' });
    if (url.pathname === '/v1/payments') return Response.json(data.payments);
    if (url.pathname === '/v1/events') return Response.json(data.events);
    if (url.pathname === '/v1/links') return Response.json(data.link, { status: 201 });
    return new Response('no', { status: 404 });
  });
  return { server, data };
}

test('payments, events and link show a proxy\'s text without its control characters, as a table, CSV or JSON, and in its refusals', async () => {
  const { server, data } = hostileProxy();
  const proxy = await server;
  const environment = { PATH: process.env.PATH, MAEMANEE_SECRET: env.MAEMANEE_SECRET, MAEMANEE_ENDPOINT: proxy.url };
  try {
    const runs = await Promise.all([
      cli(['payments'], { env: environment }),
      cli(['payments', '--csv'], { env: environment }),
      cli(['events'], { env: environment }),
      cli(['events', '--csv'], { env: environment }),
      cli(['link', '250', 'Red shirt'], { env: environment }),
    ]);
    for (const run of runs) {
      assert.equal(run.status, 0, run.stderr);
      // CSV ends its records in CRLF, as RFC 4180 has it.
      assert.ok(!UNSAFE.test((run.stdout + run.stderr).replace(/\r\n/g, '\n')), JSON.stringify(run.stdout + run.stderr));
      assert.match(run.stdout, /redevil/);
    }
    const [payments, events, link] = await Promise.all([
      cli(['payments', '--json'], { env: environment }),
      cli(['events', '--json'], { env: environment }),
      cli(['link', '250', 'Red shirt', '--json'], { env: environment }),
    ]);
    for (const [run, expected] of [[payments, data.payments], [events, data.events], [link, data.link]] as const) {
      assert.ok(!UNSAFE.test(run.stdout), JSON.stringify(run.stdout));
      assert.deepEqual(JSON.parse(run.stdout), expected, 'JSON keeps every character, escaped');
    }
    const refusal = await cli(['payments', '--ref1', 'refused'], { env: environment });
    refused(refusal, /400 invalid_ref1: order-9/);
    assert.ok(!UNSAFE.test(refusal.stderr.slice(0, -1)), JSON.stringify(refusal.stderr));
  } finally {
    await proxy.close();
  }
});

test('CSV for a spreadsheet: a text cell beginning with = + - @, a tab or a CR gets a leading \' (OWASP), in the one helper the command and the console share', async () => {
  assert.equal(
    csvRecords([
      ['ref1', 'description', 'amount', 'late'],
      ['+66812345678', '=HYPERLINK("http://x","y")', '70.00', false],
      ['-2+3', '@SUM(A1)', 12, null],
      ['\t=1+1', '\r=1+1', 'plain, with a comma', 'line\nbreak'],
      ['a=b', 'x+y', '', undefined],
    ]),
    'ref1,description,amount,late\r\n' +
      `'+66812345678,"'=HYPERLINK(""http://x"",""y"")",70.00,false\r\n` +
      `'-2+3,'@SUM(A1),12,\r\n` +
      `'\t=1+1,"'\r=1+1","plain, with a comma","line\nbreak"\r\n` +
      'a=b,x+y,,\r\n',
  );
  // The command's CSV is written with it: a phone ref1 stays text in a spreadsheet.
  const at = '2026-11-29T10:00:00.000Z';
  const bills = ['+66812345678', '=1+1', '-1', '@x'].map((ref1, i) => ({ id: String(100 + i), ref1, amount: 5, status: 'paid', createdAt: at, expiresAt: at, paidAt: at, late: false, link: null, sandbox: false }));
  const fake = await listen(() => Response.json({ payments: bills, next: null }));
  try {
    const out = await cli(['payments', '--csv'], { env: { PATH: process.env.PATH, MAEMANEE_SECRET: env.MAEMANEE_SECRET, MAEMANEE_ENDPOINT: fake.url } });
    assert.deepEqual(out.stdout.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[1]), ["'+66812345678", "'=1+1", "'-1", "'@x"]);
  } finally {
    await fake.close();
  }
});

test('verify: a correctly signed delivery whose body is not JSON is one line and exit 1; a signed event\'s text is shown safely', async () => {
  const secret = env.MAEMANEE_WEBHOOK_SECRET;
  const delivery = async (body: string) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const id = 'payment.paid:123';
    return `webhook-id: ${id}\nwebhook-timestamp: ${timestamp}\nwebhook-signature: ${await signWebhook([secret], id, timestamp, body)}\n\n${body}`;
  };
  for (const body of ['not json', '<html>', 'null', '5', '[]']) refused(await cli(['verify'], { input: await delivery(body) }), /^maemanee-pay verify: not valid: [^\n]*event/);
  const event = { id: 'payment.paid:123', type: 'payment.paid', created: '2026-11-29T10:00:00.000Z', data: { id: '123', ref1: HOSTILE, amount: 70, paidAt: '2026-11-29T10:00:00.000Z', late: false, link: null, sandbox: false } };
  const shown = await cli(['verify'], { input: await delivery(JSON.stringify(event)) });
  assert.equal(shown.status, 0, shown.stderr);
  assert.ok(!UNSAFE.test(shown.stdout), JSON.stringify(shown.stdout));
  assert.match(shown.stdout, /payment\.paid of bill 123, ref1 order-9[^\n]*redevil/);
  const json = await cli(['verify', '--json'], { input: await delivery(JSON.stringify(event)) });
  assert.ok(!UNSAFE.test(json.stdout), JSON.stringify(json.stdout));
  assert.deepEqual(JSON.parse(json.stdout), event);
});

test('payments, events and link speak Thai or English (--lang, else the locale) and show Bangkok time (or --tz); JSON and CSV keep ISO UTC', async () => {
  const { id } = await paidBill('cli-lang-1');
  const bill = JSON.parse((await cli(['payments', '--ref1', 'cli-lang-1', '--json'])).stdout).payments[0];
  assert.match(bill.createdAt, /Z$/);
  /** An ISO time as a person in a zone `hours` ahead of UTC reads it. */
  const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  const rows = (out: string) => out.trimEnd().split('\n');

  const thai = await cli(['payments', '--ref1', 'cli-lang-1'], { env: { ...env, LANG: 'th_TH.UTF-8' } });
  assert.equal(thai.status, 0, thai.stderr);
  const [head, row] = rows(thai.stdout);
  assert.match(head, /^บิล +ref1 +ยอด +สถานะ +สร้างเมื่อ \(Asia\/Bangkok\) +ชำระเมื่อ \(Asia\/Bangkok\)/);
  assert.match(row, new RegExp(`^${id} +cli-lang-1 +฿70\\.00 +ชำระแล้ว +${at(bill.createdAt, 7)} +${at(bill.paidAt, 7)}`));

  const english = await cli(['payments', '--ref1', 'cli-lang-1', '--lang', 'en', '--tz', 'Asia/Tokyo'], { env: { ...env, LANG: 'th_TH.UTF-8' } });
  assert.match(rows(english.stdout)[0], /^id +ref1 +amount +status +created \(Asia\/Tokyo\) +paid \(Asia\/Tokyo\)/);
  assert.match(rows(english.stdout)[1], new RegExp(`^${id} +cli-lang-1 +฿70\\.00 +paid +${at(bill.createdAt, 9)} +${at(bill.paidAt, 9)}`));
  assert.match(rows((await cli(['payments', '--ref1', 'cli-lang-1', '--tz', 'UTC'])).stdout)[1], new RegExp(` ${at(bill.createdAt, 0)} `));
  refused(await cli(['payments', '--tz', 'Mars/Olympus_Mons']), /--tz must be an IANA time zone such as Asia\/Bangkok, not "Mars\/Olympus_Mons"/);
  refused(await cli(['events', '--lang', 'th', '--tz', 'Bangkok']), /--tz ต้องเป็นชื่อเขตเวลา IANA เช่น Asia\/Bangkok ไม่ใช่ "Bangkok"/);
  refused(await cli(['payments', '--lang', 'fr']), /--lang must be th or en, not "fr"/);
  const csv = (await cli(['payments', '--ref1', 'cli-lang-1', '--csv', '--lang', 'th'])).stdout;
  assert.match(csv, new RegExp(`^id,ref1,amount,status,createdAt,paidAt,late,link,sandbox,items,name,phone,address,note\\r\\n${id},cli-lang-1,70\\.00,paid,${bill.createdAt},${bill.paidAt},false,,true,,,,,\\r\\n$`));

  const events = await cli(['events', '--type', 'payment.paid', '--lang', 'th']);
  const paid = JSON.parse((await cli(['events', '--type', 'payment.paid', '--json'])).stdout).events.find((e: { data: { id: string } }) => e.data.id === id);
  assert.match(rows(events.stdout)[0], /^เวลา \(Asia\/Bangkok\) +เหตุการณ์ +บิล +ref1 +ยอด/);
  assert.ok(rows(events.stdout).some((line) => new RegExp(`^${at(paid.created, 7)} +payment\\.paid +${id} +cli-lang-1 +฿70\\.00`).test(line)), events.stdout);
  assert.match(events.stderr, /^ครั้งต่อไป: maemanee-pay events --type payment\.paid --lang th --after \d+\n$/);
  assert.ok((await cli(['events', '--type', 'payment.paid', '--csv'])).stdout.includes(`${paid.created},payment.paid,${id},cli-lang-1,70.00,`));

  const made = await cli(['link', '250', 'เสื้อแดง', '--json']);
  const link = JSON.parse(made.stdout);
  assert.match(link.expiresAt, /Z$/);
  assert.equal(link.lang, null, 'the page follows the payer\'s browser unless --page-lang says');
  const thaiLink = await cli(['link', '250', 'เสื้อแดง', '--page-lang', 'th'], { env: { ...env, LC_ALL: 'th_TH.UTF-8' } });
  assert.equal(thaiLink.status, 0, thaiLink.stderr);
  assert.match(thaiLink.stdout, /\n฿250\.00 เสื้อแดง\nref1 link-[\w-]+ ชำระได้ถึง \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Bangkok\)\n$/);
  const expires = /ชำระได้ถึง (\S+ \S+)/.exec(thaiLink.stdout)![1];
  const thaiJson = JSON.parse((await cli(['link', '1', 'x', '--page-lang', 'th', '--json'])).stdout);
  assert.equal(thaiJson.lang, 'th');
  assert.ok(Math.abs(Date.parse(`${expires.replace(' ', 'T')}+07:00`) - Date.parse(link.expiresAt)) < 60_000, `${expires} is ${link.expiresAt} in Bangkok`);
  assert.match((await cli(['link', '250', 'Red shirt', '--lang', 'en'])).stdout, /\nref1 link-[\w-]+, open until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Bangkok\)\n$/);
});

test('doctor says where pay links point, as the proxy makes them, and lists each webhook secret against the endpoints it signs for', async () => {
  const hooks = await listen(() => new Response(null, { status: 204 }));
  const [one, two, three] = ['whsec_c2hhcmVkLWZpcnN0LXNlY3JldC0wMDAwMDAwMDAwMDE=', 'whsec_c2hhcmVkLXNlY29uZC1zZWNyZXQtMDAwMDAwMDAwMDI=', 'whsec_ZW5kcG9pbnQtdHdvLW93bi1zZWNyZXQtMDAwMDAwMDI='];
  const environment = {
    ...env,
    MAEMANEE_PUBLIC_URL: '',
    MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com',
    MAEMANEE_WEBHOOK_URL: [1, 2, 3].map((n) => `${hooks.url}/hook-${n}`).join(','),
    MAEMANEE_WEBHOOK_SECRET: `${one} ${two}`,
    MAEMANEE_WEBHOOK_SECRET_2: three,
    MAEMANEE_WEBHOOK_SECRET_4: three,
  };
  try {
    const out = (await runCli(['doctor', '--lang', 'en'], { env: environment })).stdout;
    assert.doesNotMatch(out, /cannot make pay links/);
    assert.match(out, /! MAEMANEE_PUBLIC_URL is not set: a pay link points at the URL it was made through, which must be one of the allowed origins \(https:\/\/shop\.example\.com\)/);
    const tail = (s: string) => `whsec_…${s.slice(-4)}`;
    assert.match(out, new RegExp(`✓ MAEMANEE_WEBHOOK_SECRET ${tail(one)}: 32 bytes; signs for endpoints 1 and 3\\n`));
    assert.match(out, new RegExp(`✓ MAEMANEE_WEBHOOK_SECRET ${tail(two)}: 32 bytes; signs for endpoints 1 and 3\\n`));
    assert.match(out, new RegExp(`✓ MAEMANEE_WEBHOOK_SECRET_2 ${tail(three)}: 32 bytes; signs for endpoint 2\\n`));
    assert.match(out, /! MAEMANEE_WEBHOOK_SECRET_4 signs for nothing: there is no endpoint 4 in MAEMANEE_WEBHOOK_URL/);

    const through = (await runCli(['doctor', '--lang', 'en', '--endpoint', proxy.url], { env: environment })).stdout;
    assert.match(through, new RegExp(`! a pay link made through ${proxy.url} is refused \\(409 public_url_required\\): add ${proxy.url} to MAEMANEE_ALLOWED_ORIGINS, or set MAEMANEE_PUBLIC_URL`));
    const allowed = (await runCli(['doctor', '--lang', 'en', '--endpoint', proxy.url], { env: { ...environment, MAEMANEE_ALLOWED_ORIGINS: `https://shop.example.com,${proxy.url}` } })).stdout;
    assert.match(allowed, new RegExp(`✓ pay links made through ${proxy.url} point there`));
    const publicUrl = (await runCli(['doctor', '--lang', 'en'], { env: { ...environment, MAEMANEE_PUBLIC_URL: 'https://pay.example.com' } })).stdout;
    assert.match(publicUrl, /✓ MAEMANEE_PUBLIC_URL https:\/\/pay\.example\.com: pay links point here/);
    const sandbox = (await runCli(['doctor', '--lang', 'en'], { env: { PATH: process.env.PATH, MAEMANEE_DB: ':memory:' } })).stdout;
    assert.match(sandbox, /· MAEMANEE_PUBLIC_URL is not set: pay links point at the URL they are made through\n/);

    const thai = (await runCli(['doctor', '--lang', 'th'], { env: environment })).stdout;
    assert.match(thai, new RegExp(`✓ MAEMANEE_WEBHOOK_SECRET ${tail(one)}: 32 ไบต์ ใช้เซ็นให้ปลายทาง 1 และ 3\\n`));
    assert.match(thai, /! ไม่ได้ตั้ง MAEMANEE_PUBLIC_URL: ลิงก์ชำระเงินจะชี้ไปที่ URL ที่ใช้สร้างลิงก์/);
  } finally {
    await hooks.close();
  }
});

test('a merchant token refused says what to check, and an expired one says so, with nothing of the secret', async () => {
  const wrong = await cli(['payments'], { env: { ...env, MAEMANEE_SECRET: 'x'.repeat(40) } });
  refused(wrong, /401 invalid_token: [^\n]*signed \(HS256\) with this proxy's MAEMANEE_SECRET[^\n]*kind is "merchant"[^\n]*5 minutes/);
  assert.deepEqual(secretsIn(wrong.stderr), []);
  const now = Math.floor(Date.now() / 1000);
  const ask = async (claims: Record<string, unknown>) =>
    (await call(overHttp(proxy.url), '/v1/payments', { token: await sign({ iss: 'maemanee-pay', iat: now, ...claims }, env.MAEMANEE_SECRET, 'HS256') })).body.error;
  const expired = await ask({ kind: 'merchant', exp: now - 10 });
  assert.equal(expired.code, 'token_expired');
  assert.match(expired.message, /expired[^]*a new one for each call/);
  const payment = await ask({ kind: 'payment', exp: now + 60 });
  assert.equal(payment.code, 'invalid_token');
  assert.match(payment.message, /its kind is "payment", not "merchant"/);
  const long = await ask({ kind: 'merchant', exp: now + 3600 });
  assert.match(long.message, /5 minutes/);
});

test('verify --sandbox with no secret set checks with the sandbox\'s public secrets, and refuses what they signed unless it says sandbox', async () => {
  const bare = { PATH: process.env.PATH };
  const delivery = async (sandbox: boolean) => {
    const event = { id: 'payment.paid:77', type: 'payment.paid', created: '2026-11-29T10:00:00.000Z', data: { id: '77', ref1: 'demo-1', amount: 50, paidAt: '2026-11-29T10:00:00.000Z', late: false, link: null, sandbox } };
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    return `webhook-id: ${event.id}\nwebhook-timestamp: ${timestamp}\nwebhook-signature: ${await signWebhook([SANDBOX_WEBHOOK_SECRET], event.id, timestamp, body)}\n\n${body}`;
  };
  const valid = await cli(['verify', '--sandbox'], { env: bare, input: await delivery(true) });
  assert.equal(valid.status, 0, valid.stderr);
  assert.equal(valid.stdout, "valid webhook, signed with the sandbox's public webhook secret: payment.paid of bill 77, ref1 demo-1, ฿50.00, paid 2026-11-29 17:00:00 (Asia/Bangkok) (sandbox: no money moved)\n");
  refused(await cli(['verify', '--sandbox'], { env: bare, input: await delivery(false) }), /not valid: signed with the sandbox's public secret, which anyone has, yet not marked sandbox/);
  refused(await cli(['verify'], { env: bare, input: await delivery(true) }), /MAEMANEE_WEBHOOK_SECRET is not set[^\n]*--sandbox/);

  const receipt = (sandbox: boolean) => signReceipt(SANDBOX_SECRET, { id: '77', ref1: 'demo-1', amount: 50, paidAt: '2026-11-29T10:00:00.000Z', late: false, sandbox });
  assert.equal((await cli(['verify', '--sandbox'], { env: bare, input: await receipt(true) })).status, 0);
  refused(await cli(['verify', '--sandbox'], { env: bare, input: await receipt(false) }), /yet not marked sandbox/);
  // A secret of its own set, a sandbox receipt still checks with --sandbox.
  assert.equal((await cli(['verify', '--sandbox'], { env: { ...bare, MAEMANEE_SECRET: env.MAEMANEE_SECRET }, input: await receipt(true) })).status, 0);
  refused(await cli(['verify', '--sandbox'], { env: { ...bare, MAEMANEE_SECRET: env.MAEMANEE_SECRET }, input: await signReceipt('z'.repeat(40), { id: '1', ref1: 'r', amount: 1, paidAt: 'x', late: false, sandbox: true }) }), /not valid: The receipt is not valid/);
});

/**
 * The `maemanee-pay` command against a live proxy (a process of its own, live mode in front of two simulator hosts,
 * webhooks to a receiver that verifies with the npm `standardwebhooks` library): link, payments, events (and
 * --follow), verify, doctor (and --pay), --help everywhere, one clear line on every refusal, no secret in any output.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { Webhook } from 'standardwebhooks';
import { call, overHttp } from '../helpers/flow.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { deadUrl, proxyProcess, simulatorProxyEnv, startCommand, startUpstreams, stopProxyProcesses, type ProxyProcess } from '../helpers/servers.ts';

const CLI = [process.execPath, '--import', 'tsx', 'proxy/cli/bin.ts'];
const PUBLIC_URL = 'https://pay.example.com';

let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
let proxy: ProxyProcess;
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
  proxy = await proxyProcess({ ...proxyEnv, MAEMANEE_WEBHOOK_URL: `${receiver.url}/hook` });
  // What the merchant's own shell has: the proxy's settings, and where it is.
  env = { ...proxyEnv, MAEMANEE_WEBHOOK_URL: `${receiver.url}/hook`, MAEMANEE_ENDPOINT: proxy.url };
});

after(async () => {
  await proxy?.stop();
  stopProxyProcesses();
  await receiver?.close();
  await upstreams?.close();
});

/** The command as a merchant runs it, with standard input if given; never rejects. */
function cli(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(CLI[0], [...CLI.slice(1), ...args], { env: { PATH: process.env.PATH, ...(options.env ?? env) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.end(options.input ?? '');
    child.once('exit', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const secretsIn = (text: string) => [env.MAEMANEE_SECRET, env.MAEMANEE_WEBHOOK_SECRET, env.TMWEASY_PASSWORD].filter((s) => text.includes(s));

/** A refusal: exit status 1 and exactly one line, naming the command. */
function refused(result: { status: number; stdout: string; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^maemanee-pay[^\n]*\n$/, `one line: ${result.stderr}`);
  assert.match(result.stderr, pattern);
}

async function paidBill(ref1: string, amount = 70) {
  const target = overHttp(proxy.url);
  const bill = (await call(target, '/v1/payments', { method: 'POST', json: { amount, ref1 } })).body;
  upstreams.simulator.pay(bill.id);
  const confirmed = (await call(target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
  assert.equal(confirmed.status, 'paid');
  return { id: bill.id as string, receipt: confirmed.receipt as string };
}

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
  assert.deepEqual(names, ['proxy', 'sandbox', 'doctor', 'secret', 'link', 'payments', 'events', 'verify']);
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
  // Node 20 itself reads an --env-file anywhere on the command line, and stops first on a missing one.
  const missing = await cli(['--env-file', '/nonexistent/.dev.vars', 'doctor']);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /^[^\n]*\/nonexistent\/\.dev\.vars: (not found|ENOENT)\n$/);
});

test('--env-file: settings from a file, under those already set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-env-'));
  writeFileSync(join(dir, '.dev.vars'), `MAEMANEE_ENDPOINT=${proxy.url}\nMAEMANEE_SECRET="${env.MAEMANEE_SECRET}"\n`);
  const { MAEMANEE_ENDPOINT: _endpoint, MAEMANEE_SECRET: _secret, ...rest } = env;
  const listed = await cli(['--env-file', join(dir, '.dev.vars'), 'payments', '--limit', '1', '--json'], { env: rest });
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(Array.isArray(JSON.parse(listed.stdout).payments));
  refused(await cli(['--env-file', join(dir, '.dev.vars'), 'payments'], { env: { ...rest, MAEMANEE_SECRET: 'y'.repeat(40) } }), /401/);
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
  const json = await cli(['link', '99', 'Blue hat', '--json', '--lang', 'en']);
  assert.deepEqual((({ amount, description, lang, status }) => ({ amount, description, lang, status }))(JSON.parse(json.stdout)), { amount: 99, description: 'Blue hat', lang: 'en', status: 'open' });
  refused(await cli(['link', '9999999', 'Gold']), /400 invalid_amount/);
  refused(await cli(['link', '12.5', 'Half']), /whole baht/);
  refused(await cli(['link', '250', 'Red shirt', '--ref1', 'chat-42']), /400 invalid_ref1: a pay link's ref1 must begin with link-/);
  assert.deepEqual(secretsIn(made.stdout + made.stderr + json.stdout), []);
});

test('payments: a ref1\'s bills as a table, JSON and CSV; by status', async () => {
  const { id } = await paidBill('cli-order-1');
  const table = await cli(['payments', '--ref1', 'cli-order-1']);
  assert.equal(table.status, 0, table.stderr);
  const [head, row, ...rest] = table.stdout.trimEnd().split('\n');
  assert.match(head, /^id +ref1 +amount +status +createdAt +paidAt +late +link +sandbox$/);
  assert.match(row, new RegExp(`^${id} +cli-order-1 +70\\.00 +paid +\\S+Z +\\S+Z +false +true$`));
  assert.deepEqual(rest, []);
  const page = JSON.parse((await cli(['payments', '--ref1', 'cli-order-1', '--json'])).stdout);
  assert.deepEqual([page.payments.length, page.payments[0].id, page.payments[0].status], [1, id, 'paid']);
  const csv = (await cli(['payments', '--status', 'paid', '--csv'])).stdout;
  assert.match(csv, /^id,ref1,amount,status,createdAt,paidAt,late,link,sandbox\r\n/);
  assert.ok(csv.split('\r\n').some((line) => line.startsWith(`${id},cli-order-1,70.00,paid,`)));
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
  assert.match(linked[1], new RegExp(`^${bill.id} +link-cli-tea +80\\.00 +paid +\\S+Z +\\S+Z +false +${link.id} +true$`));
  const plain = (await cli(['payments', '--ref1', 'cli-tea'])).stdout.trimEnd().split('\n');
  assert.match(plain[1], new RegExp(`^${own.id} +cli-tea +70\\.00 +paid +\\S+Z +\\S+Z +false +true$`), 'no link');
  const csv = (await cli(['payments', '--ref1', 'link-cli-tea', '--csv'])).stdout;
  assert.ok(csv.includes(`,false,${link.id},true\r\n`), csv);
});

test('events: listed after a cursor, as CSV; --follow prints each new event as it is recorded', async () => {
  const first = await paidBill('cli-events-1');
  const listed = await cli(['events', '--type', 'payment.paid', '--csv']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(listed.stdout.split('\r\n').some((line) => line.includes(`,payment.paid,${first.id},cli-events-1,70.00,false,`)));
  const next = /--after (\d+)/.exec(listed.stderr)?.[1];
  assert.ok(next, listed.stderr);
  assert.equal((await cli(['events', '--after', next!, '--type', 'payment.paid'])).stdout, 'no events\n');

  const follow = await startCommand([...CLI, 'events', '--follow', '--json', '--every', '1', '--after', next!], { env: { PATH: process.env.PATH, ...env } });
  try {
    const second = await paidBill('cli-events-2');
    const deadline = Date.now() + 10_000;
    while (!follow.output().includes(second.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = follow.output().split('\n').filter((l) => l.startsWith('{'));
    assert.deepEqual(lines.map((l) => JSON.parse(l).id), [`payment.paid:${second.id}`], 'only what came after the cursor, once');
  } finally {
    await follow.stop();
  }
  assert.match(follow.output(), /next: maemanee-pay events --after \d+\n$/);

  // A proxy out of reach is waited out, not the end of the watch.
  const unreachable = await startCommand([...CLI, 'events', '--follow', '--every', '1', '--endpoint', (await deadUrl()).replace('/api_mn.php', '')], { env: { PATH: process.env.PATH, ...env } });
  const until = Date.now() + 10_000;
  while ((unreachable.output().match(/cannot reach the proxy now/g)?.length ?? 0) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.equal(unreachable.child.exitCode, null, unreachable.output());
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
  assert.equal(valid.stdout, `valid webhook, signed with MAEMANEE_WEBHOOK_SECRET: payment.paid of bill ${id}, ref1 cli-verify-1, ฿70.00 (sandbox: no money moved)\n`);
  refused(await cli(['verify'], { input: logged }), /not valid: event is from the sandbox/);
  refused(await cli(['verify', '--sandbox'], { input: logged.replace('"amount":70', '"amount":7000') }), /not valid: no webhook-signature matches/);
  const options = ['--id', delivery.headers['webhook-id'], '--timestamp', delivery.headers['webhook-timestamp'], '--signature', delivery.headers['webhook-signature']];
  assert.equal((await cli(['verify', '--sandbox', '--json', ...options], { input: delivery.body })).status, 0);
  const stale = String(Number(delivery.headers['webhook-timestamp']) - 3600);
  refused(await cli(['verify', '--sandbox', ...options.slice(0, 2), '--timestamp', stale, ...options.slice(4)], { input: delivery.body }), /too far from now \(--any-time/);

  const checked = await cli(['verify', '--sandbox'], { input: `${receipt}\n` });
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stdout, new RegExp(`^valid receipt: bill ${id}, ref1 cli-verify-1, ฿70\\.00, paid \\S+Z \\(sandbox: no money moved\\)\\n$`));
  refused(await cli(['verify', '--sandbox'], { input: receipt.slice(0, -4) + 'AAAA' }), /not valid/);
  refused(await cli(['verify'], { input: '' }), /nothing on standard input/);
  assert.deepEqual(secretsIn(valid.stdout + checked.stdout), []);
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
  const doctor = await startCommand([...CLI, 'doctor', '--pay', '1', '--endpoint', proxy.url], { env: { PATH: process.env.PATH, ...env }, ready: /✓ bill (\d+), ref1 doctor-\d+, ฿1,/ });
  const id = doctor.match![1];
  await new Promise((r) => setTimeout(r, 300)); // the QR is printed next
  const payload = readTerminalQr(doctor.output());
  assert.ok(payload?.includes('A000000677010112') && payload.includes('54041.00'), `the QR in the terminal is the bill's: ${payload}`);
  upstreams.simulator.pay(id);
  const code = await new Promise<number | null>((resolve) => doctor.child.once('exit', resolve));
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

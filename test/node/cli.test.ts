/**
 * The \`maemanee-pay\` command as a shell runs it, installed on the PATH: what it prints for the merchant to run next
 * (the \`more:\` and \`next:\` hints) runs as printed, quoting and all.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { runCli } from '../helpers/command.ts';
import { overHttp, payBill } from '../helpers/flow.ts';
import { simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

/** The executable as npm links it, from the sources. */
const CLI = [process.execPath, '--import', 'tsx', join(process.cwd(), 'cli/bin.ts')];

let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
let proxy: Awaited<ReturnType<typeof startNodeProxy>>;
let env: Record<string, string>;

before(async () => {
  upstreams = await startUpstreams();
  const proxyEnv = simulatorProxyEnv(upstreams.urls, { MAEMANEE_PUBLIC_URL: 'https://pay.example.com' });
  proxy = await startNodeProxy(proxyEnv, 0, { log: () => {} });
  env = { ...proxyEnv, MAEMANEE_ENDPOINT: proxy.url };
});

after(async () => {
  await proxy?.close();
  await upstreams?.close();
});

const cli = (args: string[], options: { env?: Record<string, string | undefined> } = {}) =>
  runCli(args, { env: { PATH: process.env.PATH, ...(options.env ?? env) } });
const paidBill = (ref1: string, amount = 70) => payBill(overHttp(proxy.url), upstreams.simulator, ref1, amount);

/** A line as a shell runs it, with `maemanee-pay` on the PATH as an installed command would be. */
function inShell(line: string, environment: Record<string, string | undefined>) {
  const bin = mkdtempSync(join(tmpdir(), 'maemanee-bin-'));
  writeFileSync(join(bin, 'maemanee-pay'), `#!/bin/sh\nexec ${CLI.map((w) => `'${w}'`).join(' ')} "$@"\n`);
  chmodSync(join(bin, 'maemanee-pay'), 0o755);
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], { env: { ...environment, PATH: `${bin}:${process.env.PATH}` } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('exit', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

test('the more: and next: hints are the whole command that continues, every option given, quoted for a shell, and run as printed', async () => {
  const older = await paidBill('cli-more-1', 71);
  const newer = await paidBill('cli-more-1', 72);
  // A folder with a space and a quote in its name: the file must be quoted to run.
  const dir = mkdtempSync(join(tmpdir(), "maemanee shop's env-"));
  const file = join(dir, '.dev.vars');
  writeFileSync(file, `MAEMANEE_SECRET="${env.MAEMANEE_SECRET}"\n`);
  const { MAEMANEE_ENDPOINT: _endpoint, MAEMANEE_SECRET: _secret, ...rest } = env;
  const first = await cli(['--env', file, 'payments', '--endpoint', proxy.url, '--ref1', 'cli-more-1', '--status', 'paid', '--limit', '1', '--lang', 'en', '--tz', 'Asia/Tokyo'], { env: rest });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout.split('\n')[1], new RegExp(`^${newer.id} `));
  const more = /^more: (.*)\n$/.exec(first.stderr)?.[1];
  const quoted = `'${file.replace("'", `'\\''`)}'`;
  assert.match(more ?? '', new RegExp(`^maemanee-pay --env ${quoted.replace(/[\\'.]/g, '\\$&')} payments --endpoint ${proxy.url} --ref1 cli-more-1 --status paid --limit 1 --lang en --tz Asia/Tokyo --after \\d+$`), first.stderr);
  const second = await inShell(more!, rest);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout.split('\n')[1], new RegExp(`^${older.id} +cli-more-1 +฿71\\.00 +paid +\\S+ \\S+ +\\S+ \\S+ +yes$`), 'the next page, in the same form');

  const events = await cli(['events', '--endpoint', proxy.url, '--type', 'payment.paid', '--limit', '1', '--csv', '--lang', 'th']);
  assert.equal(events.status, 0, events.stderr);
  const next = /^ครั้งต่อไป: (.*)\n$/.exec(events.stderr)?.[1];
  assert.match(next ?? '', new RegExp(`^maemanee-pay events --endpoint ${proxy.url} --type payment\\.paid --limit 1 --csv --lang th --after \\d+$`), events.stderr);
  const continued = await inShell(next!, env);
  assert.equal(continued.status, 0, continued.stderr);
  const rows = (csv: string) => csv.trimEnd().split('\r\n');
  assert.equal(rows(continued.stdout)[0], rows(events.stdout)[0], 'CSV again');
  assert.notEqual(rows(continued.stdout)[1], rows(events.stdout)[1], 'the event after');
});

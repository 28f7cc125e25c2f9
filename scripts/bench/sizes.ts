/** What the browser and Workers download: the CDN bundle against its budget, and the Worker as wrangler uploads it. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CDN_BUDGET_BYTES } from '../budgets.ts';
import { kib, row } from './table.ts';

const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;

export async function sizes(): Promise<void> {
  const cdn = await readFile('dist/maemanee-pay.js');
  row('CDN bundle dist/maemanee-pay.js (Lit inside), raw / gzip -9', `${kib(cdn.length)} / ${gz(cdn)} B`, `gzip ≤ ${CDN_BUDGET_BYTES} B: ${gz(cdn) <= CDN_BUDGET_BYTES ? 'met' : 'MISSED'} (${CDN_BUDGET_BYTES - gz(cdn)} B to spare)`);
  const npm = await readFile('dist/npm/maemanee-pay.js');
  row('npm build of the element, own code only (Lit external), raw / gzip -9', `${kib(npm.length)} / ${gz(npm)} B`);

  const out = await mkdtemp(join(tmpdir(), 'maemanee-worker-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { stdio: 'ignore' });
  const files = (await readdir(out)).filter((f) => f.endsWith('.js'));
  const sandbox = files.filter((f) => f.startsWith('in-process-'));
  const live = files.filter((f) => !sandbox.includes(f));
  const total = async (names: string[]) => {
    const texts = await Promise.all(names.map((f) => readFile(join(out, f))));
    return { raw: texts.reduce((n, t) => n + t.length, 0), gzip: texts.reduce((n, t) => n + gz(t), 0) };
  };
  const l = await total(live);
  const s = await total(sandbox);
  row('live Worker as `wrangler deploy --dry-run` uploads it (script and shared chunk), raw / gzip -9', `${kib(l.raw)} / ${kib(l.gzip)}`, 'Workers free plan limit: 3 MiB gzip');
  row('sandbox module beside it, loaded only with MAEMANEE_UPSTREAM=sandbox, raw / gzip -9', `${kib(s.raw)} / ${kib(s.gzip)}`, 'simulator, promptparse, QR and PNG encoders');
}

/** What the browser and Workers download: the CDN bundle against its budget, and the Worker as wrangler uploads it. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { CDN_BUDGET_BYTES } from '../budgets.ts';
import { kib, row } from './table.ts';

const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;

/** The sandbox's chunk, which a live Worker never loads (named after `sandbox/in-process.ts`). */
const isSandboxChunk = (fileName: string) => fileName.startsWith('in-process-');

/** Where a module of the Worker comes from: its npm package, or the project folder it sits in. */
function partOf(id: string): string {
  if (id.startsWith('\0')) return `bundler helper (${id.slice(1)})`;
  const path = relative(process.cwd(), id);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  return path.split('/').slice(0, path.startsWith('proxy/') ? 2 : 1).join('/').replace(/\.ts$/, '');
}

/**
 * What the live Worker carries, part by part: the Worker build again, in memory, with each module's code as the
 * bundler rendered it. A part's gzip is of its code alone, so the parts add up to more than the whole.
 */
export async function workerParts(): Promise<string> {
  const result = await build({ mode: 'worker', logLevel: 'silent', build: { write: false } });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const parts = new Map<string, string>();
  for (const output of outputs) {
    for (const chunk of output.output) {
      if (chunk.type !== 'chunk' || isSandboxChunk(chunk.fileName)) continue;
      for (const [id, module] of Object.entries(chunk.modules)) {
        const part = partOf(id);
        parts.set(part, (parts.get(part) ?? '') + (module.code ?? ''));
      }
    }
  }
  const sized = [...parts].map(([part, code]) => ({ part, raw: code.length, gzip: gz(code) })).sort((a, b) => b.gzip - a.gzip);
  return [
    '| part | raw | gzip -9 alone |',
    '| --- | --- | --- |',
    ...sized.map((p) => `| ${p.part} | ${kib(p.raw)} | ${kib(p.gzip)} |`),
  ].join('\n');
}

/**
 * What each part of the element costs in the CDN bundle: the bundle built again without it (its module replaced by
 * a stand-in that does nothing), against the bundle with everything.
 */
const WITHOUT: [feature: string, module: string, standIn: string][] = [
  ['Save to Photos: the QR shared as a PNG file, else downloaded', 'widget/save-qr.ts', 'export const canShareFiles = () => true; export const saveQr = async () => {};'],
  ["the device test that puts the phone's path first (its markup stays)", 'widget/device.ts', 'export const onPhone = () => false;'],
  ['the paid view: check mark, amount, reference, time, "paid late", link back', 'widget/views/paid.ts', "import { html } from 'lit'; export const paidView = () => html``;"],
  ["the expired view: don't pay again, new QR", 'widget/views/expired.ts', "import { html } from 'lit'; export const expiredView = () => html``;"],
  ['the pending view: the QR, the countdown and warning, the steps, the actions', 'widget/views/pending.ts', "import { html } from 'lit'; export const pendingView = () => html``;"],
  ['the English texts (Thai kept)', 'widget/i18n/en.ts', "export { th as en } from './th.ts';"],
];

export async function featureCosts(): Promise<string> {
  const size = async (standIn?: { module: string; code: string }) => {
    const result = await build({
      logLevel: 'silent',
      build: { write: false },
      plugins: standIn ? [{ name: 'stand-in', enforce: 'pre', load: (id) => (id.endsWith(standIn.module) ? standIn.code : undefined) }] : [],
    });
    const [output] = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    return gz((output.output[0] as Rollup.OutputChunk).code);
  };
  const whole = await size();
  const lines = [];
  for (const [feature, module, code] of WITHOUT) lines.push(`| ${feature} | \`${module}\` | ${whole - (await size({ module, code }))} B |`);
  return [`The bundle with everything: ${whole} B gzip -9. Each row: the bundle built without that part, against it.\n`, '| part | module | costs |', '| --- | --- | --- |', ...lines].join('\n');
}

export async function sizes(): Promise<void> {
  const cdn = await readFile('dist/maemanee-pay.js');
  row('CDN bundle dist/maemanee-pay.js (Lit inside), raw / gzip -9', `${kib(cdn.length)} / ${gz(cdn)} B`, `gzip ≤ ${CDN_BUDGET_BYTES} B: ${gz(cdn) <= CDN_BUDGET_BYTES ? 'met' : 'MISSED'} (${CDN_BUDGET_BYTES - gz(cdn)} B to spare)`);
  const npm = await readFile('dist/npm/maemanee-pay.js');
  row('npm build of the element, own code only (Lit external), raw / gzip -9', `${kib(npm.length)} / ${gz(npm)} B`);
  const page = await readFile('dist/pay-page.js');
  row("pay pages' script dist/pay-page.js (a shop link's form, the receipt), raw / gzip -9", `${kib(page.length)} / ${gz(page)} B`, 'loaded by the pay pages only, not by the element');

  const out = await mkdtemp(join(tmpdir(), 'maemanee-worker-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { stdio: 'ignore' });
  const files = (await readdir(out)).filter((f) => f.endsWith('.js'));
  const sandbox = files.filter(isSandboxChunk);
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

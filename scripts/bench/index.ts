/**
 * `npm run bench`: what maemanee-pay costs, measured on this machine, printed as one table and written to
 * docs/performance.md. Not part of `npm test`: timings belong in a benchmark, not in assertions.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { browser } from './browser.ts';
import { consolePoll } from './console.ts';
import { pageWeight } from './page-weight.ts';
import { postgresLoad } from './postgres-load.ts';
import { consoleLighthouse, payPageLighthouse } from './lighthouse.ts';
import { profile } from './profile.ts';
import { proxyLoad } from './proxy-load.ts';
import { reconciliation } from './reconciliation.ts';
import { featureCosts, sizes, workerParts } from './sizes.ts';
import { markdown } from './table.ts';

await sizes();
await pageWeight();
const costs = await featureCosts();
const parts = await workerParts();
await proxyLoad();
await postgresLoad();
await consolePoll();
const spent = await profile();
await reconciliation();
const chromium = await browser();
await payPageLighthouse();
await consoleLighthouse();

const machine = `${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${chromium}`;
await writeFile(
  'docs/performance.md',
  `# Performance\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on: ${machine}.\n\n` +
    'Loopback only. The load rows use autocannon from the bench\'s process; the simulator and the proxy each run in a process of their own, as `npm run sandbox` and `npm run proxy` start them: the "simulator" rows call the standalone simulator itself, the proxy rows go through the Node proxy (live mode, ledger in an SQLite file unless the row says PostgreSQL, JSON log on standard output) in front of it, in the same run; the difference is what the proxy costs. The PostgreSQL rows use a PostgreSQL server the bench starts on loopback (fsync on), on the same machine. The pay page and console rows are Lighthouse\'s mobile audit (its default phone, simulated slow 4G and a 4× slower CPU) of a pay link\'s open page, a shop link\'s form, and the seller\'s console (its signed-out start, and Today signed in by a session cookie set before the visit) on the Node proxy in live mode, each run a first visit in a fresh Chromium.\n\n' +
    `${markdown()}\n\n## What a browser\'s poll costs the proxy\n\n` +
    'A CPU profile of the proxy (`node --cpu-prof`) while it answers a paid bill\'s confirm from its ledger, with an allowed Origin, under the load above; each sample summed by where its code comes from.\n\n' +
    `${spent}\n\n## What each part of the element costs\n\n${costs}\n\n## What the live Worker carries\n\n` +
    'The live Worker\'s code by where it comes from (the simulator is not in it: it sits in the sandbox module). Unminified, as wrangler uploads it.\n\n' +
    `${parts}\n`,
);
console.log(`\n${machine}\nwritten to docs/performance.md`);
process.exit(0);

/**
 * The servers the benchmarks measure, in a process of their own so the load generator does not share their event
 * loop: a standalone simulator host, and the Node proxy in live mode in front of it, with its ledger in an SQLite
 * file and its default JSON log (to /dev/null unless --log is given). Prints their URLs as one JSON line.
 *   --check-gap-ms N   the proxy's MAEMANEE_CHECK_GAP_MS (default: the product's 2000)
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { listen } from '../../proxy/runtime/node-listen.ts';
import { createSimulatorHost, Simulator } from '../../proxy/sandbox/index.ts';
import { benchProxyEnv } from './env.ts';

const { values } = parseArgs({ options: { 'check-gap-ms': { type: 'string' }, log: { type: 'string', default: '/dev/null' } } });
const logFile = createWriteStream(values.log);
const simulator = new Simulator();
const host = await listen(createSimulatorHost(simulator).app.fetch);
const dir = await mkdtemp(join(tmpdir(), 'maemanee-bench-'));
const proxy = await startNodeProxy(
  benchProxyEnv(host.url, {
    MAEMANEE_RATE_LIMIT: '100000000',
    MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example',
    // The load is one payment checked thousands of times a second: lift the per-payment and per-client limits.
    MAEMANEE_CHECK_LIMIT: '100000000',
    MAEMANEE_CHECK_CLIENT_LIMIT: '100000000',
    MAEMANEE_DB: join(dir, 'ledger.sqlite'),
    ...(values['check-gap-ms'] ? { MAEMANEE_CHECK_GAP_MS: values['check-gap-ms'] } : {}),
  }),
  0,
  { log: (entry) => logFile.write(`${JSON.stringify(entry)}\n`) },
);
// The benchmark pays bills through this process's simulator.
process.stdin.on('data', (chunk) => {
  for (const id of String(chunk).split(/\s+/).filter(Boolean)) simulator.pay(id);
});
console.log(JSON.stringify({ simulator: host.url, proxy: proxy.url }));
// Exit through process.exit, so that a profiler started with --cpu-prof writes its profile.
process.on('SIGTERM', () => process.exit(0));

/**
 * The servers the load benchmarks measure, each in a process of its own as a merchant runs them: the standalone
 * simulator as `maemanee-pay sandbox` starts it, and the Node proxy as `maemanee-pay proxy` starts it (live mode in front of
 * that simulator, its ledger in an SQLite file unless told otherwise, its JSON log on standard output, which the bench
 * reads and drops).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchProxyEnv } from './env.ts';

export interface BenchServers {
  simulator: string;
  proxy: string;
  /** Every proxy process, `proxy` first, when several share one ledger. */
  proxies: string[];
  /** The proxy's process, for a CPU profile. */
  proxyPid: number;
  /** The customer's transfer, through the simulator's sandbox control. */
  pay(id: string): Promise<void>;
  stop(): void;
}

/**
 * Starts a script with tsx, as the npm scripts do, and resolves with the first URL it prints outside its JSON log
 * (whose start-up line may name a configured URL, such as the public one, before the server listens).
 */
function start(script: string, args: string[], env: Record<string, string>, extraNodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...extraNodeArgs, '--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  // Killed with the bench if it ends first; the listener goes with the child, as the bench starts many in turn.
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const url = /^(?!\{).*?(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
      if (url) {
        // Keep reading what it logs, as a terminal or journald would, but keep none of it.
        child.stdout!.off('data', onData).resume();
        resolve({ url, child });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

/**
 * `proxyEnv` adds to the proxy's environment (MAEMANEE_DB=postgres://… for the ledger on PostgreSQL); `profile` starts
 * it with --cpu-prof into that folder; `count` proxy processes share the one ledger and the one simulator.
 */
export async function startBenchServers(proxyEnv: Record<string, string> = {}, profile?: string, count = 1): Promise<BenchServers> {
  const simulator = await start('cli/bin.ts', ['sandbox', '--port', '0'], {});
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-bench-'));
  const env = benchProxyEnv(simulator.url, {
    PORT: '0',
    MAEMANEE_RATE_LIMIT: '100000000',
    MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example',
    // The load is one payment checked thousands of times a second: lift the per-payment and per-client limits.
    MAEMANEE_CHECK_LIMIT: '100000000',
    MAEMANEE_CHECK_CLIENT_LIMIT: '100000000',
    MAEMANEE_DB: join(dir, 'ledger.sqlite'),
    ...proxyEnv,
  });
  const proxies = await Promise.all(Array.from({ length: count }, () => start('cli/bin.ts', ['proxy'], env, profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])));
  return {
    simulator: simulator.url,
    proxy: proxies[0].url,
    proxies: proxies.map((p) => p.url),
    proxyPid: proxies[0].child.pid!,
    pay: async (id) => void (await fetch(`${simulator.url}/sandbox/payments/${id}/pay`, { method: 'POST' })),
    // The proxy exits through process.exit on SIGTERM, so that a profiler started with --cpu-prof writes its profile.
    stop: () => {
      for (const proxy of proxies) proxy.child.kill('SIGTERM');
      simulator.child.kill('SIGTERM');
    },
  };
}

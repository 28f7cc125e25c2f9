/** Starts scripts/bench/servers.ts in a process of its own and hands back its URLs and a way to pay a bill there. */
import { spawn } from 'node:child_process';

export interface BenchServers {
  simulator: string;
  proxy: string;
  pay(id: string): void;
  stop(): void;
}

export async function startBenchServers(args: string[] = []): Promise<BenchServers> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/servers.ts', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  const urls: { simulator: string; proxy: string } = await new Promise((resolve) =>
    child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).trim().split('\n').pop()!))),
  );
  return { ...urls, pay: (id) => child.stdin.write(`${id}\n`), stop };
}

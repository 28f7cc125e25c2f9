/** Servers the HTTP-level tests start on 127.0.0.1 and stop themselves. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type Listening } from '../../proxy/runtime/node-listen.ts';
import { overHttp, type Target } from './flow.ts';
import { createSimulatorHost, Simulator, type SimulatorSettings, type SimulatorHost } from '../../sandbox/index.ts';

/**
 * The environment of a live-mode proxy in front of standalone simulator hosts: the sandbox's published credentials
 * (so its receipts still say `sandbox: true`), a fixed secret (so tokens survive a restart), no rate limit to speak of.
 */
export function simulatorProxyEnv(urls: string[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    TMWEASY_USER: 'sandbox',
    TMWEASY_PASSWORD: 'sandbox-password',
    TMWEASY_CON_ID: '1',
    MAEMANEE_SECRET: 'simulator-proxy-secret-0123456789abcdef',
    MAEMANEE_WEBHOOK_SECRET: 'whsec_c2ltdWxhdG9yLXByb3h5LXdlYmhvb2stc2VjcmV0LTAx',
    MAEMANEE_UPSTREAM: urls.join(','),
    MAEMANEE_RATE_LIMIT: '100000000',
    MAEMANEE_CHECK_CLIENT_LIMIT: '100000000',
    // Each proxy its own ledger, unless a test shares one on purpose.
    MAEMANEE_DB: ':memory:',
    // The flows pay a bill right after checking it; the economy tests set the gap back.
    MAEMANEE_CHECK_GAP_MS: '0',
    ...extra,
  };
}

/** Short bills and a short grace on a ledger file in `dir`, so that a bill's whole life fits in a test. */
export const shortLives = (dir: string, extra: Record<string, string> = {}) => ({
  MAEMANEE_DB: join(dir, 'ledger.sqlite'),
  MAEMANEE_RECONCILE_SECONDS: '1',
  MAEMANEE_RECONCILE_GRACE_SECONDS: '1',
  MAEMANEE_UPSTREAM_TIMEOUT_MS: '500',
  ...extra,
});

/** Every proxy process started, so none outlives a suite whatever fails. */
const children = new Set<ChildProcess>();

export interface ProxyProcess {
  target: Target;
  url: string;
  child: ChildProcess;
  /** What it printed, stdout and stderr. */
  output(): string;
  /** SIGTERM, and wait for it to exit. */
  stop(): Promise<void>;
}

/**
 * A long-running command in a process group of its own (so a wrapper such as npx goes with what it started),
 * resolved once its output matches `ready` (at once without one); rejects with its output if it exits first.
 */
export async function startCommand(
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; ready?: RegExp },
): Promise<{ match: RegExpExecArray | null; child: ChildProcess; output(): string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stderr!.on('data', (chunk) => (out += chunk));
  child.stdout!.on('data', (chunk) => (out += chunk));
  const match = await new Promise<RegExpExecArray | null>((resolve, reject) => {
    if (!options.ready) return resolve(null);
    child.stdout!.on('data', () => {
      const found = options.ready!.exec(out);
      if (found) resolve(found);
    });
    child.once('exit', (code, signal) => reject(Object.assign(new Error(`${argv.join(' ')} exited with ${code ?? signal}: ${out}`), { code, signal, output: out })));
  });
  return {
    match,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/** A proxy in a process of its own, as `maemanee-pay proxy` starts it; rejects with its output if it exits first. */
export async function proxyProcess(env: Record<string, string>): Promise<ProxyProcess> {
  const started = await startCommand([process.execPath, '--import', 'tsx', 'cli/bin.ts', 'proxy'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    ready: /listening on (http:\/\/\S+)/,
  });
  const url = started.match![1];
  return { target: overHttp(url), url, child: started.child, output: started.output, stop: started.stop };
}

export function stopProxyProcesses(): void {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Two upstream hosts over one simulator: the official host and its mirror; `now` is the simulator's clock. */
export async function startUpstreams(settings: Partial<SimulatorSettings> = {}, now?: () => number) {
  const simulator = new Simulator(undefined, settings, now);
  const hosts: (SimulatorHost & Listening)[] = [];
  for (let i = 0; i < 2; i++) {
    const host = createSimulatorHost(simulator);
    hosts.push({ ...host, ...(await listen(host.app.fetch)) });
  }
  return { simulator, hosts, urls: hosts.map((h) => `${h.url}/api_mn.php`), close: () => Promise.all(hosts.map((h) => h.close())) };
}

/** A port nothing listens on, for "the upstream is down". */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/api_mn.php`;
}

export async function freePort(): Promise<number> {
  const url = await deadUrl();
  return Number(new URL(url).port);
}

/** The proxy in workerd, through `wrangler dev`; on the sandbox unless `vars` says otherwise. */
export async function startWorker(
  vars: Record<string, string> = { MAEMANEE_UPSTREAM: 'sandbox', MAEMANEE_CHECK_GAP_MS: '0' },
  persistTo?: string,
  config?: string,
): Promise<{ url: string; close(): Promise<void> }> {
  // A port found free can be taken before wrangler binds it: start again on others, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(vars, persistTo, config);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE|address already in use/i.test(String(error))) throw error;
    }
  }
}

async function startWorkerOnce(vars: Record<string, string>, persistTo?: string, config?: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(await freePort())];
  // Each Worker its own Durable Object storage, unless a test keeps one across restarts on purpose.
  args.push('--persist-to', persistTo ?? (await mkdtemp(join(tmpdir(), 'maemanee-wrangler-'))));
  if (config) args.push('--config', config);
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child: ChildProcess = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (/Ready on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wrangler dev exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/**
 * Sandbox mode: the simulator inside the proxy's own process, reached through the real upstream client (so parsing,
 * timeouts and scrubbing run as in live mode), with its controls to mount at `/sandbox`. Loaded only when the
 * configuration chooses the sandbox.
 */
import type { Hono } from 'hono';
import { SANDBOX_CREDENTIALS } from '../proxy/config.ts';
import { createUpstream, type Upstream, type UpstreamOptions } from '../proxy/upstream/client.ts';
import { createSimulatorHost, type SimulatorHost } from './host.ts';
import { Simulator } from './simulator.ts';
import { sandboxControlRoutes } from './control-routes.ts';

/**
 * Where the in-process simulator is "reached": the request never leaves the process. https, as the proxy passes on
 * only an https `urlpay`; the proxy puts the bill page's path on its own base (payments/bill-maker.ts).
 */
const SANDBOX_URL = 'https://sandbox.invalid/api_mn.php';

/** The isolate's one simulator, for runtimes where several proxies in one isolate must see the same bills. */
let isolateHost: { simulator: Simulator; host: SimulatorHost } | undefined;

/** The simulator, the upstream client that reaches it, and its controls. */
export interface InProcessSandbox {
  upstream: Upstream;
  /** The controls, told how to move the ledger's expiry when the simulator expires a bill early. */
  routes: (onExpire: (id: string) => Promise<void>) => Hono;
  simulator: Simulator;
}

export function inProcessSandbox(
  options: { windowSeconds: number; shared?: boolean } & Pick<UpstreamOptions, 'timeoutMs' | 'onFault'>,
): InProcessSandbox {
  const fresh = () => {
    const simulator = new Simulator(SANDBOX_CREDENTIALS, { windowSeconds: options.windowSeconds });
    return { simulator, host: createSimulatorHost(simulator) };
  };
  const { simulator, host } = options.shared ? (isolateHost ??= fresh()) : fresh();
  const upstream = createUpstream({
    urls: [SANDBOX_URL],
    ...SANDBOX_CREDENTIALS,
    timeoutMs: options.timeoutMs,
    fetch: async (input, init) => host.app.fetch(new Request(input, init)),
    onFault: options.onFault,
  });
  return { upstream, routes: (onExpire) => sandboxControlRoutes(simulator, host.setFault, onExpire), simulator };
}

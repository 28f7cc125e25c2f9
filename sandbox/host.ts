/**
 * One upstream host over a simulator: `GET /api_mn.php` in the upstream's protocol, with its own injected faults,
 * and the sandbox controls at `/sandbox`. Two hosts over one simulator behave like the official host and its mirror.
 */
import { Hono } from 'hono';
import { sandboxControlRoutes } from './control-routes.ts';
import { faultyResponse, type Fault } from './faults.ts';
import type { Simulator } from './simulator.ts';

export interface SimulatorHost {
  app: Hono;
  setFault(fault: Fault): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSimulatorHost(simulator: Simulator): SimulatorHost {
  let fault: Fault = { kind: 'none' };
  const setFault = (next: Fault) => (fault = next);
  const app = new Hono();

  app.get('/api_mn.php', async (c) => {
    const url = new URL(c.req.url);
    const params = url.searchParams;
    const active = fault.kind !== 'none' && (!fault.methods || fault.methods.includes(params.get('method') ?? ''));
    if (!active) return c.json(await simulator.call(params, url.origin));
    const applied = fault;
    if (applied.count !== undefined && --applied.count <= 0) fault = { kind: 'none' };
    // The call takes effect before the fault shows, as on a real host that fails after writing: a create_pay that
    // answers HTML or too late may well have made the bill, and a confirm that answers 500 may have used up the one
    // "paid" answer a bill gives.
    const answer = await simulator.call(params, url.origin);
    if (applied.delayMs) await sleep(applied.delayMs);
    return faultyResponse(applied, answer) ?? c.json(answer);
  });
  app.route('/sandbox', sandboxControlRoutes(simulator, setFault));

  return { app, setFault };
}

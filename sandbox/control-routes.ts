/**
 * The sandbox's controls: what a test or the demo does in place of the customer and the upstream. One set, mounted at
 * `/sandbox` by the proxy in sandbox mode and by the standalone simulator host alike:
 * `POST /payments/:id/pay`, `POST /payments/:id/expire`, `PUT /fault`.
 */
import { Hono } from 'hono';
import type { ErrorBody } from '../contract/http.ts';
import { parseFault, type Fault } from './faults.ts';
import type { Simulator } from './simulator.ts';

const error = (code: string, message: string): ErrorBody => ({ error: { code, message } });

export function sandboxControlRoutes(simulator: Simulator, setFault: (fault: Fault) => void, onExpire?: (id: string) => Promise<void>): Hono {
  return new Hono()
    .post('/payments/:id{\\d{1,20}}/:action{pay|expire}', async (c) => {
      const id = c.req.param('id');
      const expire = c.req.param('action') === 'expire';
      const done = expire ? simulator.expire(id) : simulator.pay(id);
      if (!done) return c.json(error('payment_not_found', 'No such sandbox bill'), 404);
      // The proxy knows each bill's expiry from its creation, and would not see the simulator cut it short.
      if (expire) await onExpire?.(id);
      return c.json({ ok: true });
    })
    .put('/fault', async (c) => {
      let fault: Fault;
      try {
        fault = parseFault(await c.req.json());
      } catch (e) {
        return c.json(error('invalid_fault', e instanceof SyntaxError ? 'The body is not valid JSON' : (e as Error).message), 400);
      }
      setFault(fault);
      return c.json({ ok: true, fault });
    });
}

/**
 * The sandbox's controls: what a test or the demo does in place of the customer and the upstream. One set, mounted at
 * `/sandbox` by the proxy in sandbox mode and by the standalone simulator host alike:
 * `GET /payments/:id` (the stand-in bill page, a bill's `urlpay`), `POST /payments/:id/pay`,
 * `POST /payments/:id/expire`, `PUT /fault`.
 */
import { Hono, type Context } from 'hono';
import type { ErrorBody } from '../contract/http.ts';
import { pageLang } from '../proxy/links/texts.ts';
import { billPage, billPagePolicy, notFoundPage } from './bill-page.ts';
import { parseFault, type Fault } from './faults.ts';
import type { Simulator } from './simulator.ts';

const error = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** The page's language: `?lang=th|en`, else the browser's preference, else Thai. */
const langOf = (c: Context) => pageLang(c.req.query('lang'), null, c.req.header('accept-language'));
/** `?lang=` as asked, carried from the page to its form and back, so a chosen language stays. */
const langQuery = (c: Context) => {
  const lang = c.req.query('lang');
  return lang === 'th' || lang === 'en' ? `?lang=${lang}` : '';
};

export function sandboxControlRoutes(simulator: Simulator, setFault: (fault: Fault) => void, onExpire?: (id: string) => Promise<void>): Hono {
  return new Hono()
    .get('/payments/:id{\\d{1,20}}', async (c) => {
      c.header('Content-Security-Policy', await billPagePolicy());
      c.header('Cache-Control', 'no-store');
      const bill = simulator.show(c.req.param('id'));
      if (!bill) return c.html(notFoundPage(langOf(c)), 404);
      return c.html(billPage(langOf(c), bill, langQuery(c)));
    })
    .post('/payments/:id{\\d{1,20}}/:action{pay|expire}', async (c) => {
      const id = c.req.param('id');
      const expire = c.req.param('action') === 'expire';
      const done = expire ? simulator.expire(id) : simulator.pay(id);
      if (!done) return c.json(error('payment_not_found', 'No such sandbox bill'), 404);
      // The proxy knows each bill's expiry from its creation, and would not see the simulator cut it short.
      if (expire) await onExpire?.(id);
      // The bill page's form asks for HTML: back to the page, which now says paid. A script gets JSON.
      if (c.req.header('accept')?.includes('text/html')) return c.redirect(`../${id}${langQuery(c)}`, 303);
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

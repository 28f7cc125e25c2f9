/** `GET /health`: that the proxy serves, in which mode, and whether the upstream and the ledger work. */
import { Hono } from 'hono';
import type { Health } from '../../../contract/http.ts';
import type { ProxyConfig } from '../../config.ts';
import type { Log } from '../../log.ts';
import type { PaymentsService } from '../../payments/payments.ts';
import type { AppEnv } from '../context.ts';

/**
 * `upstream` says `refusing` when the upstream keeps refusing what it should accept (credentials). `ledger` is
 * probed with a write on every call: a proxy that cannot record a payment is not healthy (503), whatever else works.
 */
export const healthRoutes = (config: ProxyConfig, payments: PaymentsService, log: Log) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const ledger = await payments.probeLedger().then(
      () => 'ok' as const,
      (error) => {
        log({ level: 'error', msg: 'ledger_failing', error: (error as Error)?.message });
        return 'failing' as const;
      },
    );
    const body: Health = { ok: ledger === 'ok', mode: config.mode, upstream: payments.upstreamState(), ledger };
    return c.json(body, ledger === 'ok' ? 200 : 503);
  });

/** What `GET /health` says (and the console's health, which adds to it): the mode, the upstream and the ledger. */
import type { Health } from '../contract/http.ts';
import type { ProxyConfig } from './config.ts';
import type { Log } from './log.ts';
import type { PaymentsService } from './payments/payments.ts';

/**
 * `upstream` says `refusing` when the upstream keeps refusing what it should accept (credentials). `ledger` is
 * probed with a write on every call: a proxy that cannot record a payment is not healthy, whatever else works.
 */
export async function healthOf(config: ProxyConfig, payments: PaymentsService, log: Log): Promise<Health> {
  const ledger = await payments.probeLedger().then(
    () => 'ok' as const,
    (error) => {
      log({ level: 'error', msg: 'ledger_failing', error: (error as Error)?.message });
      return 'failing' as const;
    },
  );
  return { ok: ledger === 'ok', mode: config.mode, upstream: payments.upstreamState(), ledger };
}

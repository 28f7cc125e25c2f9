/**
 * What every step of a payment works with: the configuration, the upstream, the ledger, the clock and the log, and
 * the few helpers the steps share. `createPaymentsService` builds one context and hands it to each step.
 */
import type { BillFacts, Payment } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { BillRecord, Ledger, Outbox } from '../ledger/ledger.ts';
import type { Log } from '../log.ts';
import type { Upstream } from '../upstream/client.ts';
import type { Caller } from './payments.ts';
import type { Schedule } from './schedule.ts';
import { iso } from '../time.ts';

/** What the payments service is built from. */
export interface PaymentsOptions {
  config: ProxyConfig;
  upstream: Upstream;
  ledger: Ledger;
  log: Log;
  now?: () => number;
  /** For webhook deliveries. */
  fetch?: typeof fetch;
  /** Told when something became due now (a webhook to send), so that the runtime's scheduler wakes. */
  wake?: () => void;
}

/** What the steps of one payments service share: its dependencies, and the upstream's run of refusals (for /health). */
export interface PaymentsContext {
  config: ProxyConfig;
  upstream: Upstream;
  ledger: Ledger;
  log: Log;
  now: () => number;
  schedule: Schedule;
  /** Whether what this proxy signs is marked sandbox. */
  sandbox: boolean;
  wake: () => void;
  fetch?: typeof fetch;
  /** The webhook endpoints an event recorded at `at` is queued to. */
  outbox(at: number): Outbox;
  /** The longest one upstream call can take: every host's timeout. */
  maxCallMs: number;
  /**
   * An upstream refusal of a call that should succeed (creating a bill, reading one we created): account-level
   * trouble, such as a changed password or con_id. Logged with the upstream's words, answered 502; a run of them
   * shows in /health.
   */
  refused(what: string, method: string, upstreamMsg: string, caller?: Caller): ApiError;
  /** An upstream call that should succeed did. */
  accepted(): void;
  /** `refusing` once the upstream has refused several such calls in a row. */
  upstreamState(): 'ok' | 'refusing';
}

export function createPaymentsContext(options: PaymentsOptions): PaymentsContext {
  const { config, log } = options;
  let refusalsInARow = 0;
  return {
    config,
    upstream: options.upstream,
    ledger: options.ledger,
    log,
    now: options.now ?? Date.now,
    schedule: config.schedule,
    sandbox: config.sandboxClaims,
    wake: options.wake ?? (() => {}),
    fetch: options.fetch,
    outbox: (at) => ({ endpoints: config.webhooks.map((w) => w.url), at }),
    maxCallMs: Math.max(1, config.upstreamUrls.length) * config.upstreamTimeoutMs,
    refused(what, method, upstreamMsg, caller) {
      refusalsInARow++;
      log({ level: 'warn', msg: 'upstream_refused', method, rid: caller?.rid, upstreamMsg });
      return new ApiError(502, 'upstream_refused', `The payment service refused to ${what}`);
    },
    accepted: () => void (refusalsInARow = 0),
    upstreamState: () => (refusalsInARow >= 2 ? 'refusing' : 'ok'),
  };
}


/**
 * What the browser may see of a bill the ledger holds: the QR and bill page the upstream gave at its creation. An
 * expired bill's QR is not shown again: nobody should scan it.
 */
export function paymentOf(row: BillRecord, now: number): Payment {
  const expired = now >= row.expiresAt;
  return {
    id: row.id,
    ref1: row.ref1,
    amount: row.amount,
    qr: expired ? '' : row.qr,
    payUrl: row.payUrl,
    expiresAt: iso(row.expiresAt),
    serverTime: iso(now),
    status: expired ? 'expired' : 'pending',
    sandbox: row.sandbox,
  };
}

/** What the shop is told of any bill, in events. */
export function factsOf(row: BillRecord): BillFacts {
  return {
    id: row.id,
    ref1: row.ref1,
    amount: row.amount,
    expiresAt: iso(row.expiresAt),
    sandbox: row.sandbox,
    ...(row.linkId ? { link: row.linkId } : {}),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another request is settling this order's bill and did not finish in time. */
export const ORDER_BUSY = () => new ApiError(503, 'order_busy', "This order's bill is being settled; try again in a moment", { 'Retry-After': '2' });

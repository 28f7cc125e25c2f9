/**
 * The webhook outbox: each event's delivery to each endpoint, retried on the schedule until it is accepted or the
 * horizon passes. Deliveries run apart from the checks and from each other: a receiver that hangs holds at most a few
 * attempts of its own, never another endpoint's, nor a bill's check.
 */
import type { DeliveryRef } from '../ledger/ledger.ts';
import { deliverWebhook } from '../webhook/sender.ts';
import type { PaymentsContext } from './context.ts';
import type { PaymentsService } from './payments.ts';
import { nextDeliveryAt } from './schedule.ts';

/** Attempts in flight at once to one endpoint, from this instance. */
const PER_ENDPOINT = 4;
/** How long a claimed attempt is this instance's alone: longer than the attempt's own timeout. */
const ATTEMPT_LEASE_MS = 60_000;

/** How many due deliveries one run starts at most; the rest wait for the next run. */
const DELIVERIES_PER_RUN = 100;

/** The outbox's runs, and the service's `redeliver` as `PaymentsService` documents it. */
export interface WebhookOutbox extends Pick<PaymentsService, 'redeliver'> {
  /**
   * Starts every due delivery to a configured endpoint, and returns without waiting for them (`drain` does). A
   * delivery to an endpoint no longer configured stays in the ledger, unsent. A failed attempt is logged and
   * retried on the schedule until the horizon; nothing is thrown but the ledger's fault.
   */
  run(): Promise<void>;

  /** Waits for the attempts under way (a Durable Object's alarm must not end before them). */
  drain(): Promise<void>;
}

export function createWebhookOutbox(context: PaymentsContext): WebhookOutbox {
  const { ledger } = context;
  const running = new Map<string, Promise<void>>();
  const secretsOf = (url: string) => context.config.webhooks.find((w) => w.url === url)!.secrets;
  const configured = (url: string) => context.config.webhooks.some((w) => w.url === url);
  const busy = new Map<string, number>();

  async function attempt(ref: DeliveryRef): Promise<void> {
    const claim = await ledger.claimDelivery(ref, context.now(), ATTEMPT_LEASE_MS);
    if (!claim) return;
    const outcome = await deliverWebhook({ url: ref.endpoint, secrets: secretsOf(ref.endpoint), fetch: context.fetch }, claim.event, claim.attempt);
    const log = { id: ref.eventId, endpoint: new URL(ref.endpoint).host, attempt: claim.attempt };
    if (outcome.ok) {
      context.log({ msg: 'webhook_delivered', ...log });
      await ledger.recordDelivery(ref, { deliveredAt: context.now() });
      return;
    }
    const next = nextDeliveryAt(claim.attempt, claim.firstAttemptAt, context.now(), context.schedule);
    context.log({ level: next ? 'warn' : 'error', msg: next ? 'webhook_failed' : 'webhook_gave_up', ...log, error: outcome.error });
    await ledger.recordDelivery(ref, { nextAttemptAt: next, error: outcome.error });
  }

  function start(ref: DeliveryRef): void {
    const key = `${ref.eventId} ${ref.endpoint}`;
    if (running.has(key) || (busy.get(ref.endpoint) ?? 0) >= PER_ENDPOINT) return;
    busy.set(ref.endpoint, (busy.get(ref.endpoint) ?? 0) + 1);
    const work = attempt(ref)
      .catch((error) => context.log({ level: 'warn', msg: 'webhook_attempt_failed', id: ref.eventId, name: (error as Error)?.name }))
      .finally(() => {
        running.delete(key);
        busy.set(ref.endpoint, busy.get(ref.endpoint)! - 1);
      });
    running.set(key, work);
  }

  return {
    async run() {
      if (context.config.webhooks.length === 0) return;
      for (const ref of await ledger.dueDeliveries(context.now(), DELIVERIES_PER_RUN)) {
        if (configured(ref.endpoint)) start(ref);
      }
    },

    async drain() {
      await Promise.all(running.values());
    },

    async redeliver(eventId) {
      const queued = await ledger.redeliver(eventId, context.config.webhooks.map((w) => w.url), context.now());
      // The runtime's scheduler runs what was queued now, not at its next tick.
      if (queued) context.wake();
      return queued;
    },
  };
}

/**
 * The webhook outbox: each event's delivery to each endpoint, retried on the schedule until it is accepted or the
 * horizon passes. Deliveries run apart from the checks and from each other: a receiver that hangs holds at most a few
 * attempts of its own, never another endpoint's, nor a bill's check.
 */
import type { DeliveryRef } from '../ledger/ledger.ts';
import { deliverWebhook } from '../webhook/sender.ts';
import type { Deps } from './deps.ts';
import { nextDeliveryAt } from './schedule.ts';

/** Attempts in flight at once to one endpoint, from this instance. */
const PER_ENDPOINT = 4;
/** How long a claimed attempt is this instance's alone: longer than the attempt's own timeout. */
const ATTEMPT_LEASE_MS = 60_000;

export function outbox(d: Deps) {
  const { ledger } = d;
  const running = new Map<string, Promise<void>>();
  const secretsOf = (url: string) => d.config.webhooks.find((w) => w.url === url)!.secrets;
  const configured = (url: string) => d.config.webhooks.some((w) => w.url === url);
  const busy = new Map<string, number>();

  async function attempt(ref: DeliveryRef): Promise<void> {
    const claim = await ledger.claimDelivery(ref, d.now(), ATTEMPT_LEASE_MS);
    if (!claim) return;
    const outcome = await deliverWebhook({ url: ref.endpoint, secrets: secretsOf(ref.endpoint), fetch: d.fetch }, claim.event, claim.attempt);
    const log = { id: ref.eventId, endpoint: new URL(ref.endpoint).host, attempt: claim.attempt };
    if (outcome.ok) {
      d.log({ msg: 'webhook_delivered', ...log });
      await ledger.recordDelivery(ref, { deliveredAt: d.now() });
      return;
    }
    const next = nextDeliveryAt(claim.attempt, claim.firstAttemptAt, d.now(), d.schedule);
    d.log({ level: next ? 'warn' : 'error', msg: next ? 'webhook_failed' : 'webhook_gave_up', ...log, error: outcome.error });
    await ledger.recordDelivery(ref, { nextAttemptAt: next, error: outcome.error });
  }

  function start(ref: DeliveryRef): void {
    const key = `${ref.eventId} ${ref.endpoint}`;
    if (running.has(key) || (busy.get(ref.endpoint) ?? 0) >= PER_ENDPOINT) return;
    busy.set(ref.endpoint, (busy.get(ref.endpoint) ?? 0) + 1);
    const work = attempt(ref)
      .catch((error) => d.log({ level: 'warn', msg: 'webhook_attempt_failed', id: ref.eventId, name: (error as Error)?.name }))
      .finally(() => {
        running.delete(key);
        busy.set(ref.endpoint, busy.get(ref.endpoint)! - 1);
      });
    running.set(key, work);
  }

  return {
    /**
     * Starts every due delivery to a configured endpoint, and returns without waiting for them (`drain` does).
     * Deliveries to an endpoint no longer configured stay in the ledger, unsent.
     */
    async run(limit = 100): Promise<void> {
      if (d.config.webhooks.length === 0) return;
      for (const ref of await ledger.dueDeliveries(d.now(), limit)) {
        if (configured(ref.endpoint)) start(ref);
      }
    },

    /** Waits for the attempts under way (a Durable Object's alarm must not end before them). */
    async drain(): Promise<void> {
      await Promise.all(running.values());
    },

    /**
     * Queues an event's webhook again to every endpoint. A delivery already waiting is left alone, so asking twice
     * sends once. Undefined if there is no such event.
     */
    async redeliver(eventId: string): Promise<number | undefined> {
      const queued = await ledger.redeliver(eventId, d.config.webhooks.map((w) => w.url), d.now());
      if (queued) d.wake();
      return queued;
    },
  };
}

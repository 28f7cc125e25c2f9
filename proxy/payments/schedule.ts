/**
 * When the proxy acts on its own: how often it asks the upstream about a pending bill, for how long after expiry,
 * and when it retries a webhook. Figures are in the configuration; the defaults are stated in docs/performance.md,
 * and the tests check them by computation.
 */
export interface Schedule {
  /** The least time between two upstream confirms of one bill, however many callers ask. */
  checkGapMs: number;
  /** While a bill is payable: how long after its last check the proxy checks it on its own. */
  reconcileMs: number;
  /** After expiry, the proxy keeps checking this long (late confirmations; banks pause around 00:00 to 02:00). */
  graceMs: number;
  /** Webhook retries: the first delay, doubled each time up to the cap, for the horizon after the first attempt. */
  webhookBaseMs: number;
  webhookCapMs: number;
  webhookHorizonMs: number;
  /** How long a request waits for the bill that another instance is creating for the same order. */
  orderWaitMs: number;
}

export const DEFAULT_SCHEDULE: Schedule = {
  checkGapMs: 2_000,
  reconcileMs: 40_000,
  graceMs: 3 * 3600_000,
  webhookBaseMs: 5_000,
  webhookCapMs: 3600_000,
  webhookHorizonMs: 72 * 3600_000,
  orderWaitMs: 10_000,
};

/**
 * When to check a pending bill next: every `reconcileMs` while payable; after expiry the gap grows with the time
 * since expiry (a quarter of it, at most 15 minutes), so a late confirmation is still found while the upstream is
 * asked a few times an hour.
 */
export function nextCheckAt(expiresAt: number, now: number, s: Schedule): number {
  if (now < expiresAt) return now + s.reconcileMs;
  const late = now - expiresAt;
  // Whole milliseconds: the ledger keeps epoch ms as INTEGER, which PostgreSQL's BIGINT holds to (SQLite would keep a
  // fraction, PostgreSQL refuses it, and the check would go unrecorded).
  return now + Math.max(s.reconcileMs, Math.min(15 * 60_000, Math.floor(late / 4)));
}

/** When to retry a webhook after attempt number `attempt` failed, or null once the horizon has passed. */
export function nextDeliveryAt(attempt: number, firstAttemptAt: number, now: number, s: Schedule): number | null {
  if (now - firstAttemptAt >= s.webhookHorizonMs) return null;
  return now + Math.min(s.webhookCapMs, s.webhookBaseMs * 2 ** (attempt - 1));
}

/**
 * The payment's states and the only moves between them. The element enters a state through one method that checks
 * this table; a move it does not list is a bug, and is refused. Each row is a space-separated list (shorter in the
 * CDN bundle than an array).
 */
export type PayState = 'idle' | 'creating' | 'pending' | 'confirming' | 'paid' | 'expired' | 'cancelled' | 'error';

const TRANSITIONS: Record<PayState, string> = {
  idle: 'creating error',
  // From creating: a new bill, a resumed bill (pending or already paid), a failure, or a resumed bill that is gone.
  creating: 'pending paid error idle',
  pending: 'confirming paid expired error cancelled idle',
  confirming: 'pending paid expired error cancelled idle',
  paid: 'idle',
  // From expired: a late payment found by the slow checks that go on after expiry.
  expired: 'paid cancelled idle creating',
  cancelled: 'idle creating',
  // From error: a retry (of the create, or of a check on the same bill), or a fresh start.
  error: 'creating pending idle cancelled',
};

/** Whether the table allows a move from `from` to `to`. */
export const allowed = (from: PayState, to: PayState): boolean => TRANSITIONS[from].split(' ').includes(to);

/** The states in which a bill's QR is on screen, its countdown running and its checks at the normal pace. */
export const WATCHING: readonly PayState[] = ['pending', 'confirming'];

/** The states in which the bill is checked: those, and expired (slowly, for a late payment). */
export const CHECKED: readonly PayState[] = [...WATCHING, 'expired'];

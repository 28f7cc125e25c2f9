/** The element's events, typed: `el.addEventListener('maemanee-paid', (e) => e.detail.receipt)` type-checks. */
import type { CreatedPayment, PaidPayment } from './api.ts';

export type CreatedDetail = CreatedPayment;
export type PaidDetail = PaidPayment;
export interface ExpiredDetail {
  id: string;
}
export interface CancelledDetail {
  id: string;
  /** Whether the upstream bill was cancelled too (only possible once it has expired). */
  cancelled: boolean;
}
export interface ErrorDetail {
  code: string;
  message: string;
  /** Whether trying again may work (a network failure, an upstream fault, a rate limit). */
  retryable: boolean;
}

export interface MaemaneePayEventMap {
  'maemanee-created': CustomEvent<CreatedDetail>;
  'maemanee-paid': CustomEvent<PaidDetail>;
  'maemanee-expired': CustomEvent<ExpiredDetail>;
  'maemanee-cancelled': CustomEvent<CancelledDetail>;
  'maemanee-error': CustomEvent<ErrorDetail>;
}

declare global {
  interface HTMLElementEventMap extends MaemaneePayEventMap {}
}

/**
 * What crosses the wire between the element (or any client) and the proxy, and from the proxy to the merchant's
 * server. The element's client, the proxy's routes and the tests all import these; each name means one thing.
 */

/** What the upstream confirmed as paid: the facts a receipt, a webhook and the events feed carry. */
export interface ReceiptFacts {
  /** The upstream's id_pay: credit each one once. */
  id: string;
  ref1: string;
  /** Baht, as the upstream confirmed it. */
  amount: number;
  /** ISO time the proxy first saw the bill paid. */
  paidAt: string;
  /** True when the payment was simulated: no money moved. */
  sandbox: boolean;
}

/** A bill as the browser may see it: `GET /v1/payments/:id` while it is not paid. */
export interface Payment {
  id: string;
  ref1: string;
  /** Baht to transfer, as the upstream billed it. */
  amount: number;
  /** `data:image/png;base64,…`; empty when the upstream no longer shows the QR of an expired bill. */
  qr: string;
  /** The hosted bill page (https), or null. */
  payUrl: string | null;
  expiresAt: string;
  serverTime: string;
  status: 'pending' | 'expired';
  sandbox: boolean;
}

/** `POST /v1/payments`: the bill and the token that binds this browser to it. */
export interface CreatedPayment extends Payment {
  token: string;
}

/** A paid bill, as confirm and a read of a paid bill answer it. */
export interface PaidPayment extends ReceiptFacts {
  status: 'paid';
  /** The receipt: an HS256 JWT of kind `receipt` over the facts, for the merchant's server to verify. */
  receipt: string;
}

/** `POST /v1/payments/:id/confirm`. */
export type ConfirmResult =
  | PaidPayment
  | { status: 'pending'; id: string; expiresAt: string; serverTime: string }
  | { status: 'expired'; id: string };

/** `GET /v1/payments/:id`. */
export type PaymentView = Payment | PaidPayment;

/** `POST /v1/payments/:id/cancel`. */
export interface CancelResult {
  status: 'cancelled';
  id: string;
}

/** Every error answer, whatever its HTTP status. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** `GET /health`. */
export interface Health {
  ok: boolean;
  mode: 'sandbox' | 'live';
  /** `refusing`: the upstream's last answers to calls that should succeed were refusals (check the credentials). */
  upstream: 'ok' | 'refusing';
}

/** One event of the ledger: the webhook body, and an entry of `GET /v1/events`. */
export interface PaymentEvent {
  /** The upstream's id_pay: deliveries repeat, so store it and credit once. */
  id: string;
  type: 'payment.paid';
  created: string;
  data: ReceiptFacts;
}

/** `GET /v1/events?after=&limit=`. */
export interface EventsPage {
  events: PaymentEvent[];
  /** Pass as `after` for the next page; the same cursor when there is nothing newer yet. */
  next: string;
}

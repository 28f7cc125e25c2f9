/**
 * For the merchant's server: the proxy's merchant API (events, the shop's bills, pay links, console invites), each call
 * authorised by a merchant token minted here from MAEMANEE_SECRET for that one call. A refusal throws a
 * `MerchantApiError` with the proxy's status and code.
 */
import type { Invite, NewInviteRequest } from '../contract/console.ts';
import type { BillStatus, BillSummary, EventsPage, Link, NewLinkRequest, PaymentEventType, PaymentsPage } from '../contract/http.ts';
import { assertMerchantSecret, signMerchantToken } from './tokens.ts';

export class MerchantApiError extends Error {
  name = 'MerchantApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MerchantApiOptions {
  fetch?: typeof fetch;
}

async function merchantCall<T>(endpoint: string, secret: string, path: string, init: { method?: string; body?: unknown; fetch?: typeof fetch } = {}): Promise<T> {
  assertMerchantSecret(secret);
  const url = `${endpoint.replace(/\/+$/, '')}${path}`;
  const response = await (init.fetch ?? fetch)(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${await signMerchantToken(secret, 60)}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = body?.error;
    throw new MerchantApiError(response.status, error?.code ?? 'not_json', `${init.method ?? 'GET'} ${path}: ${response.status} ${error?.code ?? 'not JSON'}${error?.message ? `: ${error.message}` : ''}`);
  }
  return body as T;
}

/**
 * The ledger's events after a cursor, oldest first, so a cron job can reconcile without trusting a webhook. Keep
 * the returned `next` and pass it as `after` the next time.
 */
export function listEvents(
  endpoint: string,
  secret: string,
  options: { after?: string; limit?: number; type?: PaymentEventType } & MerchantApiOptions = {},
): Promise<EventsPage> {
  const query = new URLSearchParams();
  if (options.after) query.set('after', options.after);
  if (options.limit) query.set('limit', String(options.limit));
  if (options.type) query.set('type', options.type);
  return merchantCall(endpoint, secret, `/v1/events${query.size ? `?${query}` : ''}`, options);
}

/**
 * The shop's bills as the ledger knows them, newest first: all, one ref1's ("what happened to order 1001?"), or one
 * status's. Pass the returned `next` as `after` for the next page.
 */
export function listPayments(
  endpoint: string,
  secret: string,
  options: { ref1?: string; status?: BillStatus; after?: string; limit?: number } & MerchantApiOptions = {},
): Promise<PaymentsPage> {
  const query = new URLSearchParams();
  for (const key of ['ref1', 'status', 'after', 'limit'] as const) if (options[key] !== undefined) query.set(key, String(options[key]));
  return merchantCall(endpoint, secret, `/v1/payments${query.size ? `?${query}` : ''}`, options);
}

/**
 * One bill by its id_pay: status, amount, when it was paid (and whether late), its pay link. With `refresh`, the proxy
 * asks the payment service first about a bill not yet paid, ended ones included: a payment made after its own checks
 * ended is found and recorded (late).
 */
export const getPayment = (endpoint: string, secret: string, id: string, options: { refresh?: boolean } & MerchantApiOptions = {}): Promise<BillSummary> =>
  merchantCall(endpoint, secret, `/v1/payments/${encodeURIComponent(id)}${options.refresh ? '?refresh=1' : ''}`, options);

/**
 * A pay link to paste in a chat: `{ url, … }`. One amount (`amount`, `description`), or a small shop: `items` (the
 * proxy totals them), the buyer's details to ask (`fields`), and many buyers (`reusable`, with a `limit`).
 */
export const createLink = (endpoint: string, secret: string, link: NewLinkRequest, options: MerchantApiOptions = {}): Promise<Link> =>
  merchantCall(endpoint, secret, '/v1/links', { ...options, method: 'POST', body: link });

/** A pay link with where it stands and its bills. */
export const getLink = (endpoint: string, secret: string, id: string, options: MerchantApiOptions = {}): Promise<Link> =>
  merchantCall(endpoint, secret, `/v1/links/${encodeURIComponent(id)}`, options);

/** Closes a pay link: its page answers 410 from now on (a bill already being paid still completes). */
export const disableLink = (endpoint: string, secret: string, id: string, options: MerchantApiOptions = {}): Promise<Link> =>
  merchantCall(endpoint, secret, `/v1/links/${encodeURIComponent(id)}/disable`, { ...options, method: 'POST' });

/**
 * A one-time sign-in link to the seller's console, `{ url, role, name, expiresAt }`: the owner's (valid 10 minutes) by
 * default, or a staff member's (`{ role: 'staff', name }`, valid 24 hours, who sees today's payments only). Usable once;
 * open it on the phone, or show its URL as a QR to scan.
 */
export const createConsoleInvite = (endpoint: string, secret: string, request: NewInviteRequest = { role: 'owner' }, options: MerchantApiOptions = {}): Promise<Invite> =>
  merchantCall(endpoint, secret, '/v1/console/invites', { ...options, method: 'POST', body: request });

/**
 * The element's calls to the proxy. A POST carries its JSON as a string body and sets no header, so the browser sends
 * it as text/plain: a CORS simple request, no preflight before the QR.
 */

export type { CancelResult, ConfirmResult, CreatedPayment, CreateResult, PaidPayment, PaymentView } from '../contract/http.ts';

export interface PayError {
  code: string;
  message: string;
  /** 0 when the proxy could not be reached. */
  status: number;
}

/** A network failure, a proxy or upstream fault, or a rate limit: the same call may work later. */
export const retryable = (e: PayError) => e.status === 0 || e.status === 429 || e.status >= 500;

/** POSTs `body` when given, else GETs with the token as a bearer; rejects with a `PayError`. */
export async function call<T>(url: string, body?: object, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(
      url,
      body
        ? { method: 'POST', body: JSON.stringify(body) }
        : { headers: { authorization: `Bearer ${token}` } },
    );
  } catch {
    throw { code: 'network', message: 'proxy unreachable', status: 0 } satisfies PayError;
  }
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw { status: response.status, code: 'http', message: response.statusText, ...json.error } satisfies PayError;
  return json;
}

/**
 * One webhook delivery attempt: the event, signed afresh by the Standard Webhooks scheme, POSTed to one endpoint.
 * Redirects are not followed (a redirect would take a signed payment fact somewhere the merchant did not configure);
 * any answer but 2xx is a failure. The outbox in the ledger decides when to try again.
 */
import type { WebhookEvent } from '../../contract/http.ts';
import { ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../server-kit/webhook-signature.ts';

export const ATTEMPT_HEADER = 'maemanee-attempt';

export interface WebhookTarget {
  url: string;
  /** `whsec_` secrets: the delivery is signed once with each. */
  secrets: readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function deliverWebhook(target: WebhookTarget, event: WebhookEvent, attempt: number): Promise<{ ok: true } | { ok: false; error: string }> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await (target.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ID_HEADER]: event.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: await signWebhook(target.secrets, event.id, timestamp, body),
        [ATTEMPT_HEADER]: String(attempt),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: (error as Error)?.name === 'TimeoutError' ? 'timeout' : 'network' };
  }
}

/** Delivers `payment.paid` events to the merchant, at least once, retrying with exponential backoff. */
import type { PaymentEvent, ReceiptFacts } from '../../contract/http.ts';
import { signWebhook, SIGNATURE_HEADER } from './signature.ts';

export interface WebhookOptions {
  url: string;
  secret: string;
  fetch?: typeof fetch;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  log?: (entry: Record<string, unknown>) => void;
}

export function createWebhookSender(options: WebhookOptions): (facts: ReceiptFacts) => Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  return async (facts) => {
    const event: PaymentEvent = { id: facts.id, type: 'payment.paid', created: new Date().toISOString(), data: facts };
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let status = 0;
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: await signWebhook(options.secret, body) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        status = response.status;
        await response.body?.cancel();
        if (response.ok) {
          options.log?.({ msg: 'webhook_delivered', id: facts.id, attempt });
          return true;
        }
      } catch {
        // a network failure is retried like a refusal
      }
      options.log?.({ level: 'warn', msg: 'webhook_failed', id: facts.id, attempt, status });
      if (attempt < attempts) await new Promise((r) => setTimeout(r, baseDelayMs * 2 ** (attempt - 1)));
    }
    options.log?.({ level: 'error', msg: 'webhook_gave_up', id: facts.id, attempts });
    return false;
  };
}

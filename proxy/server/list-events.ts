/**
 * For the merchant's server: reads the proxy's ledger events, so a cron job can reconcile without trusting a webhook.
 * Keep the returned `next` and pass it as `after` the next time.
 */
import type { EventsPage } from '../../contract/http.ts';
import { assertMerchantSecret, signMerchantToken } from '../tokens/tokens.ts';

export async function listEvents(
  endpoint: string,
  secret: string,
  options: { after?: string; limit?: number; fetch?: typeof fetch } = {},
): Promise<EventsPage> {
  assertMerchantSecret(secret);
  const url = new URL(`${endpoint.replace(/\/+$/, '')}/v1/events`);
  if (options.after) url.searchParams.set('after', options.after);
  if (options.limit) url.searchParams.set('limit', String(options.limit));
  const response = await (options.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${await signMerchantToken(secret, 60)}` } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`listEvents: ${response.status} ${body?.error?.code ?? 'not JSON'}`);
  return body as EventsPage;
}

/**
 * Each webhook endpoint gets one signed delivery of a `webhook.test` event, marked sandbox, exactly as real events
 * are sent: a receiver that verifies signatures and acts only on real `payment.paid` acknowledges it and does nothing.
 */
import type { WebhookTestEvent } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { deliverWebhook } from '../webhook/sender.ts';
import type { Report } from './report.ts';

export function testEvent(): WebhookTestEvent {
  return {
    id: `webhook.test:${crypto.randomUUID()}`,
    type: 'webhook.test',
    created: new Date().toISOString(),
    data: { id: 'test', sandbox: true, message: 'sent by maemanee-pay doctor: acknowledge with 2xx and do nothing' },
  };
}

export async function checkWebhooks(report: Report, config: ProxyConfig, fetchFn?: typeof fetch): Promise<void> {
  report.section('Webhooks');
  if (config.webhooks.length === 0) {
    report.line('warn', 'no MAEMANEE_WEBHOOK_URL: your server hears of a payment only from the browser (a receipt) or by asking (GET /v1/events)');
    return;
  }
  for (const [i, webhook] of config.webhooks.entries()) {
    const start = performance.now();
    const result = await deliverWebhook({ ...webhook, fetch: fetchFn }, testEvent(), 1);
    const ms = Math.round(performance.now() - start);
    const name = `endpoint ${i + 1} ${webhook.url}`;
    if (result.ok) report.line('ok', `${name} acknowledged a signed test delivery in ${ms} ms`);
    else if (/^HTTP (400|401|403)$/.test(result.error)) {
      report.line('fail', `${name} refused a signed test delivery (${result.error}): does it verify with ${config.webhooks.length > 1 ? `MAEMANEE_WEBHOOK_SECRET_${i + 1} or ` : ''}MAEMANEE_WEBHOOK_SECRET, and acknowledge sandbox events?`);
    } else if (/^HTTP 3/.test(result.error)) report.line('fail', `${name} answered a redirect (${result.error}): webhooks never follow one; give the final URL`);
    else report.line('fail', `${name}: ${result.error === 'timeout' ? 'no answer within 10 s' : result.error === 'network' ? 'cannot connect' : `answered ${result.error}`} (after ${ms} ms)`);
  }
}

/**
 * Each webhook endpoint gets one signed delivery of a `webhook.test` event, marked sandbox, exactly as real events
 * are sent: a receiver that verifies signatures and acts only on real `payment.paid` acknowledges it and does nothing.
 */
import type { WebhookTestEvent } from '../../contract/http.ts';
import type { ProxyConfig } from '../../proxy/config.ts';
import { deliverWebhook } from '../../proxy/webhook/sender.ts';
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
  const { t } = report;
  report.section(t.webhooks);
  if (config.webhooks.length === 0) {
    report.line('warn', t.noWebhook);
    return;
  }
  for (const [i, webhook] of config.webhooks.entries()) {
    const start = performance.now();
    const result = await deliverWebhook({ ...webhook, fetch: fetchFn }, testEvent(), 1);
    const ms = Math.round(performance.now() - start);
    const name = t.endpoint(i + 1, webhook.url);
    if (result.ok) report.line('ok', t.acknowledged(name, ms));
    else if (/^HTTP (400|401|403)$/.test(result.error)) {
      const secretNames = `${config.webhooks.length > 1 ? `MAEMANEE_WEBHOOK_SECRET_${i + 1}${t.or}` : ''}MAEMANEE_WEBHOOK_SECRET`;
      report.line('fail', t.webhookRefused(name, result.error, secretNames));
    } else if (/^HTTP 3/.test(result.error)) report.line('fail', t.webhookRedirect(name, result.error));
    else {
      const what = result.error === 'timeout' ? t.webhookTimeout : result.error === 'network' ? t.webhookNetwork : t.webhookAnswered(result.error);
      report.line('fail', `${name}: ${what} (${t.after(ms)})`);
    }
  }
}

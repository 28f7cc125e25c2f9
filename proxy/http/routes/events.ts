/**
 * `/v1/events`: the ledger's payment events for the merchant's server, which can reconcile from a cron job without
 * trusting a webhook. Merchant token only.
 */
import { Hono } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import type { PaymentsService } from '../../payments/payments.ts';
import type { AppEnv } from '../context.ts';
import { merchantOnly } from '../merchant.ts';
import { parseEventId, parseEventType, wholeQuery } from '../validate.ts';

const MAX_LIMIT = 500;

export function eventRoutes({ config, payments }: { config: ProxyConfig; payments: PaymentsService }) {
  const authorise = merchantOnly(config);


  return new Hono<AppEnv>()
    .get('/', async (c) => {
      await authorise(c);
      const after = wholeQuery(c.req.query('after'), 'after', 0, Number.MAX_SAFE_INTEGER);
      const limit = wholeQuery(c.req.query('limit'), 'limit', 100, MAX_LIMIT) || 1;
      return c.json(await payments.events(after, limit, parseEventType(c.req.query('type'))));
    })
    .post('/:id/redeliver', async (c) => {
      await authorise(c);
      return c.json(await redeliverEvent(config, payments, c.req.param('id')), 202);
    });
}

/**
 * Queues an event's webhook again (the merchant API's and the console's): `queued` counts the deliveries queued anew,
 * one already waiting is not queued twice. Throws 400 `invalid_id`, 409 `no_webhook`, 404 `event_not_found`.
 */
export async function redeliverEvent(config: ProxyConfig, payments: PaymentsService, eventId: string) {
  const id = parseEventId(eventId);
  if (config.webhooks.length === 0) throw new ApiError(409, 'no_webhook', 'No MAEMANEE_WEBHOOK_URL is configured');
  const queued = await payments.redeliver(id);
  if (queued === undefined) throw new ApiError(404, 'event_not_found', 'No such event');
  return { ok: true as const, id, queued };
}

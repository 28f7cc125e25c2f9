// Hono (on Node here; the same route on Workers, Deno or Bun): the raw body is c.req.text().
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifyWebhook, WebhookError } from 'maemanee-pay/server';

const credited = new Set<string>(); // in your database: a table keyed by the event id (webhook-id)
const app = new Hono();

app.post('/webhooks/maemanee', async (c) => {
  const event = await verifyWebhook(process.env.MAEMANEE_WEBHOOK_SECRET!, await c.req.text(), c.req.raw.headers, { allowSandbox: true }).catch(
    (error: WebhookError) => error,
  );
  if (event instanceof WebhookError) return c.text(event.message, 400);
  // Sandbox events are acknowledged and ignored: no money moved.
  if (event.type === 'payment.paid' && !event.data.sandbox && !credited.has(event.id)) {
    credited.add(event.id);
    console.log(`credited ${event.data.id} ${event.data.ref1} ${event.data.amount}`); // mark order ref1 paid
  }
  return c.body(null, 204);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' });

// Express: verify each delivery over its raw body, credit each payment once, answer 2xx to everything else.
import express from 'express';
import { verifyWebhook } from 'maemanee-pay/server';

const credited = new Set(); // in your database: a table keyed by the event id (webhook-id)
const app = express();

app.post('/webhooks/maemanee', express.raw({ type: 'application/json' }), async (req, res) => {
  let event;
  try {
    event = await verifyWebhook(process.env.MAEMANEE_WEBHOOK_SECRET, req.body.toString('utf8'), req.headers, { allowSandbox: true });
  } catch (error) {
    return res.status(400).send(error.message);
  }
  // Sandbox events are acknowledged and ignored: no money moved (and unanswered, they would be retried for 72 hours).
  if (event.type === 'payment.paid' && !event.data.sandbox && !credited.has(event.id)) {
    credited.add(event.id);
    console.log(`credited ${event.data.id} ${event.data.ref1} ${event.data.amount}`); // mark order ref1 paid
  }
  res.sendStatus(204);
});

app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');

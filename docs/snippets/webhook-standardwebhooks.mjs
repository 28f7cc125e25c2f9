// The Standard Webhooks library (npm install standardwebhooks), as its README shows it, in a plain Node server.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.MAEMANEE_WEBHOOK_SECRET);
const credited = new Set(); // in your database: a table keyed by the event id (webhook-id)

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let event;
    try {
      event = wh.verify(Buffer.concat(chunks).toString('utf8'), req.headers);
    } catch (error) {
      res.writeHead(400).end(error.message);
      return;
    }
    // Sandbox events are acknowledged and ignored: no money moved.
    if (event.type === 'payment.paid' && event.data.sandbox === false && !credited.has(event.id)) {
      credited.add(event.id);
      console.log(`credited ${event.data.id} ${event.data.ref1} ${event.data.amount}`); // mark order ref1 paid
    }
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');

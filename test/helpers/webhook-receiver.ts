/** A merchant's webhook endpoint on 127.0.0.1, for the tests of what the proxy delivers and when. */
import { listen } from '../../proxy/runtime/node-listen.ts';

/**
 * Records each delivery it takes (body, headers, the attempt number the proxy sent), answers 503 while `state.up`
 * is false (counting the refusals), and 500 to its first `failures` deliveries. `until(n)` resolves once it has
 * taken n.
 */
export async function webhookReceiver(failures = 0) {
  const received: { body: string; headers: Headers; attempt: string | null }[] = [];
  const state = { up: true, refused: 0 };
  let waiting: (() => void)[] = [];
  const server = await listen(async (request) => {
    if (!state.up) {
      state.refused++;
      return new Response('down', { status: 503 });
    }
    received.push({ body: await request.text(), headers: request.headers, attempt: request.headers.get('maemanee-attempt') });
    waiting.forEach((w) => w());
    waiting = [];
    return received.length <= failures ? new Response('down', { status: 500 }) : new Response('ok');
  });
  const until = async (n: number) => {
    while (received.length < n) await new Promise<void>((r) => waiting.push(r));
  };
  return { ...server, received, state, until };
}

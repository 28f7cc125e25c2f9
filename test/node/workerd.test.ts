/** The same flow against the proxy running in workerd, the Workers runtime, through `wrangler dev`. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { call, overHttp, runFlow } from '../helpers/flow.ts';
import { startWorker } from '../helpers/servers.ts';

let worker: Awaited<ReturnType<typeof startWorker>>;
before(async () => {
  worker = await startWorker();
});
after(() => worker?.close());

test('workerd: health and the whole flow', async () => {
  const target = overHttp(worker.url);
  assert.deepEqual((await call(target, '/health')).body, { ok: true, mode: 'sandbox' });
  await runFlow(target, target, SANDBOX_SECRET);
});

test('workerd: bad input is refused the same way', async () => {
  const target = overHttp(worker.url);
  const res = await call(target, '/v1/payments', { method: 'POST', json: { amount: -1, ref1: 'a' } });
  assert.deepEqual([res.status, res.body.error.code], [400, 'invalid_amount']);
});

test('workerd: a Worker with no credentials and no MAEMANEE_UPSTREAM=sandbox refuses to serve, never the sandbox', async () => {
  const bare = await startWorker({ MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com' });
  try {
    const res = await call(overHttp(bare.url), '/health');
    assert.deepEqual([res.status, res.body.error?.code], [500, 'misconfigured']);
    const create = await call(overHttp(bare.url), '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
    assert.equal(create.status, 500);
  } finally {
    await bare.close();
  }
});

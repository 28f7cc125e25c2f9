/** A request the proxy must refuse with its exact status and code before the upstream hears of it. */
import assert from 'node:assert/strict';
import { call } from './flow.ts';
import type { recordedApp } from './sandbox-app.ts';

export async function expectRefused(
  ctx: Awaited<ReturnType<typeof recordedApp>>,
  path: string,
  init: Parameters<typeof call>[2],
  status: number,
  code: string,
) {
  const before = ctx.calls.length;
  const res = await call(ctx.target, path, init);
  assert.deepEqual([res.status, res.body?.error?.code], [status, code], `${path} ${JSON.stringify(init).slice(0, 120)}`);
  assert.equal(ctx.calls.length, before, `the upstream was called for ${code}`);
  return res;
}

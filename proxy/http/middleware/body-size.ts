/**
 * Refuses bodies over `maxSize` (of the request's path) with 413. A request that declares its length (every browser's fetch does) is judged
 * by its Content-Length header alone; only one that does not (chunked) goes through Hono's `bodyLimit`, which
 * streams and stops early. The split is for speed: `bodyLimit` touches `c.req.raw.body`, which on Node makes the
 * adapter build a full WHATWG Request for every call, and that was most of the cost of a confirm the ledger answers.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { errorBody } from '../../errors.ts';
import type { AppEnv } from '../context.ts';

export function bodySize(maxSizeOf: (path: string) => number) {
  // The body is left unread, so the connection cannot carry another request: close it (Node honours the header).
  const tooLarge = (maxSize: number) => (c: Context) => {
    c.header('Connection', 'close');
    return c.json(errorBody('payload_too_large', `The body must be at most ${maxSize} bytes`), 413);
  };
  const streaming = new Map<number, ReturnType<typeof bodyLimit>>();
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const maxSize = maxSizeOf(c.req.path);
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return /^\d+$/.test(length) && Number(length) <= maxSize ? next() : tooLarge(maxSize)(c);
    }
    let limited = streaming.get(maxSize);
    if (!limited) streaming.set(maxSize, (limited = bodyLimit({ maxSize, onError: tooLarge(maxSize) })));
    return limited(c, next);
  });
}

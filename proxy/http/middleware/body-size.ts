/**
 * Refuses bodies over `maxSize` with 413. A request that declares its length (every browser's fetch does) is judged
 * by its Content-Length header alone; only one that does not (chunked) goes through Hono's `bodyLimit`, which
 * streams and stops early. The split is for speed: `bodyLimit` touches `c.req.raw.body`, which on Node makes the
 * adapter build a full WHATWG Request for every call, and that was most of the cost of a confirm the ledger answers.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { errorBody } from '../../errors.ts';
import type { AppEnv } from '../context.ts';

export function bodySize(maxSize: number) {
  // The body is left unread, so the connection cannot carry another request: close it (Node honours the header).
  const tooLarge = (c: Context) => {
    c.header('Connection', 'close');
    return c.json(errorBody('payload_too_large', `The body must be at most ${maxSize} bytes`), 413);
  };
  const streaming = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return /^\d+$/.test(length) && Number(length) <= maxSize ? next() : tooLarge(c);
    }
    return streaming(c, next);
  });
}

/** One structured line per request: method, path, status and time, with the request id that errors also carry. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import type { Log } from '../../log.ts';

export const requestLog = (log: Log, now: () => number) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = now();
    await next();
    log({ msg: 'request', rid: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: now() - started });
  });

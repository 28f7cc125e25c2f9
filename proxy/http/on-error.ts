/** Maps whatever a route throws to the proxy's error answers, logging what the client is not told. */
import type { ErrorHandler } from 'hono';
import { ApiError, errorBody } from '../errors.ts';
import { LedgerFault } from '../ledger/ledger.ts';
import { TokenError } from '../../server-kit/tokens.ts';
import { UpstreamFault } from '../upstream/parse.ts';
import type { AppEnv } from './context.ts';
import type { Log } from '../log.ts';

export const onError =
  (log: Log): ErrorHandler<AppEnv> =>
  (error, c) => {
    if (error instanceof ApiError) {
      for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof TokenError) {
      return c.json(errorBody(error.code, error.message), 401);
    }
    if (error instanceof LedgerFault) {
      // The process lives on and says so; /health reports the ledger failing until a write works again.
      log({ level: 'error', msg: 'ledger_fault', rid: c.get('requestId'), error: error.message });
      c.header('Retry-After', '5');
      return c.json(errorBody('ledger_unavailable', 'The payment ledger cannot be written right now; try again shortly'), 503);
    }
    if (error instanceof UpstreamFault) {
      log({ level: 'warn', msg: 'upstream_fault', rid: c.get('requestId'), kind: error.kind });
      return error.kind === 'timeout'
        ? c.json(errorBody('upstream_timeout', 'The payment service did not answer in time; try again'), 504)
        : c.json(errorBody('upstream_error', 'The payment service is not answering properly; try again'), 502);
    }
    log({ level: 'error', msg: 'internal_error', rid: c.get('requestId'), name: (error as Error)?.name });
    return c.json(errorBody('internal', 'Something went wrong in the payment proxy'), 500);
  };

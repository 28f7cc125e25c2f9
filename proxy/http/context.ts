/** The Hono environment every route and middleware of the proxy shares. */
import type { RequestIdVariables } from 'hono/request-id';
import type { ConsoleSession } from '../console/access.ts';

export type AppEnv = { Variables: RequestIdVariables & { clientIp: string; clientKey: string } };

/** The console's API: the signed-in member and their session, once the session cookie names a live one. */
export type ConsoleEnv = { Variables: AppEnv['Variables'] & { console?: ConsoleSession } };

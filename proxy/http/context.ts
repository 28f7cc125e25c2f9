/** The Hono environment every route and middleware of the proxy shares. */
import type { RequestIdVariables } from 'hono/request-id';

export type AppEnv = { Variables: RequestIdVariables & { clientIp: string; clientKey: string } };

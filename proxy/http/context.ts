/** The Hono environment every route and middleware of the proxy shares. */
import type { RequestIdVariables } from 'hono/request-id';

export type LogEntry = Record<string, unknown>;
export type Log = (entry: LogEntry) => void;

/** The default log: one JSON object per line on stdout, which Workers Logs and most log shippers parse. */
export const jsonLog: Log = (entry) => console.log(JSON.stringify(entry));

export type AppEnv = { Variables: RequestIdVariables & { clientIp: string; clientKey: string } };

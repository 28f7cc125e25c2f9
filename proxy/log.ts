/** The proxy's structured log: one JSON object per line, which Workers Logs and most log shippers parse. */
export type LogEntry = Record<string, unknown>;
export type Log = (entry: LogEntry) => void;

export const jsonLog: Log = (entry) => console.log(JSON.stringify(entry));

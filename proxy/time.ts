/** Times on the wire: ISO 8601 in UTC, from the epoch milliseconds the ledger keeps. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** Times on the wire: ISO 8601 in UTC, from the epoch milliseconds the ledger keeps. And the Bangkok day. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** Asia/Bangkok is UTC+7 all year: Thailand keeps no daylight saving time. */
const BANGKOK_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The Bangkok day of an instant, `YYYY-MM-DD`. */
export const bangkokDay = (ms: number) => iso(ms + BANGKOK_MS).slice(0, 10);

/** An instant as a person in Bangkok reads it, `2026-11-29 17:00:00`: sortable, and the same in Thai and English. */
export const bangkokTime = (ms: number) => iso(ms + BANGKOK_MS).slice(0, 19).replace('T', ' ');

/** When a Bangkok day (`YYYY-MM-DD`) begins, in epoch ms; undefined for text that is no such day (2026-02-30). */
export function bangkokDayStart(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = Date.parse(`${day}T00:00:00.000Z`) - BANGKOK_MS;
  return Number.isNaN(start) || bangkokDay(start) !== day ? undefined : start;
}

/** Waiting in a test: for a while, or until something holds. */
import assert from 'node:assert/strict';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks `what` every 20 ms until it gives something (not undefined, null or false), and returns it; fails after `ms`. */
export async function until<T>(what: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms: number, label: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${label}`);
    await sleep(20);
  }
}

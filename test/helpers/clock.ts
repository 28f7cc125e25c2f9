/**
 * A clock for a test that would otherwise wait for a bill to expire or a schedule to come round: handed to the
 * proxy (`now`) and the simulator, it jumps forward with `advance` instead of a real wait. It still runs with real
 * time, so that the proxy's own short waits that loop on its clock (an order held by another instance) end as they
 * would; node:test's frozen mock timers would hold them for ever, and would stop the real I/O of the ledger too.
 */
export interface TestClock {
  now(): number;
  /** Moves the clock forward at once, as if `ms` had passed. */
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

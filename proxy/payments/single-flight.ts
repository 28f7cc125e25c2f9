/**
 * Runs one piece of work per key at a time: callers that arrive while it runs share its result. Two tabs polling the
 * same bill, or a reload racing the first load of an order, cause one upstream call.
 */
export interface SingleFlight<K, V> {
  (key: K, work: () => Promise<V>): Promise<V>;
  /** The work running for a key, if any. */
  running(key: K): Promise<V> | undefined;
}

export function singleFlight<K, V>(): SingleFlight<K, V> {
  const running = new Map<K, Promise<V>>();
  const run = (key: K, work: () => Promise<V>) => {
    let promise = running.get(key);
    if (!promise) {
      promise = work().finally(() => running.delete(key));
      running.set(key, promise);
    }
    return promise;
  };
  return Object.assign(run, { running: (key: K) => running.get(key) });
}

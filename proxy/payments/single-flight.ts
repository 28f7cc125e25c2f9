/**
 * Runs one piece of work per key at a time: callers that arrive while it runs share its result. Two tabs polling the
 * same bill, or a reload racing the first load of an order, cause one upstream call.
 */
export function singleFlight<K, V>(): (key: K, work: () => Promise<V>) => Promise<V> {
  const running = new Map<K, Promise<V>>();
  return (key, work) => {
    let promise = running.get(key);
    if (!promise) {
      promise = work().finally(() => running.delete(key));
      running.set(key, promise);
    }
    return promise;
  };
}

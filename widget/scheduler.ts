/**
 * When to ask the proxy whether a bill is paid: every `intervalMs()` while the page is visible, never while it is
 * hidden, at once when the customer comes back (usually from their bank app), and never two checks at a time. The
 * "check now" button goes through the same `_now()`. Member names start with `_`, which the CDN build mangles.
 */
export interface CheckScheduler {
  _start(): void;
  _stop(): void;
  /** Checks now, or joins the check already under way. */
  _now(): Promise<void>;
}

export function checkScheduler(check: () => Promise<void>, intervalMs: () => number): CheckScheduler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let running = false;
  const hidden = () => document.visibilityState === 'hidden';

  const schedule = () => {
    clearTimeout(timer);
    const interval = intervalMs();
    if (running && interval && !hidden()) timer = setTimeout(now, interval);
  };
  const now = () =>
    (inFlight ||= (clearTimeout(timer), check()).finally(() => {
      inFlight = undefined;
      schedule();
    }));
  const onVisibility = () => (hidden() ? clearTimeout(timer) : intervalMs() && now());
  const stop = () => {
    running = false;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };

  return {
    _start() {
      if (!running) document.addEventListener('visibilitychange', onVisibility);
      running = true;
      schedule();
    },
    _stop: stop,
    _now: now,
  };
}

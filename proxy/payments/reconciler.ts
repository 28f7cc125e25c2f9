/**
 * The proxy's own clock on Node: runs what is due in the ledger (checks of pending bills, webhook attempts) every
 * `intervalMs`, and at once when woken. Only one run at a time in this process; the ledger's claims keep other
 * processes on the same file from doing the same work. On Workers the ledger's alarm does this instead.
 */
import type { Log } from '../log.ts';

export interface Reconciler {
  wake(): void;
  stop(): void;
}

export function startReconciler(runDue: () => Promise<void>, log: Log, intervalMs = 1000): Reconciler {
  let running: Promise<void> | undefined;
  let again = false;
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = runDue()
      .catch((error) => log({ level: 'error', msg: 'reconcile_run_failed', name: (error as Error)?.name }))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return { wake: () => setTimeout(tick, 0), stop: () => clearInterval(timer) };
}

/**
 * The proxy's own clock on Node: runs what is due in the ledger every `intervalMs`, and at once when woken, in two
 * loops that never wait on each other: the checks of pending bills (bounded by the upstream's timeouts), and the
 * webhook deliveries (which start their attempts and return, so a receiver that hangs delays nothing). One run of
 * each at a time in this process; the ledger's claims keep other processes on the same file from doing the same
 * work. On Workers each bill's Durable Object alarm does this instead.
 */
import type { Log } from '../log.ts';
import type { PaymentsService } from './payments.ts';

export interface Reconciler {
  /** Runs both loops at once, not at their next tick: something became due now (a webhook to send). */
  wake(): void;
  /** Stops both loops; a run under way finishes on its own. */
  stop(): void;
}

function loop(run: () => Promise<void>, log: Log, name: string, intervalMs: number): Reconciler {
  let running: Promise<void> | undefined;
  let again = false;
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((error) => log({ level: 'error', msg: `${name}_run_failed`, name: (error as Error)?.name, error: (error as Error)?.message }))
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

export function startReconciler(payments: Pick<PaymentsService, 'runChecks' | 'runDeliveries'>, log: Log, intervalMs = 1000): Reconciler {
  const loops = [loop(() => payments.runChecks(), log, 'reconcile', intervalMs), loop(() => payments.runDeliveries(), log, 'outbox', intervalMs)];
  return { wake: () => loops.forEach((l) => l.wake()), stop: () => loops.forEach((l) => l.stop()) };
}

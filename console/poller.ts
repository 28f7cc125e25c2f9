/**
 * Today's payments, kept fresh: one full read, then a poll `after` the cursor every 2 s while the page is visible (a
 * payment shows within 3 s of being recorded), none while it is hidden, one at once when the seller comes back, and
 * never two at a time. A failed poll is retried on the same beat, and says so (`offline`) until one succeeds.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Today, TodayEntry } from '../contract/console.ts';
import { ApiError, type ConsoleApi } from './api.ts';

export const POLL_MS = 2000;

const hidden = () => document.visibilityState === 'hidden';

/** One row per bill, its newest event first: a bill that needed review and was then paid shows once, paid. */
function merge(fresh: TodayEntry[], known: TodayEntry[]): TodayEntry[] {
  const seen = new Set<string>();
  return [...fresh, ...known]
    .sort((a, b) => b.seq - a.seq)
    .filter((entry) => !seen.has(entry.event.data.id) && Boolean(seen.add(entry.event.data.id)));
}

export class TodayPoller implements ReactiveController {
  today?: Today;
  offline = false;
  private wanted = false;
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<void>;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly api: () => ConsoleApi,
    /** Told of each entry that came in by a poll (not of those the first read found). */
    private readonly onNew: (entries: TodayEntry[]) => void,
    /** A 401: the session is gone. The poller stops until wanted again. */
    private readonly onSignedOut: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    this.apply();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearTimeout(this.timer);
  }

  /** Whether the host wants the feed; wanted again after a stop, it reads everything afresh. */
  want(wanted: boolean): void {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    if (!wanted) this.today = undefined;
    this.apply();
  }

  /** Polls now, or joins the poll under way. */
  now = (): Promise<void> =>
    (this.inFlight ??= (clearTimeout(this.timer), this.poll()).finally(() => {
      this.inFlight = undefined;
      this.schedule();
    }));

  private onVisibility = () => (hidden() ? clearTimeout(this.timer) : this.apply());

  private apply(): void {
    clearTimeout(this.timer);
    if (this.wanted && this.host.isConnected && !hidden()) void this.now();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.wanted && this.host.isConnected && !hidden()) this.timer = setTimeout(this.now, POLL_MS);
  }

  private async poll(): Promise<void> {
    const known = this.today;
    try {
      const answer = await this.api().today(known?.cursor);
      if (!this.wanted) return;
      if (!known || answer.day !== known.day) {
        // The first read, or a new Bangkok day: nothing carries over.
        const fresh = known && answer.day !== known.day ? await this.api().today() : answer;
        this.today = { ...fresh, entries: merge(fresh.entries, []) };
      } else {
        this.today = { ...answer, entries: merge(answer.entries, known.entries) };
        if (answer.entries.length) this.onNew([...answer.entries].sort((a, b) => a.seq - b.seq));
      }
      this.offline = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.wanted = false;
        this.today = undefined;
        this.onSignedOut();
      } else {
        this.offline = true;
      }
    }
    this.host.requestUpdate();
  }
}

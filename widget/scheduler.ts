/**
 * When to ask the proxy whether a bill is paid: while running, every `interval()` ms while the page is visible, never
 * while it is hidden, at once when the customer comes back (usually from their bank app), and never two checks at a
 * time. The "check now" button goes through the same `_now()`.
 */
import type { ReactiveControllerHost } from 'lit';
import { HostTimer } from './host-timer.ts';

const hidden = () => document.visibilityState === 'hidden';

export class CheckScheduler extends HostTimer {
  private _timer?: ReturnType<typeof setTimeout>;
  private _inFlight?: Promise<void>;

  constructor(
    host: ReactiveControllerHost & Element,
    private readonly _check: () => Promise<void>,
    private readonly _interval: () => number,
  ) {
    super(host);
  }

  /** Checks now, or joins the check already under way. */
  _now = (): Promise<void> =>
    (this._inFlight ||= (clearTimeout(this._timer), this._check()).finally(() => {
      this._inFlight = undefined;
      this._apply();
    }));

  private _onVisibility = () => (hidden() ? clearTimeout(this._timer) : this._interval() && this._now());

  protected _apply(): void {
    clearTimeout(this._timer);
    if (!this._running) return document.removeEventListener('visibilitychange', this._onVisibility);
    // Adding the same listener again changes nothing.
    document.addEventListener('visibilitychange', this._onVisibility);
    const interval = this._interval();
    if (interval && !hidden()) this._timer = setTimeout(this._now, interval);
  }
}

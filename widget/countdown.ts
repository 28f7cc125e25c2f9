/**
 * The time left on a bill: while running, it ticks once a second, re-renders its host, and reports the second the
 * time runs out. Time is the proxy's: the offset between its clock and the page's is taken from each answer's
 * `serverTime`.
 */
import type { ReactiveControllerHost } from 'lit';
import { HostTimer } from './host-timer.ts';

export class Countdown extends HostTimer {
  /** Seconds from the bill's first sighting to its expiry, for the progress bar. */
  _window!: number;
  private _expires!: number;
  private _offset!: number;
  private _timer?: ReturnType<typeof setInterval>;

  constructor(
    host: ReactiveControllerHost & Element,
    private readonly _onTick: (left: number) => void,
  ) {
    super(host);
  }

  /** Takes a bill's expiry and the proxy's time; `first` also sets the window. */
  _sync(expiresAt: string, serverTime: string, first?: boolean): void {
    this._expires = Date.parse(expiresAt);
    this._offset = Date.parse(serverTime) - Date.now();
    if (first) this._window = (this._expires - Date.parse(serverTime)) / 1000;
  }

  /** Whole seconds left, never below zero. */
  get _left(): number {
    return Math.max(0, Math.round((this._expires - Date.now() - this._offset) / 1000));
  }

  protected _apply(): void {
    clearInterval(this._timer);
    if (this._running)
      this._timer = setInterval(() => {
        this._host.requestUpdate();
        this._onTick(this._left);
      }, 1000);
  }
}

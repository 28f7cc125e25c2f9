/**
 * The time left on a bill: it ticks once a second while started, re-renders its host, and reports the second the
 * time runs out. The host starts and stops it with the states that show a QR (and when it leaves the page). Time is
 * the proxy's: the offset between its clock and the page's is taken from each answer's `serverTime`.
 */
import type { ReactiveControllerHost } from 'lit';

export class Countdown {
  /** Seconds from the bill's first sighting to its expiry, for the progress bar. Internal names start with `_`, which the CDN build mangles. */
  _window!: number;
  private _expires!: number;
  private _offset!: number;
  private _timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _onTick: (left: number) => void,
  ) {}

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

  _start(): void {
    clearInterval(this._timer);
    this._timer = setInterval(() => {
      this._host.requestUpdate();
      this._onTick(this._left);
    }, 1000);
  }

  _stop(): void {
    clearInterval(this._timer);
  }
}

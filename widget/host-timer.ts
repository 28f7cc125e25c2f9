/**
 * What the countdown and the check scheduler share: each is a reactive controller of the element that runs while the
 * element wants it (in the states that show or check a bill) and is in the page. Taking the element out of the page
 * pauses it and putting it back resumes it, so the element only says whether it wants it. Internal names start with
 * `_`, which the CDN build mangles.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export abstract class HostTimer implements ReactiveController {
  private _wanted?: boolean;

  constructor(protected readonly _host: ReactiveControllerHost & Element) {
    _host.addController(this);
  }

  hostConnected(): void {
    this._apply();
  }

  hostDisconnected(): void {
    this._apply();
  }

  /** Whether the element wants it running; wanted again, it starts afresh. */
  _want(wanted: boolean): void {
    this._wanted = wanted;
    this._apply();
  }

  protected get _running(): boolean | undefined {
    return this._wanted && this._host.isConnected;
  }

  /** Starts the timer afresh, or stops it, as `_running` says. */
  protected abstract _apply(): void;
}

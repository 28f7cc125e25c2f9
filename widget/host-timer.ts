/**
 * What the countdown and the check scheduler share: each is a reactive controller of the element that runs while the
 * element wants it (in the states that show or check a bill) and is in the page. Taking the element out of the page
 * pauses it and putting it back resumes it, so the element only says when it wants it. Internal names start with `_`,
 * which the CDN build mangles.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export abstract class HostTimer implements ReactiveController {
  private _wanted = false;
  private _inPage = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this._inPage = true;
    this._apply();
  }

  hostDisconnected(): void {
    this._inPage = false;
    this._apply();
  }

  /** Runs it, afresh if it was running. */
  _start(): void {
    this._wanted = true;
    this._apply();
  }

  _stop(): void {
    this._wanted = false;
    this._apply();
  }

  protected get _running(): boolean {
    return this._wanted && this._inPage;
  }

  /** Starts the timer afresh, or stops it, as `_running` says. */
  protected abstract _apply(): void;
}

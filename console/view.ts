/**
 * What every view shares: the API client, the texts, who is signed in, and one way to run a call and say what went
 * wrong. A 401 is not the view's to explain: it tells the app (`console-signed-out`), which shows the sign-in.
 */
import { html, LitElement, type PropertyDeclarations } from 'lit';
import type { Me } from '../contract/console.ts';
import { ApiError, type ConsoleApi } from './api.ts';
import { format, type Strings } from './i18n/index.ts';
import { styles } from './styles.ts';

/** What to tell the seller of a failed call, and so what to do next. */
export function explain(t: Strings, error: unknown): string {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 0) return t.errNetworkOnce;
  if (error.status === 403) return t.errForbidden;
  if (error.status === 404) return t.errNotFound;
  if (error.status === 429) return t.errBusy;
  if (error.status >= 400 && error.status < 500) return format(t.errInput, { message: error.message });
  return t.errServer;
}

export abstract class ConsoleView extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    t: { attribute: false },
    me: { attribute: false },
    error: { state: true },
  };

  api!: ConsoleApi;
  t!: Strings;
  me!: Me;
  /** The last call's failure, in words. */
  error = '';

  /** Runs a call; on failure says why and answers undefined. */
  protected async run<T>(call: () => Promise<T>): Promise<T | undefined> {
    this.error = '';
    try {
      return await call();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.dispatchEvent(new CustomEvent('console-signed-out', { bubbles: true, composed: true }));
      } else {
        this.error = explain(this.t, error);
      }
      return undefined;
    }
  }

  protected errorView() {
    return this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : '';
  }

  /** What the view reads when it opens. */
  protected load(): Promise<void> | void {}

  /**
   * The view's heading takes the focus when the view opens, so a screen reader starts there; then it reads. Not in
   * connectedCallback: an element upgraded after the app set its properties has them back only at its first update.
   */
  override firstUpdated(): void {
    (this.renderRoot.querySelector('h1') as HTMLElement | null)?.focus({ preventScroll: true });
    void this.load();
  }
}

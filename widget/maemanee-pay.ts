import { html, LitElement } from 'lit';
import { call, retryable, type Confirmation, type Paid, type PayError, type Payment } from './api.ts';
import { checkScheduler } from './scheduler.ts';
import { load, save } from './session.ts';
import { styles } from './maemanee-pay.styles.ts';
import { format, pickLang, strings, type Strings } from './strings.ts';

export type PayState = 'idle' | 'creating' | 'pending' | 'confirming' | 'paid' | 'expired' | 'cancelled' | 'error';

/** Seconds left at which the countdown is read out to screen readers. */
const ANNOUNCE_AT = [300, 60, 30];

/**
 * A PromptPay payment: shows the QR for a bill, counts down to its expiry, and confirms the payment through a
 * maemanee-pay proxy.
 *
 * @tag maemanee-pay
 *
 * @attr endpoint - Base URL of the maemanee-pay proxy.
 * @attr amount - Whole baht to charge (with `ref1`), within the proxy's bounds.
 * @attr ref1 - The merchant's reference for the order or payer.
 * @attr order - A merchant-signed order token, instead of `amount` and `ref1`.
 * @attr lang - `th` or `en`; defaults to the closest `lang` in the page, then Thai.
 * @attr autostart - Create the payment at once instead of on the customer's click.
 * @attr poll - Seconds between automatic checks while the page is visible (slower after three minutes); 0 for the button only. Default 5.
 * @attr state - Reflected, read-only: idle, creating, pending, confirming, paid, expired, cancelled or error.
 *
 * @fires maemanee-created - A bill was created. `detail`: the payment: `{ id, ref1, amount, qr, payUrl, expiresAt, token, sandbox }`.
 * @fires maemanee-paid - The bill is paid; once per payment, even across reloads. `detail`: `{ id, ref1, amount, paidAt, receipt, sandbox }`.
 * @fires maemanee-expired - The bill expired unpaid. `detail`: `{ id }`.
 * @fires maemanee-cancelled - The payment was abandoned. `detail`: `{ id, cancelled }` (`cancelled`: the upstream bill was cancelled too).
 * @fires maemanee-error - Something failed. `detail`: `{ code, message, retryable }`.
 *
 * @csspart base - The card around everything.
 * @csspart amount - The amount.
 * @csspart start - The "pay with PromptPay" button.
 * @csspart qr - The QR image.
 * @csspart countdown - The time left.
 * @csspart progress - The bar of the time left.
 * @csspart steps - The numbered instructions.
 * @csspart reference - The payment reference.
 * @csspart actions - The group of buttons under the QR.
 * @csspart check - The "I have paid, check now" button.
 * @csspart save - The "save QR image" link.
 * @csspart open - The "open payment page" link.
 * @csspart message - The heading of the paid, expired, cancelled and error views.
 * @csspart renew - The "create a new QR" button.
 * @csspart retry - The "try again" button.
 * @csspart status - The live region that announces changes (visually hidden).
 *
 * @cssprop --maemanee-accent - Buttons, links, the progress bar and the card's border.
 * @cssprop --maemanee-background - The card's background.
 * @cssprop --maemanee-color - Text.
 * @cssprop --maemanee-radius - Corner radius.
 * @cssprop --maemanee-font - Font family.
 * @cssprop --maemanee-qr-size - Width and height of the QR.
 */
export class MaemaneePay extends LitElement {
  static override styles = styles;
  static override properties = {
    endpoint: {},
    amount: {},
    ref1: {},
    order: {},
    // Observed so that switching languages re-renders; the text follows the attribute (see `pickLang`).
    lang: { reflect: true },
    autostart: { type: Boolean },
    poll: { type: Number },
    strings: { attribute: false },
    _state: { state: true },
    _payment: { state: true },
    _note: { state: true },
    _tick: { state: true },
  };

  declare endpoint: string | null;
  declare amount: string | null;
  declare ref1: string | null;
  declare order: string | null;
  declare autostart: boolean;
  declare poll: number;
  /** Overrides any of the element's texts, in the current language. */
  declare strings: Partial<Strings>;

  declare private _state: PayState;
  declare private _payment?: Payment;
  /** A line under the QR ("no payment found yet", the time left at a threshold), also announced. */
  declare private _note: string;
  declare private _tick: number;

  private _paid?: Paid;
  private _error?: PayError;
  private _retry?: () => unknown;
  private _offset = 0;
  private _window = 600;
  private _since = 0;
  private _ticker?: ReturnType<typeof setInterval>;
  /** Whether to move focus into the view about to render. */
  private _focus = false;
  /** The state the last render showed. */
  private _shown?: PayState;
  private _scheduler = checkScheduler(
    () => this._check(),
    () => (this.poll > 0 ? this.poll * 1000 * (Date.now() - this._since > 180_000 ? 3 : 1) : 0),
  );

  constructor() {
    super();
    this.endpoint = this.amount = this.ref1 = this.order = null;
    this.autostart = false;
    this.poll = 5;
    this.strings = {};
    this._state = 'idle';
    this._note = '';
    this._tick = 0;
  }

  /** Where the payment is: idle, creating, pending, confirming, paid, expired, cancelled or error. */
  get state(): PayState {
    return this._state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = load(this._key());
    if (this._state === 'pending') this._watch();
    else if (this._state === 'idle' && saved) this._resume(saved.id, saved.token);
    else if (this._state === 'idle' && this.autostart) this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unwatch();
  }

  /** Creates the bill and shows its QR. Does nothing while a bill is pending or paid. */
  async start(): Promise<void> {
    if (/creating|pending|confirming|paid/.test(this._state)) return;
    const problem = !this.endpoint
      ? 'endpoint is missing'
      : this.order
        ? ''
        : !/^[1-9]\d*$/.test(this.amount ?? '')
          ? 'amount must be whole baht'
          : !this.ref1 && 'ref1 is missing';
    if (problem) return this._fail({ code: 'invalid_attributes', message: problem, status: 400 });
    this._state = 'creating';
    try {
      const p = await call<Payment>(this._url(''), this.order ? { order: this.order } : { amount: +this.amount!, ref1: this.ref1 });
      save(this._key(), { id: p.id, token: p.token });
      this._adopt(p);
      this._emit('created', p);
    } catch (error) {
      this._fail(error as PayError, () => this.start());
    }
  }

  /** Asks the proxy now whether the bill is paid; joins a check already under way. */
  async check(): Promise<void> {
    if (this._state !== 'pending') return;
    this._state = 'confirming';
    await this._scheduler.now();
    if (this._state === 'confirming') {
      this._state = 'pending';
      this._note = this._t().notYet;
    }
  }

  /**
   * Abandons the payment. A last check runs first, so a paid bill stays paid; the proxy cancels the upstream bill
   * only once it has expired, and `detail.cancelled` says whether it did.
   */
  async cancel(): Promise<void> {
    const p = this._payment;
    if (!p || /paid|cancelled/.test(this._state)) return;
    if (this._state !== 'expired') await this._scheduler.now();
    if ((this._state as PayState) === 'paid') return;
    const cancelled = await call(this._url(`/${p.id}/cancel`), { token: p.token }).then(
      () => true,
      () => false,
    );
    this.reset();
    this._state = 'cancelled';
    this._emit('cancelled', { id: p.id, cancelled });
  }

  /** Back to idle, forgetting the current bill (it is not cancelled). */
  reset(): void {
    this._unwatch();
    save(this._key());
    this._payment = undefined;
    this._note = '';
    this._state = 'idle';
  }

  protected override willUpdate(): void {
    const before = this._shown;
    if (before === this._state) return;
    this._shown = this._state;
    this.setAttribute('state', this._state);
    // Pending and confirming are one view: focus stays where the customer left it.
    const queue = /^(pending|confirming)$/;
    this._focus = !(queue.test(`${before}`) && queue.test(this._state)) && this.matches(':focus-within');
    if (this._state !== 'pending') this._note = '';
  }

  protected override updated(): void {
    // Focus follows the customer into the new view, but is never taken from elsewhere in the page.
    if (this._focus) (this.renderRoot.querySelector('[data-focus]') as HTMLElement | null)?.focus();
    this._focus = false;
  }

  private _t(): Strings {
    return { ...strings(pickLang(this)), ...this.strings };
  }

  private _url(path: string): string {
    return `${(this.endpoint ?? '').replace(/\/+$/, '')}/v1/payments${path}`;
  }

  private _key(): string {
    return `maemanee-pay|${this._url('')}|${this.order ?? `${this.ref1}|${this.amount}`}`;
  }

  private _emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(`maemanee-${name}`, { detail, bubbles: true, composed: true }));
  }

  private _adopt(p: Payment): void {
    this._payment = p;
    this._offset = Date.parse(p.serverTime) - Date.now();
    this._window = (Date.parse(p.expiresAt) - Date.parse(p.serverTime)) / 1000;
    this._since = Date.now();
    this._state = 'pending';
    this._watch();
    if (p.status === 'expired') this._deadline();
  }

  private async _resume(id: string, token: string): Promise<void> {
    this._state = 'creating';
    try {
      const p = await call<Payment>(this._url(`/${id}`), undefined, token);
      if (p.status === 'paid') this._settle(p as unknown as Paid);
      else this._adopt({ ...p, token });
    } catch (error) {
      if (retryable(error as PayError)) return this._fail(error as PayError, () => this._resume(id, token));
      this.reset(); // the bill is gone, or the token no longer opens it: start afresh
      if (this.autostart) this.start();
    }
  }

  private _watch(): void {
    this._scheduler.start();
    clearInterval(this._ticker);
    this._ticker = setInterval(() => this._second(), 1000);
  }

  private _unwatch(): void {
    this._scheduler.stop();
    clearInterval(this._ticker);
  }

  private _left(): number {
    return Math.max(0, Math.round((Date.parse(this._payment!.expiresAt) - Date.now() - this._offset) / 1000));
  }

  private _second(): void {
    const left = this._left();
    this._tick = left;
    if (!left) this._deadline();
    // Read out only as a threshold is crossed, not on every tick, nor for thresholds long past after a reload.
    const at = ANNOUNCE_AT.find((s) => left <= s && left > s - 2);
    if (at) this._note = format(at < 60 ? this._t().seconds : this._t().minutes, { n: at < 60 ? at : at / 60 });
  }

  /** At expiry, one last check first: money that arrived at the last second wins over "expired". */
  private async _deadline(): Promise<void> {
    clearInterval(this._ticker);
    await this._scheduler.now();
    if (!/pending|confirming/.test(this._state)) return;
    if (this._left()) this._watch(); // the proxy's clock gave it more time
    else this._expire();
  }

  private _expire(): void {
    this._unwatch();
    this._state = 'expired';
    this._emit('expired', { id: this._payment!.id });
  }

  private async _check(): Promise<void> {
    const p = this._payment!;
    try {
      const r = await call<Confirmation>(this._url(`/${p.id}/confirm`), { token: p.token });
      if (r.status === 'paid') this._settle(r);
      else if (r.status === 'expired') this._expire();
      else {
        this._payment = { ...p, expiresAt: r.expiresAt };
        this._offset = Date.parse(r.serverTime) - Date.now();
      }
    } catch (error) {
      this._fail(error as PayError, () => {
        this._state = 'pending';
        this._watch();
        return this.check();
      });
    }
  }

  private _settle(paid: Paid): void {
    this._unwatch();
    this._paid = paid;
    this._state = 'paid';
    const saved = load(this._key());
    if (saved?.announced) return;
    save(this._key(), { id: paid.id, token: saved?.token ?? '', announced: true });
    this._emit('paid', paid);
  }

  private _fail(error: PayError, retry?: () => unknown): void {
    const again = retryable(error);
    this._unwatch();
    this._error = error;
    this._retry = again ? retry : undefined;
    this._state = 'error';
    if (!again) console.error(`<maemanee-pay>: ${error.message} (${error.code})`);
    this._emit('error', { code: error.code, message: error.message, retryable: again });
  }

  private _money(amount: number): string {
    return amount.toLocaleString(pickLang(this) === 'th' ? 'th-TH' : 'en-US', {
      style: 'currency',
      currency: 'THB',
      currencyDisplay: 'narrowSymbol',
    });
  }

  /** The amount to show before a bill exists: the attribute, or the one inside a signed order (display only). */
  private _preview(): number {
    try {
      return this.order ? JSON.parse(atob(this.order.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).amount : +this.amount!;
    } catch {
      return 0;
    }
  }

  protected override render() {
    const t = this._t();
    const state = this._state;
    const p = this._payment;
    const e = this._error;
    const message = {
      paid: t.paid,
      expired: t.expired,
      cancelled: t.cancelled,
      error:
        e && (e.status === 0 ? t.network : e.status === 429 ? t.busy : retryable(e) ? t.unavailable : format(t.setup, { detail: e.message })),
    }[state as string];
    const start = /idle|creating/.test(state) && this._preview();
    return html`<div part="base">
      ${message ? html`<h2 part="message" class=${state} tabindex="-1" data-focus>${message}</h2>` : ''}
      ${state === 'paid'
        ? html`<div part="amount">${this._money(this._paid!.amount)}</div>
            <p part="reference">${format(t.ref, { ref: this._paid!.ref1 })}</p>`
        : ''}
      ${state === 'expired' ? html`<button part="renew" @click=${this._renew}>${t.again}</button>` : ''}
      ${this._retry && state === 'error' ? html`<button part="retry" @click=${this._retry}>${t.retry}</button>` : ''}
      ${start ? html`<div part="amount">${this._money(start)}</div>` : ''}
      ${/idle|creating/.test(state)
        ? html`<button part="start" data-focus aria-disabled=${state === 'creating'} @click=${this.start}>
            ${state === 'creating' ? t.creating : t.pay}
          </button>`
        : ''}
      ${p && (/pending|confirming/.test(state) || (state === 'error' && this._left())) ? this._qr(t, p) : ''}
      <div part="status" role="status">${message ?? (state === 'creating' ? t.creating : state === 'confirming' ? t.checking : this._note)}</div>
    </div>`;
  }

  private _qr(t: Strings, p: Payment) {
    const left = this._left();
    const time = `${(left / 60) | 0}:${String(left % 60).padStart(2, '0')}`;
    const amount = this._money(p.amount);
    const checking = this._state === 'confirming';
    return html`<h2 tabindex="-1" data-focus>${t.scan}${p.sandbox ? ' (SANDBOX)' : ''}</h2>
      <div part="amount">${amount}</div>
      <img part="qr" src=${p.qr} alt=${format(t.qrAlt, { amount, time })} />
      <div part="countdown" role="timer">${format(t.left, { time })}</div>
      <progress part="progress" max=${this._window} .value=${left}></progress>
      <p part="reference">${format(t.ref, { ref: p.ref1 })}</p>
      <ol part="steps">
        <li>${t.step1}</li>
        <li>${t.step2}</li>
        <li>${format(t.step3, { amount })}</li>
      </ol>
      <p>${this._note}</p>
      <div part="actions">
        <button part="check" ?disabled=${checking} @click=${this.check}>${checking ? t.checking : t.check}</button>
        <a part="save" href=${p.qr} download=${`promptpay-${p.ref1}-${p.amount}.png`}>${t.save}</a>
        ${p.payUrl ? html`<a part="open" href=${p.payUrl} target="_blank" rel="noopener">${t.open}</a>` : ''}
      </div>`;
  }

  private async _renew(): Promise<void> {
    const p = this._payment;
    if (p) await call(this._url(`/${p.id}/cancel`), { token: p.token }).catch(() => {});
    this.reset();
    await this.start();
  }
}

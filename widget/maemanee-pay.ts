import { LitElement } from 'lit';
import { call, retryable, type ConfirmResult, type CreatedPayment, type CreateResult, type PaidPayment, type PayError, type PaymentView } from './api.ts';
import { Countdown } from './countdown.ts';
import { onPhone } from './device.ts';
import type { MaemaneePayEventMap } from './events.ts';
import { format, pickLang, TEXTS, type Strings } from './i18n/index.ts';
import { canShareFiles, saveQr } from './save-qr.ts';
import { CheckScheduler } from './scheduler.ts';
import { load, save } from './session.ts';
import { allowed, CHECKED, WATCHING, type PayState } from './state.ts';
import { styles } from './maemanee-pay.styles.ts';
import { errorView } from './views/error.ts';
import { expiredView } from './views/expired.ts';
import { idleView } from './views/idle.ts';
import { message } from './views/message.ts';
import { paidView } from './views/paid.ts';
import { pendingView } from './views/pending.ts';
import { money } from './views/money.ts';
import { html } from 'lit';

export type { PayState };

/** How often an expired bill is checked while the page is visible and the proxy still looks for a late payment. */
const LATE_CHECK_MS = 20_000;

/**
 * A PromptPay payment: shows the QR for a bill, counts down to its expiry, and confirms the payment through a
 * maemanee-pay proxy.
 *
 * @tag maemanee-pay
 *
 * @attr state - Reflected, read-only: idle, creating, pending, confirming, paid, expired, cancelled or error.
 *
 * @fires maemanee-created - A bill was created. `detail`: the payment: `{ id, ref1, amount, qr, payUrl, expiresAt, token, sandbox }`.
 * @fires maemanee-paid - The bill is paid; once per payment, even across reloads. `detail`: `{ id, ref1, amount, paidAt, late, receipt, sandbox }`.
 * @fires maemanee-expired - The bill expired unpaid. `detail`: `{ id }`.
 * @fires maemanee-cancelled - The payment was abandoned. `detail`: `{ id, cancelled }` (`cancelled`: the upstream bill was cancelled too).
 * @fires maemanee-error - Something failed. `detail`: `{ code, message, retryable }`.
 *
 * @csspart base - The card around everything.
 * @csspart amount - The amount.
 * @csspart start - The "pay with PromptPay" button.
 * @csspart qr - The QR image.
 * @csspart save - The "save QR to Photos" button (shares the QR as an image where the browser can, else downloads it).
 * @csspart hold - On a phone that cannot share files: "press and hold the QR to save it".
 * @csspart countdown - The time left.
 * @csspart progress - The bar of the time left.
 * @csspart warning - "Less than a minute left".
 * @csspart steps - The numbered instructions.
 * @csspart reference - The payment reference.
 * @csspart actions - The group of buttons under the QR.
 * @csspart check - The "I have paid, check now" button.
 * @csspart open - The link to the bill page, to pay by card or another app.
 * @csspart message - The heading of the paid, expired, cancelled and error views.
 * @csspart already - In the expired view: a payment already made will still be found; do not pay again.
 * @csspart renew - The "create a new QR" button.
 * @csspart mark - The paid view's check mark.
 * @csspart time - When it was paid.
 * @csspart late - "Paid after the QR expired".
 * @csspart back - The link back to the shop (`return-url`).
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
  /** The element's reactive properties, each documented here; its type and default are on its field below. */
  static override properties = {
    /** Base URL of the maemanee-pay proxy. */
    endpoint: {},
    /** Whole baht to charge (with `ref1`), within the proxy's bounds. */
    amount: {},
    /** The merchant's reference for the order or payer. */
    ref1: {},
    /** A merchant-signed order token, instead of `amount` and `ref1`. */
    order: {},
    // Observed so that switching languages re-renders; the text follows the attribute (see `pickLang`).
    /** `th` or `en`; defaults to the closest `lang` in the page, then Thai. */
    lang: { reflect: true },
    /** Create the payment at once instead of on the customer's click. */
    autostart: { type: Boolean },
    /**
     * Seconds between automatic checks while the page is visible (slower after three minutes); 0 for the button only.
     * Default 8 (with the immediate check when the customer returns to the page, this keeps a payment within five
     * upstream calls).
     */
    poll: { type: Number },
    /** An https link back to the shop, shown in the paid view. */
    returnUrl: { attribute: 'return-url' },
    /**
     * The IANA time zone in which the paid view shows when it was paid. Default `Asia/Bangkok`, as on the proxy's
     * pages, whatever the phone's own zone; one the browser does not know reads as `Asia/Bangkok`.
     */
    timeZone: { attribute: 'time-zone' },
    /** Overrides any of the element's texts, in the current language. */
    strings: { attribute: false },
    _state: { state: true },
  };

  // Unset until given: an attribute removed later reads null. These fields go through Lit's accessors, not over them,
  // because tsconfig.json sets useDefineForClassFields to false.
  endpoint?: string | null;
  amount?: string | null;
  ref1?: string | null;
  order?: string | null;
  returnUrl?: string | null;
  timeZone: string | null = 'Asia/Bangkok';
  autostart = false;
  poll = 8;
  strings: Partial<Strings> = {};

  private _state: PayState = 'idle';
  // The bill and the notes change only with a state or a tick of the countdown, each of which renders.
  private _payment?: CreatedPayment;
  /** A line under the QR ("no payment found yet"). */
  private _note = '';
  /** What the live region says besides the state's own words: the note, or the one-minute warning. */
  private _say = '';
  /** Until when the proxy looks for a late payment of an expired bill (epoch ms); the element checks until then. */
  private _until = 0;

  private _paid?: PaidPayment;
  private _error?: PayError;
  private _retry?: () => unknown;
  private _since!: number;
  /** Whether to move focus into the view about to render. */
  private _focus = false;
  /** The state the last render showed. */
  private _shown?: PayState;
  private _clock = new Countdown(this, (left) => this._second(left));
  private _scheduler = new CheckScheduler(
    this,
    () => this._check(),
    () =>
      this._state === 'expired'
        ? Date.now() < this._until
          ? LATE_CHECK_MS
          : 0
        : // Slower once the QR has been on screen for three minutes.
          this.poll > 0
          ? this.poll * 1000 * (Date.now() - this._since > 180_000 ? 3 : 1)
          : 0,
  );

  /** Where the payment is: idle, creating, pending, confirming, paid, expired, cancelled or error. */
  get state(): PayState {
    return this._state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = load(this._key());
    if (this._state === 'idle') saved ? this._resume(saved.id, saved.token) : this.autostart && this.start();
  }

  /** Creates the bill and shows its QR (or the payment, for an order already paid). Does nothing while a bill is pending or paid. */
  async start(): Promise<void> {
    if (!allowed(this._state, 'creating')) return;
    const problem = !this.endpoint
      ? 'endpoint is missing'
      : this.order
        ? ''
        : !/^[1-9]\d*$/.test(this.amount ?? '')
          ? 'amount must be whole baht'
          : !this.ref1 && 'ref1 is missing';
    if (problem) return this._fail({ code: 'invalid_attributes', message: problem, status: 400 });
    this._enter('creating');
    try {
      const p = await call<CreateResult>(this._url(''), this.order ? { order: this.order } : { amount: +this.amount!, ref1: this.ref1 });
      if (p.status === 'paid') return this._settle(p);
      save(this._key(), { id: p.id, token: p.token });
      this._adopt(p, true);
    } catch (error) {
      this._fail(error as PayError, () => this.start());
    }
  }

  /** Asks the proxy now whether the bill is paid; joins a check already under way. */
  async check(): Promise<void> {
    if (this._state !== 'pending') return;
    this._enter('confirming');
    await this._scheduler._now();
    if ((this._state as PayState) === 'confirming') {
      this._enter('pending');
      this._note = this._say = this._t().notYet;
    }
  }

  /**
   * Abandons the payment. A last check runs first, so a paid bill stays paid; the proxy cancels the upstream bill
   * only once it has expired, and `detail.cancelled` says whether it did.
   */
  async cancel(): Promise<void> {
    const p = this._payment;
    if (!p || !allowed(this._state, 'cancelled')) return;
    if (this._state !== 'expired') await this._scheduler._now();
    if (!allowed(this._state, 'cancelled')) return;
    const cancelled = await call(this._url(`/${p.id}/cancel`), { token: p.token }).then(
      () => true,
      () => false,
    );
    this._forget();
    if (this._enter('cancelled')) this._emit('maemanee-cancelled', { id: p.id, cancelled });
  }

  /** Back to idle, forgetting the current bill (it is not cancelled). */
  reset(): void {
    this._forget();
    this._enter('idle');
  }

  protected override willUpdate(): void {
    const before = this._shown;
    if (before === this._state) return;
    this._shown = this._state;
    this.setAttribute('state', this._state);
    // Pending and confirming are one view: focus stays where the customer left it.
    const same = WATCHING.includes(before!) && WATCHING.includes(this._state);
    this._focus = !same && this.matches(':focus-within');
    if (!WATCHING.includes(this._state)) this._note = this._say = '';
  }

  protected override updated(): void {
    // Focus follows the customer into the new view, but is never taken from elsewhere in the page.
    if (this._focus) (this.renderRoot.querySelector('[data-focus]') as HTMLElement | null)?.focus();
    this._focus = false;
  }

  /**
   * The one way into a state: refuses a move the table does not allow, and runs the countdown and the checks that the
   * new state needs (an expired bill is still checked, slowly, for a late payment). Says whether it moved, for the
   * caller to fire the state's event.
   */
  private _enter(next: PayState): boolean {
    if (next !== this._state && !allowed(this._state, next)) return false;
    this._state = next;
    this._watch(next);
    return true;
  }

  /** Fires one of the element's events (each documented, with its detail, on the class), out of its shadow root. */
  private _emit<K extends keyof MaemaneePayEventMap>(name: K, detail: MaemaneePayEventMap[K]['detail']): void {
    /** @ignore The manifest's analyzer would list this dispatch as an event without a name. */
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private _forget(): void {
    this._watch('idle'); // as for idle: nothing runs for a forgotten bill
    save(this._key());
    this._payment = undefined;
    this._note = this._say = '';
  }

  private _t(): Strings {
    return { ...TEXTS[pickLang(this)], ...this.strings };
  }

  private _url(path: string): string {
    return `${(this.endpoint ?? '').replace(/\/+$/, '')}/v1/payments${path}`;
  }

  private _key(): string {
    return `maemanee-pay|${this._url('')}|${this.order ?? `${this.ref1}|${this.amount}`}`;
  }

  private _adopt(p: CreatedPayment, created?: boolean): void {
    // Trust nothing unchecked, even from our own proxy: only a PNG data URL (here) and an https bill page (in the
    // pending view) reach the DOM.
    if (!/^data:image\/png[;,]/.test(p.qr)) p.qr = '';
    this._payment = p;
    this._clock._sync(p.expiresAt, p.serverTime, true);
    this._since = Date.now();
    if (this._enter('pending') && created) this._emit('maemanee-created', p);
    if (p.status === 'expired') this._deadline();
  }

  private async _resume(id: string, token: string): Promise<void> {
    this._enter('creating');
    try {
      const p = await call<PaymentView>(this._url(`/${id}`), undefined, token);
      if (p.status === 'paid') this._settle(p);
      else this._adopt({ ...p, token });
    } catch (error) {
      if (retryable(error as PayError)) return this._fail(error as PayError, () => this._resume(id, token));
      this.reset(); // the bill is gone, or the token no longer opens it: start afresh
      if (this.autostart) this.start();
    }
  }

  /** Runs the checks and the countdown that a state needs. */
  private _watch(state: PayState): void {
    this._scheduler._want(CHECKED.includes(state));
    this._clock._want(WATCHING.includes(state));
  }

  private _second(left: number): void {
    if (!left) this._deadline();
    // Said once, as the last minute begins (WCAG 2.2.1: time that can be seen coming); not for a reload inside it.
    if (left <= 60 && left > 58) this._say = this._t().warn;
  }

  /** At expiry, one last check first: money that arrived at the last second wins over "expired". */
  private async _deadline(): Promise<void> {
    this._clock._want(false);
    await this._scheduler._now();
    if (!WATCHING.includes(this._state)) return;
    if (this._clock._left) this._clock._want(true); // the proxy's clock gave it more time
    else if (this._enter('expired')) this._emit('maemanee-expired', { id: this._payment!.id });
  }

  private async _check(): Promise<void> {
    const p = this._payment!;
    const late = this._state === 'expired';
    try {
      const r = await call<ConfirmResult>(this._url(`/${p.id}/confirm`), { token: p.token });
      if (r.status === 'paid') this._settle(r);
      else if (r.status === 'expired') {
        this._until = Date.parse(r.checkUntil ?? '') || 0;
        if (this._enter('expired') && !late) this._emit('maemanee-expired', { id: p.id });
      } else this._clock._sync(r.expiresAt, r.serverTime);
    } catch (error) {
      // A late check that fails changes nothing: the next one, or the shop's webhook, will tell.
      if (!late)
        this._fail(error as PayError, () => {
          this._enter('pending');
          return this.check();
        });
    }
  }

  private _settle(paid: PaidPayment): void {
    this._paid = paid;
    const saved = load(this._key());
    const first = !saved?.told;
    if (first) save(this._key(), { token: '', ...saved, id: paid.id, told: true });
    if (this._enter('paid') && first) this._emit('maemanee-paid', paid);
  }

  private _fail(error: PayError, retry?: () => unknown): void {
    const again = retryable(error);
    this._error = error;
    this._retry = again ? retry : undefined;
    // The customer is told the shop's set-up has a problem; the shop's developer, here, what it is (for a refused
    // origin, the proxy's message names the origin to add to MAEMANEE_ALLOWED_ORIGINS).
    if (!again) console.error(`<maemanee-pay>: ${error.message}`);
    if (this._enter('error')) this._emit('maemanee-error', { code: error.code, message: error.message, retryable: again });
  }

  /** The amount to show before a bill exists: the attribute, or the one inside a signed order (display only). */
  private _preview(): number {
    try {
      return this.order ? JSON.parse(atob(this.order.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).amount : +this.amount!;
    } catch {
      return 0;
    }
  }

  private _save = () => {
    const p = this._payment!;
    return saveQr(p.qr, `promptpay-${p.ref1}-${p.amount}.png`, format(this._t().qrAlt, { amount: money(p.amount) }));
  };

  private _renew = async () => {
    const p = this._payment;
    if (p) await call(this._url(`/${p.id}/cancel`), { token: p.token }).catch(() => {});
    this.reset();
    await this.start();
  };

  protected override render() {
    const t = this._t();
    const state = this._state;
    const e = this._error;
    const failure = e && (e.status === 0 ? t.network : e.status === 429 ? t.busy : retryable(e) ? t.unavailable : t.setup);
    const p = this._payment;
    // A check that failed leaves the QR on screen while it can still be paid.
    const qr = p && (WATCHING.includes(state) || (state === 'error' && this._clock._left));
    const view = {
      // Lit calls a listener with the element as `this`, so methods are passed as they are.
      idle: () => idleView(t, this._preview(), state === 'creating', this.start),
      paid: () => paidView(t, this._paid!, this.returnUrl, this.timeZone),
      expired: () => expiredView(t, this._renew),
      cancelled: () => message(t.cancelled, 'cancelled'),
      error: () => errorView(t, failure!, this._retry),
    }[state === 'creating' ? 'idle' : (state as string)];
    const said = { paid: t.paid, expired: `${t.expired} ${t.already}`, cancelled: t.cancelled, error: failure, creating: t.creating, confirming: t.checking }[
      state as string
    ];
    return html`<div part="base">
      ${view?.()}
      ${qr
        ? pendingView(t, {
            _payment: p,
            _left: this._clock._left,
            _window: this._clock._window,
            _note: this._note,
            _checking: state === 'confirming',
            _phone: onPhone(),
            _shareable: canShareFiles(),
            _check: this.check,
            _save: this._save,
          })
        : ''}
      <div part="status" role="status">${said ?? this._say}</div>
    </div>`;
  }
}

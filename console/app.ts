/**
 * `<maemanee-console>`: the seller's console. It holds what outlives a view: the language, the session (who is
 * signed in), the route (the URL's hash), Today's feed and the sound alerts, so that a payment is announced whichever
 * view the owner has open. Staff see Today and nothing else, whatever the hash says.
 */
import { css, html, LitElement } from 'lit';
import type { Me } from '../contract/console.ts';
import { SoundAlerts } from './alerts.ts';
import { ApiError, ConsoleApi } from './api.ts';
import { forgetDraft } from './kept-draft.ts';
import { pickLang, storedLang, storeLang, TEXTS, type Lang, type Strings } from './i18n/index.ts';
import { addPasskey, cancelled, passkeysSupported, preloadPasskeys, signInWithPasskey } from './passkeys.ts';
import { TodayPoller } from './poller.ts';
import { page, styles } from './styles.ts';
import { explain } from './view.ts';
import { passkeyOfferView, signingInView, startView } from './views/signin.ts';

type Route =
  | { name: 'today' | 'links' | 'payments' | 'review' | 'export' | 'health' | 'staff' | 'more' }
  | { name: 'payment'; id: string }
  | { name: 'link'; id: string }
  | { name: 'signin'; token: string };

const OWNER_VIEWS = ['today', 'links', 'payments', 'review', 'export', 'health', 'staff', 'more'] as const;

export function parseRoute(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const id = decodeURIComponent(rest.join('/'));
  if (name === 'signin' && id) return { name: 'signin', token: id };
  if (name === 'payments' && id) return { name: 'payment', id };
  if (name === 'links' && id) return { name: 'link', id };
  return { name: (OWNER_VIEWS as readonly string[]).includes(name) ? (name as (typeof OWNER_VIEWS)[number]) : 'today' };
}

/** Where the session stands: not known yet, signed out, signing in with a link, offered a passkey, or in. */
type Phase = 'loading' | 'out' | 'signing-in' | 'offer' | 'in';

const NAV = ['today', 'links', 'payments', 'review', 'more'] as const;
const MORE = ['export', 'health', 'staff'] as const;

export class ConsoleApp extends LitElement {
  static override styles = [
    styles,
    css`
      :host {
        min-height: 100vh;
        min-height: 100dvh;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--card);
        border-bottom: 1px solid var(--line);
        padding: 0.5rem 1rem;
      }
      header .row,
      main {
        max-width: 40rem;
        margin: 0 auto;
      }
      header p {
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .sandbox {
        color: var(--warn);
        font-size: 0.9rem;
        font-weight: 600;
      }
      main {
        display: grid;
        gap: 1rem;
        padding: 1rem 1rem 6rem;
      }
      nav {
        position: fixed;
        bottom: 0;
        left: 0;
        right: 0;
        background: var(--card);
        border-top: 1px solid var(--line);
        padding-bottom: env(safe-area-inset-bottom);
      }
      nav ul {
        display: grid;
        grid-template-columns: repeat(5, 1fr);
        max-width: 40rem;
        margin: 0 auto;
      }
      nav a {
        display: grid;
        place-items: center;
        min-height: 56px;
        padding: 0 0.25rem;
        text-align: center;
        font-size: 0.9rem;
        font-weight: 600;
        text-decoration: none;
        color: var(--muted);
      }
      nav .count {
        display: inline-block;
        min-width: 1.4em;
        padding: 0 0.35em;
        border-radius: 1em;
        background: var(--warn);
        color: var(--card);
        font-size: 0.8rem;
        line-height: 1.4;
      }
      nav a[aria-current='page'] {
        color: var(--accent);
        box-shadow: inset 0 3px 0 var(--accent);
      }
      .more a {
        display: block;
        padding: 0.75rem 0;
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    /** The API's URL, relative to the page: `api/` beside the app at `/console/`. */
    base: {},
    language: { state: true },
    me: { state: true },
    phase: { state: true },
    route: { state: true },
    notice: { state: true },
    busy: { state: true },
    waiting: { state: true },
  };

  base = 'api/';
  private language: Lang = 'th';
  private me?: Me;
  private phase: Phase = 'loading';
  private route: Route = parseRoute(location.hash);
  /** A line above the view: the outcome of the last session step ("signed out", "passkey added"). */
  private notice = '';
  private busy = false;
  /** Bills waiting for the owner's review, as the review tab counts them; `more`: a page's worth and more. */
  private waiting = { count: 0, more: false };
  /** Which route the count was last asked on, so that it is asked once per view, not once per render. */
  private countedOn?: Route;
  private client?: ConsoleApi;
  /** The owner's views' chunk, asked for once an owner is signed in. */
  private ownerViews?: Promise<void>;

  private readonly alerts = new SoundAlerts(this, () => this.t);
  private readonly poller = new TodayPoller(
    this,
    () => this.api,
    (entries) => {
      this.alerts.announce(entries);
      // A bill just sent to review, or one settled: the tab's count follows.
      if (entries.some((e) => e.event.type === 'payment.needs_review' || e.event.type === 'payment.paid' || e.event.type === 'payment.expired')) void this.countWaiting();
    },
    () => this.signedOut(this.t.sessionEnded),
  );

  private get api(): ConsoleApi {
    return (this.client ??= new ConsoleApi(new URL(this.base, document.baseURI)));
  }

  private get t(): Strings {
    return TEXTS[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!document.adoptedStyleSheets.includes(page.styleSheet!)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, page.styleSheet!];
    this.language = pickLang(location.search, storedLang(), navigator.languages);
    window.addEventListener('hashchange', this.onHash);
    this.addEventListener('console-signed-out', this.onSignedOut);
    this.addEventListener('console-alerts', this.onAlerts);
    this.addEventListener('console-add-passkey', this.addPasskey);
    this.addEventListener('console-resolved', () => void this.countWaiting());
    if (this.route.name === 'signin') void this.signInWithLink(this.route.token);
    else void this.loadMe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  private onHash = () => {
    this.route = parseRoute(location.hash);
    this.notice = '';
    if (this.route.name === 'signin') void this.signInWithLink(this.route.token);
  };

  private onSignedOut = () => this.signedOut(this.t.sessionEnded);

  private onAlerts = (event: Event) => {
    if ((event as CustomEvent<boolean>).detail) this.alerts.turnOn(this.poller.today?.cursor ?? 0);
    else this.alerts.turnOff();
  };

  private go(name: Route['name']) {
    location.hash = `#/${name}`;
  }

  private async loadMe(): Promise<void> {
    try {
      const me = await this.api.me();
      if (!me.signedIn) return this.signedOut('');
      this.me = me;
      this.phase = 'in';
    } catch (error) {
      this.signedOut(explain(this.t, error));
    }
  }

  /** The token came in the fragment, which no server log sees; it leaves the address bar before anything else. */
  private async signInWithLink(token: string): Promise<void> {
    history.replaceState(null, '', `${location.pathname}${location.search}#/today`);
    this.route = { name: 'today' };
    this.phase = 'signing-in';
    this.notice = '';
    try {
      this.me = await this.api.signIn(token);
    } catch (error) {
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
      return this.signedOut(refused ? this.t.linkRefused : explain(this.t, error));
    }
    if (this.me.hasPasskey) this.phase = 'in';
    else if (!passkeysSupported()) (this.phase = 'in'), (this.notice = this.t.noPasskeys);
    else (this.phase = 'offer'), preloadPasskeys();
  }

  private signInPasskey = async () => {
    this.busy = true;
    this.notice = '';
    try {
      this.me = await signInWithPasskey(this.api);
      this.phase = 'in';
      this.go('today');
    } catch (error) {
      this.notice = this.passkeyFailure(error);
    } finally {
      this.busy = false;
    }
  };

  private addPasskey = async () => {
    this.busy = true;
    this.notice = '';
    try {
      await addPasskey(this.api);
      this.me = { ...this.me!, hasPasskey: true };
      this.notice = this.t.passkeyAdded;
      this.phase = 'in';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.signedOut(this.t.sessionEnded);
      this.notice = this.passkeyFailure(error);
    } finally {
      this.busy = false;
    }
  };

  /** A prompt closed is no failure; a passkey the proxy refuses (400, 401) is the passkey's, not the seller's input. */
  private passkeyFailure(error: unknown): string {
    if (error instanceof ApiError && error.status !== 400 && error.status !== 401) return explain(this.t, error);
    return cancelled(error) ? this.t.passkeyCancelled : this.t.passkeyFailed;
  }

  private signOut = async () => {
    // Whatever the answer, this device forgets the session; a session the proxy still holds lapses on its own.
    await this.api.signOut().catch(() => {});
    this.signedOut(this.t.signedOut);
  };

  private signedOut(notice: string): void {
    this.me = undefined;
    this.phase = 'out';
    this.notice = notice;
    this.alerts.turnOff();
    // Whoever signs in next on this phone starts from a blank link form.
    forgetDraft();
    if (passkeysSupported()) preloadPasskeys();
  }

  private switchLang = () => {
    this.language = this.language === 'th' ? 'en' : 'th';
    storeLang(this.language);
  };

  override willUpdate(): void {
    document.documentElement.lang = this.language;
    document.title = this.t.app;
    const owner = this.me?.member.role === 'owner';
    if (this.phase === 'in' && owner) this.ownerViews ??= import('./owner.ts').then((chunk) => chunk.defineOwnerViews());
    if (this.phase === 'in' && !owner && this.route.name !== 'today') this.route = { name: 'today' };
    this.poller.want(this.phase === 'in' && (this.route.name === 'today' || this.alerts.on));
    if (this.phase === 'in' && owner && this.countedOn !== this.route) {
      this.countedOn = this.route;
      void this.countWaiting();
    }
  }

  /** The owner's review inbox counted (the search's first page), for the tab that leads to it. */
  private async countWaiting(): Promise<void> {
    const page = await this.api.payments({ status: 'needs_review' }).catch(() => undefined);
    if (page) this.waiting = { count: page.payments.length, more: page.next !== null };
  }

  override render() {
    const t = this.t;
    return html`<header>
        <div class="row">
          <div>
            <p>${this.me?.shopName ?? t.app}</p>
            ${this.me?.mode === 'sandbox' ? html`<p class="sandbox">${t.sandbox}</p>` : ''}
          </div>
          <button class="quiet" data-switch-lang lang=${this.language === 'th' ? 'en' : 'th'} aria-label=${t.switchLangLabel} @click=${this.switchLang}>
            ${t.switchLang}
          </button>
        </div>
      </header>
      <main>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''} ${this.body()}
      </main>
      ${this.phase === 'in' && this.me?.member.role === 'owner' ? this.nav() : ''}`;
  }

  private body() {
    const t = this.t;
    switch (this.phase) {
      case 'loading':
        return html`<p class="muted">${t.loading}</p>`;
      case 'out':
        return startView(t, passkeysSupported(), this.busy, this.signInPasskey);
      case 'signing-in':
        return signingInView(t);
      case 'offer':
        return passkeyOfferView(t, this.busy, this.addPasskey, () => (this.phase = 'in'));
    }
    return html`${this.view()}
    ${this.me!.member.role === 'staff' ? html`<button class="quiet" data-signout @click=${this.signOut}>${t.signOut}</button>` : ''}`;
  }

  private view() {
    const { api, t, me } = this;
    const route = this.route;
    switch (route.name) {
      case 'links':
        return html`<console-links .api=${api} .t=${t} .me=${me}></console-links>`;
      case 'payments':
        return html`<console-payments .api=${api} .t=${t} .me=${me}></console-payments>`;
      case 'payment':
        return html`<console-payment .api=${api} .t=${t} .me=${me} .id=${route.id}></console-payment>`;
      case 'link':
        return html`<console-link .api=${api} .t=${t} .me=${me} .id=${route.id}></console-link>`;
      case 'review':
        return html`<console-review .api=${api} .t=${t} .me=${me}></console-review>`;
      case 'export':
        return html`<console-export .api=${api} .t=${t} .me=${me}></console-export>`;
      case 'health':
        return html`<console-health .api=${api} .t=${t} .me=${me}></console-health>`;
      case 'staff':
        return html`<console-staff .api=${api} .t=${t} .me=${me}></console-staff>`;
      case 'more':
        return html`<section class="card more">
          <h1 tabindex="-1">${t.more}</h1>
          <ul>
            ${MORE.map((name) => html`<li><a href="#/${name}">${t[name]}</a></li>`)}
          </ul>
          <button class="quiet" data-signout @click=${this.signOut}>${t.signOut}</button>
        </section>`;
    }
    return html`<console-today
      .api=${api}
      .t=${t}
      .me=${me}
      .today=${this.poller.today}
      ?offline=${this.poller.offline}
      ?alerts=${this.alerts.on}
      ?offer-passkey=${!me!.hasPasskey && passkeysSupported()}
    ></console-today>`;
  }

  private nav() {
    const current = this.route.name === 'payment' ? 'payments' : this.route.name === 'link' ? 'links' : (MORE as readonly string[]).includes(this.route.name) ? 'more' : this.route.name;
    return html`<nav aria-label=${this.t.nav}>
      <ul>
        ${NAV.map(
          (name) =>
            html`<li>
              <a href="#/${name}" aria-current=${current === name ? 'page' : 'false'}
                >${this.t[name]}${name === 'review' && this.waiting.count > 0
                  ? html` <span class="count" data-waiting>${this.waiting.count}${this.waiting.more ? '+' : ''}</span>`
                  : ''}</a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
  }
}

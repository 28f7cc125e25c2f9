/**
 * The console's one client of the proxy's `/console/api/*` routes, typed by the contract. Every call carries the
 * session cookie (same origin); a failure is an `ApiError` the views turn into words and a next step.
 */
import type {
  ConsoleHealth,
  Invite,
  LinksPage,
  Me,
  MeAnswer,
  MembersPage,
  MemberView,
  NewInviteRequest,
  PasskeyView,
  PaymentDetail,
  PaymentSearch,
  ResolveRequest,
  SessionView,
  SignInRequest,
  Today,
} from '../contract/console.ts';
import type { Link, NewLinkRequest, PaymentsPage } from '../contract/http.ts';
import type { Lang } from './i18n/index.ts';

export class ApiError extends Error {
  constructor(
    /** 0 when the proxy could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The browser's answer to a passkey ceremony, passed through as @simplewebauthn/browser made it. */
type CeremonyResponse = object;

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export class ConsoleApi {
  /** `base`: the API's URL with a trailing slash, `/console/api/` beside the app. */
  constructor(private readonly base: URL) {}

  url(path: string): string {
    return new URL(path, this.base).href;
  }

  private async call<T>(method: string, path: string, body?: object, alsoOk?: number): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        credentials: 'same-origin',
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new ApiError(0, 'network', 'The proxy could not be reached');
    }
    const json = await response.json().catch(() => undefined);
    if (!response.ok && response.status !== alsoOk) {
      throw new ApiError(response.status, json?.error?.code ?? 'http', json?.error?.message ?? response.statusText);
    }
    return json as T;
  }

  /** Who is signed in here, or `{signedIn: false}`. */
  me = () => this.call<MeAnswer>('GET', 'me');
  /** Answers who signed in, as a passkey sign-in does. */
  signIn = (invite: string) => this.call<Me>('POST', 'session', { invite } satisfies SignInRequest);
  signOut = () => this.call<unknown>('DELETE', 'session');

  passkeyOptions = () => this.call<Record<string, unknown>>('POST', 'passkeys/options');
  addPasskey = (response: CeremonyResponse) => this.call<PasskeyView>('POST', 'passkeys', { response });
  passkeySignInOptions = () => this.call<Record<string, unknown>>('POST', 'passkey-session/options');
  passkeySignIn = (response: CeremonyResponse) => this.call<Me>('POST', 'passkey-session', { response });

  today = (after?: number) => this.call<Today>('GET', `today${query({ after })}`);

  payments = (search: PaymentSearch, after?: string) => this.call<PaymentsPage>('GET', `payments${query({ ...search, after })}`);
  /** `lang`: the language of the review hint. */
  payment = (id: string, lang: 'th' | 'en') => this.call<PaymentDetail>('GET', `payments/${encodeURIComponent(id)}${query({ lang })}`);
  /** Answers the payment's page after the resolution, its review hint in `lang`. */
  resolve = (id: string, found: ResolveRequest['found'], lang: 'th' | 'en') =>
    this.call<PaymentDetail>('POST', `payments/${encodeURIComponent(id)}/resolve${query({ lang })}`, { found } satisfies ResolveRequest);
  redeliver = (eventId: string) => this.call<unknown>('POST', `events/${encodeURIComponent(eventId)}/redeliver`);

  links = (after?: string) => this.call<LinksPage>('GET', `links${query({ after })}`);
  link = (id: string) => this.call<Link>('GET', `links/${encodeURIComponent(id)}`);
  createLink = (link: NewLinkRequest) => this.call<Link>('POST', 'links', link);
  disableLink = (id: string) => this.call<Link>('POST', `links/${encodeURIComponent(id)}/disable`);

  /** The ledger failing answers 503 with the health that says so. */
  health = () => this.call<ConsoleHealth>('GET', 'health', undefined, 503);

  invite = (request: NewInviteRequest) => this.call<Invite>('POST', 'invites', request);
  members = () => this.call<MembersPage>('GET', 'members');
  revokeMember = (id: string) => this.call<MemberView>('POST', `members/${encodeURIComponent(id)}/revoke`);
  revokeSession = (id: string) => this.call<SessionView>('POST', `sessions/${encodeURIComponent(id)}/revoke`);
  removePasskey = (id: string) => this.call<PasskeyView>('DELETE', `passkeys/${encodeURIComponent(id)}`);

  /** The export's file, headed and worded in the console's language. */
  exportUrl = (from: string, to: string, lang: Lang) => this.url(`export.csv${query({ from, to, lang })}`);
}

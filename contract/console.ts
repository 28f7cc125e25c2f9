/**
 * The seller's console API: what crosses the wire between the console (the web app the proxy serves at `/console/`)
 * and the proxy's `/console/api/*` routes. Every call carries the session cookie the sign-in set; the console never
 * holds a merchant token or the secret. Declared before it is built: the routes and the app both import these.
 *
 * Roles: `owner` sees and does everything; `staff` sees Today (`GET /console/api/today`, `GET /console/api/me`,
 * `DELETE /console/api/session`) and nothing else: every other route answers them `403 forbidden`.
 *
 * Errors are the proxy's usual `{"error":{"code","message"}}`: `401 session_required` (no or revoked session),
 * `403 forbidden` (the role may not), `403 origin_not_allowed` (a state-changing call from another origin), `429
 * rate_limited` (sign-in attempts), `400 …` for bad input, `404 …` for nothing there.
 *
 * Times on the wire are ISO UTC; the console shows them in Asia/Bangkok. Days (`YYYY-MM-DD`) are Bangkok days.
 */
import type { BillStatus, BillSummary, Health, Link, PaymentEvent } from './http.ts';

export type Role = 'owner' | 'staff';

/** `GET /console/api/me`: who this session is. */
export interface Me {
  member: MemberView;
  /** This session's id (not its secret), to tell "this device" in the devices list. */
  session: string;
  /** Whether this session was made with a passkey (else by a one-time link). */
  passkey: boolean;
  /** Whether the member has any passkey yet: the console offers to add one until they do. */
  hasPasskey: boolean;
  mode: Health['mode'];
  shopName: string | null;
}

export interface MemberView {
  id: string;
  role: Role;
  /** The owner's is null; staff have the name the owner gave when inviting them. */
  name: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * `POST /console/api/session` `{invite}`: signs in with a one-time link's token (from the URL's fragment, so that it
 * reaches no log), once; sets the session cookie. `DELETE /console/api/session` signs this session out.
 */
export interface SignInRequest {
  invite: string;
}

/**
 * A one-time sign-in link: `maemanee-pay console` makes the owner's (merchant API `POST /v1/console/invites`, merchant
 * token), the owner makes staff ones in the console (`POST /console/api/invites`). Usable once, until `expiresAt`
 * (10 minutes for the owner's, 24 hours for staff).
 */
export interface NewInviteRequest {
  role: Role;
  /** A staff member's name, 1 to 60 characters; none for the owner's. */
  name?: string;
}

export interface Invite {
  /** `<proxy>/console/#/signin/<token>`: to open on the phone, or scan. */
  url: string;
  role: Role;
  name: string | null;
  expiresAt: string;
}

/**
 * Passkeys, with @simplewebauthn on both sides. Options come from the proxy; the browser's answer goes back as the
 * library's JSON. Registering needs a signed-in session; signing in with a passkey needs none.
 * - `POST /console/api/passkeys/options` → registration options; `POST /console/api/passkeys` `{response}` → the
 *   passkey added.
 * - `POST /console/api/passkey-session/options` → authentication options; `POST /console/api/passkey-session`
 *   `{response}` → signed in (the cookie), answering `Me`.
 */
export interface PasskeyView {
  id: string;
  /** What the browser said of the device, for the owner's list. */
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** One payment as Today lists it: the event that told of it, and the bill it is about. */
export interface TodayEntry {
  /** The event's cursor: a later poll asks `after` the newest one it has. */
  seq: number;
  event: PaymentEvent;
  /** What the seller reads for it: the link's description, else the reference. */
  title: string;
}

/**
 * `GET /console/api/today?after=<seq>` (owner and staff): the payments of today (Bangkok) as the proxy recorded them,
 * newest first, and today's totals. With `after`, only what came since (the console polls every 2 s while shown).
 */
export interface Today {
  /** The Bangkok day, `YYYY-MM-DD`. */
  day: string;
  /** Paid today (by the time the proxy recorded it paid): how many, and the sum in baht. */
  paid: { count: number; sum: number };
  entries: TodayEntry[];
  /** Pass as `after` on the next poll. */
  cursor: number;
}

/** `GET /console/api/payments?q=&status=&from=&to=&after=&limit=` (owner): search the shop's bills, newest first. */
export interface PaymentSearch {
  /** A reference, a link's id, or an id_pay. */
  q?: string;
  status?: BillStatus;
  /** Bangkok days, inclusive: bills created on them. */
  from?: string;
  to?: string;
}

/** `GET /console/api/payments/:id` (owner): a payment's page. */
export interface PaymentDetail {
  bill: BillSummary;
  /** The link's description when the bill is a link's. */
  title: string;
  events: PaymentEvent[];
  /** Each webhook endpoint's delivery of each event: attempts and the last answer. */
  deliveries: DeliveryView[];
  /** How a needs-review bill was settled by hand, if it was. */
  resolution: Resolution | null;
  /** For a needs-review bill: what to check in the Mae Manee app, in the console's language. */
  reviewHint?: string;
}

export interface DeliveryView {
  eventId: string;
  /** The endpoint's host only: a URL's path or query may hold a token. */
  endpoint: string;
  attempts: number;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
}

/**
 * `POST /console/api/payments/:id/resolve` `{found}` (owner), for a `needs_review` bill: `paid` first asks the upstream
 * once more; if it still cannot say, the owner's word is recorded (who, when) and `payment.paid` goes out with
 * `data.resolvedBy: "merchant"`. `not_paid` ends it `expired` with `payment.expired`. Either way an audit entry.
 */
export interface ResolveRequest {
  found: 'paid' | 'not_paid';
}

export interface Resolution {
  found: 'paid' | 'not_paid';
  /** `upstream`: the ask found it; `merchant`: the owner's word. */
  by: 'upstream' | 'merchant';
  memberId: string;
  at: string;
}

/** `GET /console/api/links?after=&limit=` (owner): the shop's links, newest first, with their payments. */
export interface LinksPage {
  links: Link[];
  next: string | null;
}

/** `GET /console/api/health` (owner): doctor at a glance. */
export interface ConsoleHealth extends Health {
  version: string;
  /** Each webhook endpoint (host only), and its deliveries waiting after a failure and given up. */
  webhooks: { endpoint: string; failing: number; gaveUp: number; lastError: string | null }[];
}

/** `GET /console/api/audit?after=&limit=` (owner): sign-ins, invites, revocations and manual resolutions. */
export interface AuditEntry {
  seq: number;
  at: string;
  /** The member who did it; null for a sign-in that failed, or the command (`maemanee-pay console`). */
  memberId: string | null;
  action: AuditAction;
  /** What it was about: a member, a session, an id_pay. */
  subject: string | null;
  detail: string | null;
}

export type AuditAction =
  | 'invite.created'
  | 'signin.link'
  | 'signin.passkey'
  | 'signin.refused'
  | 'passkey.added'
  | 'passkey.removed'
  | 'session.revoked'
  | 'member.revoked'
  | 'payment.resolved';

/**
 * `GET /console/api/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD` (owner): the payments of those Bangkok days as CSV,
 * UTF-8 with a byte order mark so that Excel opens Thai intact. One row per bill created in the range, times in
 * Asia/Bangkok, these columns in this order.
 */
export const EXPORT_COLUMNS = ['id_pay', 'ref1', 'title', 'amount', 'status', 'created', 'paid', 'late', 'resolved_by', 'link', 'sandbox'] as const;

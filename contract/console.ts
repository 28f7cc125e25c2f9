/**
 * The seller's console API: what crosses the wire between the console (the web app the proxy serves at `/console/`)
 * and the proxy's `/console/api/*` routes. Every call carries the session cookie the sign-in set; the console never
 * holds a merchant token or the secret. Declared before it is built: the routes and the app both import these.
 *
 * Roles: `owner` sees and does everything; `staff` sees Today (`GET /console/api/today`, `GET /console/api/me`,
 * `DELETE /console/api/session`) and nothing else: every other route answers them `403 forbidden`.
 *
 * Errors are the proxy's usual `{"error":{"code","message"}}`: `401 session_required` (no live session, on every
 * route but `GET /console/api/me`), `403 forbidden` (the role may not), `403 origin_not_allowed` (a state-changing
 * call from another origin), `429 rate_limited` (sign-in attempts), `400 …` for bad input, `404 …` for nothing there.
 * Signing in: `401 invite_invalid` (a link unknown, used or expired: the message says which), `401 passkey_refused` (a
 * passkey sign-in that does not verify), `400 passkey_invalid` (a passkey that cannot be added). The rest: `409
 * not_in_review` (resolving a bill that is not in review), `404 member_not_found`, `404 device_not_found` (no such
 * session or passkey), `409 owner_not_revocable`, `409 public_url_required` (an invite through plain http to a host
 * other than localhost: the console needs https there).
 *
 * Every route answers to the session cookie alone: a merchant token is no key here, and the session is none on `/v1`.
 *
 * Times on the wire are ISO UTC; the console shows them in Asia/Bangkok. Days (`YYYY-MM-DD`) are Bangkok days.
 */
import type { BillStatus, BillSummary, Health, Link, PaymentEvent } from './http.ts';
import { ORDER_COLUMNS } from './order.ts';

export type Role = 'owner' | 'staff';

/** The routes a staff session may call; every other one answers it `403 forbidden`. */
export const STAFF_ROUTES = ['GET /console/api/today', 'GET /console/api/me', 'DELETE /console/api/session'] as const;

/**
 * `GET /console/api/me`: who this session is, or `SignedOut` (200 too) when the request has no live session: no cookie,
 * or one whose session was signed out, revoked or has expired (that cookie is cleared). The console asks it first on
 * every start, so a seller who is signed out sees the start screen without a failed request behind it. Every other
 * route answers no session `401 session_required`.
 */
export type MeAnswer = Me | SignedOut;

export interface SignedOut {
  signedIn: false;
}

/** A signed-in session: what `GET /console/api/me` and every sign-in answer. */
export interface Me {
  signedIn: true;
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
 * reaches no log), once; sets the session cookie and answers `Me`. `DELETE /console/api/session` signs this session
 * out (`{ok: true}`, the cookie cleared).
 */
export interface SignInRequest {
  invite: string;
}

/**
 * A one-time sign-in link: `maemanee-pay console` makes the owner's (merchant API `POST /v1/console/invites`, merchant
 * token), the owner makes staff ones in the console (`POST /console/api/invites`). Usable once, until `expiresAt`
 * (10 minutes for the owner's, 24 hours for staff). Both answer `201 Invite`.
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
 * - `POST /console/api/passkeys/options` → registration options; `POST /console/api/passkeys` `{response}` → `201` the
 *   passkey added (`PasskeyView`).
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

/** A signed-in device: one session, made by a one-time link or a passkey. */
export interface SessionView {
  /** Its id (not its secret), as `Me.session` names this one. */
  id: string;
  /** What the browser said of the device when it signed in: "iPhone · Safari". */
  label: string;
  passkey: boolean;
  createdAt: string;
  lastSeenAt: string;
  /** It ends this long after it was last used, unless revoked first. */
  expiresAt: string;
}

/** A member with their live sessions and their passkeys. */
export interface MemberDevices extends MemberView {
  sessions: SessionView[];
  passkeys: PasskeyView[];
}

/**
 * `GET /console/api/members` (owner): the owner, then staff, each with their devices. `POST
 * /console/api/members/:id/revoke` revokes a staff member (their sessions end at once; the owner cannot be revoked),
 * answering the `MemberView`; `POST /console/api/sessions/:id/revoke` ends one session (a device), answering its
 * `SessionView`; `DELETE /console/api/passkeys/:id` removes a passkey, answering its `PasskeyView`.
 */
export interface MembersPage {
  members: MemberDevices[];
}

/** One payment as Today lists it: the event that told of it, and the bill it is about. */
export interface TodayEntry {
  /** The event's cursor: a later poll asks `after` the newest one it has. */
  seq: number;
  /**
   * A shop order's details here are its items and the buyer's name, what the counter needs (staff see Today): the
   * phone, address and note are on the payment's page, which only the owner opens.
   */
  event: PaymentEvent;
  /** What the seller reads for it: the link's description, else the reference. */
  title: string;
}

/**
 * `GET /console/api/today?after=<seq>` (owner and staff): the payments of today (Bangkok) as the proxy recorded them,
 * newest first, and today's totals. With `after`, only what came since (the console polls every 2 s while shown). At
 * most 200 entries an answer: without `after`, the newest; with it, the oldest since (the next poll brings the rest).
 * When `day` changes (midnight in Bangkok), start again without `after`.
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

/**
 * `GET /console/api/payments?q=&status=&from=&to=&after=&limit=` (owner): search the shop's bills, newest first, as
 * the HTTP API's `PaymentsPage` (pass `next` as `after`).
 */
export interface PaymentSearch {
  /** A reference, a link's id, or an id_pay. */
  q?: string;
  status?: BillStatus;
  /** Bangkok days, inclusive: bills created on them. */
  from?: string;
  to?: string;
}

/** `GET /console/api/payments/:id?lang=th|en` (owner): a payment's page; `lang` is the review hint's (default Thai). */
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

/**
 * `POST /console/api/events/:id/redeliver` (owner) queues an event's webhook again to every endpoint, as the merchant
 * API does: `202 {ok, id, queued}`.
 */
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
 * Answers the payment's page (`PaymentDetail`, `?lang=` as there).
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

/**
 * `GET /console/api/links?after=&limit=` (owner): the shop's links, newest first, with their payments; pass `next` as
 * `after`. `POST /console/api/links` (`NewLinkRequest` of the HTTP API) makes one (201 `Link`), `GET
 * /console/api/links/:id` reads one, `POST /console/api/links/:id/disable` disables one, as the merchant API does.
 */
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

/**
 * `GET /console/api/audit?after=&limit=` (owner): sign-ins (and refused ones), invites, passkeys added and removed,
 * revocations and manual resolutions, newest first (`AuditPage`).
 */
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

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `after` for the next (older) page; null when this page is the last. */
  next: string | null;
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
 * `GET /console/api/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&lang=th|en` (owner): the payments of those Bangkok days as
 * CSV for Excel, UTF-8 with a byte order mark so that Thai opens intact. One row per bill created in the range, newest
 * first, in these columns in this order, headed in `lang` (Thai unless `en`, as the console) but for the first,
 * `id_pay` in either language, the stable id a seller's sheet matches rows by: times in Asia/Bangkok
 * (`2026-11-29 17:00:00`, the zone named in the header), `amount` a plain number with two decimals, the state,
 * `late`, `sandbox` and `resolved_by` in words of `lang`; then a shop link's order (`ORDER_COLUMNS`): the items in
 * one cell (`Red shirt ×2; Tote bag ×1`) and the buyer's `name`, `phone` (`081-234-5678`: Excel keeps it as text,
 * leading 0 and all), `address` and `note` each in a column of its own, empty for any other bill. No cell is read as
 * a formula. At most 366 days (`400 invalid_query` beyond, or for `from` after `to`; `400 invalid_lang`).
 */
export const EXPORT_COLUMNS = ['id_pay', 'ref1', 'title', 'amount', 'status', 'created', 'paid', 'late', 'resolved_by', 'link', 'sandbox', ...ORDER_COLUMNS] as const;

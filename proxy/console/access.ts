/**
 * The console's access service's contract: who may use the seller's console, and how they got in. One-time invites
 * (made by the merchant API or the owner), sessions in a cookie, passkeys, revocation and the audit list. The console's
 * routes and the merchant API's `POST /v1/console/invites` depend on this interface; `access-service.ts` builds it on
 * the ledger.
 *
 * Besides the `ApiError`s below, every method may throw the ledger's `LedgerFault` (503 `ledger_unavailable`).
 */
import type { AuditAction, AuditPage, Invite, MemberDevices, MemberView, NewInviteRequest, PasskeyView, SessionView } from '../../contract/console.ts';
import type { MemberRecord, SessionRecord } from '../ledger/ledger.ts';
import { iso } from '../time.ts';

/** The browser as the request tells of it. */
export interface Device {
  userAgent: string | undefined;
}

/** Who a live session is: what the session middleware puts on the request's context. */
export interface ConsoleSession {
  member: MemberRecord;
  session: SessionRecord;
}

/** A new session: the cookie's secret to set, once, and whose it is. */
export interface SignedIn extends ConsoleSession {
  secret: string;
}

/** What one attempt of the browser's WebAuthn call needs: `PublicKeyCredential{Creation,Request}OptionsJSON`. */
export type PasskeyOptions = Record<string, unknown>;

export interface AccessService {
  /**
   * A one-time sign-in link for `request.role`, usable once until it expires (10 minutes for the owner's, 24 hours for
   * staff; a staff one makes a new member with its name), on the console's public base: MAEMANEE_PUBLIC_URL, else
   * `base`, the base the call came through. `by`: the member who made it, null for the merchant API. Audited.
   * Throws 409 `public_url_required` for a base on plain http to a host other than localhost (no browser keeps the
   * session's Secure cookie there, nor makes a passkey).
   */
  createInvite(request: NewInviteRequest, base: string, by: string | null): Promise<Invite>;

  /** Signs in with an invite's token, once. Audited, refusals too. Throws 401 `invite_invalid` (unknown, used, expired). */
  signInWithInvite(token: string, device: Device): Promise<SignedIn>;

  /**
   * The live session a cookie's secret names: not revoked, its member not revoked, not expired. Touched at most once
   * a minute (it ends 30 days after it was last used). Undefined otherwise: the caller answers 401.
   */
  session(secret: string): Promise<ConsoleSession | undefined>;

  /** Ends this session (sign-out). Audited as its revocation. */
  signOut(session: ConsoleSession): Promise<void>;

  /** Whether the member has a passkey yet. */
  hasPasskey(memberId: string): Promise<boolean>;

  /** Options to register a passkey for this session's member, on the console's origin; its challenge kept for one answer. */
  passkeyRegistrationOptions(session: ConsoleSession): Promise<PasskeyOptions>;

  /** Adds the passkey the browser made. Audited. Throws 400 `passkey_invalid` (no such challenge, or it does not verify). */
  addPasskey(session: ConsoleSession, response: unknown, device: Device): Promise<PasskeyView>;

  /**
   * Options to sign in with a passkey from `origin`, which must be the console's own (the request's Origin, never its
   * Host), its challenge kept for one answer. Throws 403 `origin_not_allowed`.
   */
  passkeySignInOptions(origin: string): Promise<PasskeyOptions>;

  /**
   * Signs in with a passkey: its challenge taken once, its origin and RP ID the console's, its counter moving forward.
   * Audited, refusals too. Throws 401 `passkey_refused`.
   */
  signInWithPasskey(response: unknown, device: Device): Promise<SignedIn>;

  /** The owner, then staff, each with their live sessions and their passkeys. */
  members(): Promise<MemberDevices[]>;

  /** Revokes a staff member and every session of theirs, at once. Audited. Throws 404 `member_not_found`, 409 `owner_not_revocable`. */
  revokeMember(id: string, by: string): Promise<MemberView>;

  /** Ends one session (a device). Audited. Throws 404 `device_not_found`. */
  revokeSession(id: string, by: string): Promise<SessionView>;

  /** Removes a passkey. Audited. Throws 404 `device_not_found`. */
  removePasskey(id: string, by: string): Promise<PasskeyView>;

  /** The audit list, newest first: `after` is the `next` of the page before. */
  audit(page: { after?: number; limit: number }): Promise<AuditPage>;

  /** Adds to the audit list what another service did for a member (a manual resolution). */
  record(action: AuditAction, memberId: string | null, subject: string | null, detail: string | null): Promise<void>;

  /** Whether an origin is the console's own: MAEMANEE_PUBLIC_URL's when set, else one an invite was made through. */
  isConsoleOrigin(origin: string): Promise<boolean>;
}

/** What the console shows of a member. */
export const memberView = (m: MemberRecord): MemberView => ({
  id: m.id,
  role: m.role,
  name: m.name,
  createdAt: iso(m.createdAt),
  revokedAt: m.revokedAt === null ? null : iso(m.revokedAt),
});

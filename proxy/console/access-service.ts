/**
 * Builds the console's access service (its contract: `access.ts`) on the ledger. Every secret the browser holds (an
 * invite's token, a session cookie) is 256 random bits, kept in the ledger only as its SHA-256; passkeys are
 * `passkeys.ts`'s. The console's origin is MAEMANEE_PUBLIC_URL's when set, else the base an invite was made through:
 * never a request's Host.
 */
import type { AuditPage, Invite, MemberDevices, PasskeyView, SessionView } from '../../contract/console.ts';
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { InviteRefusal, Ledger, PasskeyRecord, SessionRecord } from '../ledger/ledger.ts';
import { iso } from '../time.ts';
import { memberView, type AccessService, type Device } from './access.ts';
import { deviceLabel } from './device-label.ts';
import { challengeOf, credentialOf, PASSKEY_TIMEOUT_MS, registrationOptions, signInOptions, verifyRegistration, verifySignIn } from './passkeys.ts';

const MINUTE = 60_000;
const INVITE_MS = { owner: 10 * MINUTE, staff: 24 * 60 * MINUTE };
/** A session ends this long after it was last used. */
const SESSION_IDLE_MS = 30 * 24 * 60 * MINUTE;
/** A session's use is written at most this often: the console polls every 2 s. */
const TOUCH_MS = MINUTE;
/** The owner's member id: there is one owner, whatever device or invite they come in by. */
const OWNER_ID = 'owner';
/** 256 random bits, base64url: what a token or a cookie's secret looks like. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

function random(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** https, or plain http to this machine (which browsers treat as secure: its cookies and passkeys work). */
function secureBase(base: string): boolean {
  const { protocol, hostname } = new URL(base);
  return protocol === 'https:' || (protocol === 'http:' && (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)));
}

const INVITE_REFUSED: Record<InviteRefusal, string> = {
  unknown: 'This sign-in link is not valid: ask for a new one',
  used: 'This sign-in link was already used: each one signs in once. Ask for a new one',
  expired: 'This sign-in link has expired: ask for a new one',
};

const sessionView = (s: SessionRecord): SessionView => ({
  id: s.id,
  label: s.label,
  passkey: s.passkey,
  createdAt: iso(s.createdAt),
  lastSeenAt: iso(s.lastSeenAt),
  expiresAt: iso(s.expiresAt),
});

const passkeyView = (p: PasskeyRecord): PasskeyView => ({
  id: p.id,
  label: p.label,
  createdAt: iso(p.createdAt),
  lastUsedAt: p.lastUsedAt === null ? null : iso(p.lastUsedAt),
});

export function createAccessService(options: { config: ProxyConfig; ledger: Ledger; now?: () => number }): AccessService {
  const { config, ledger } = options;
  const now = options.now ?? Date.now;
  const originOf = (base: string) => new URL(config.publicUrl ?? base).origin;
  /** The origins invites were made through, as this instance last read them. */
  let known = new Set<string>();

  const audit = (action: Parameters<AccessService['record']>[0], memberId: string | null, subject: string | null, detail: string | null) =>
    ledger.recordAudit({ at: now(), memberId, action, subject, detail });

  /** A new session's fields, and the secret its cookie carries. */
  function newSession(device: Device, passkey: boolean) {
    const t = now();
    return { secret: random(32), fields: { id: random(16), label: deviceLabel(device.userAgent), passkey, createdAt: t, lastSeenAt: t, expiresAt: t + SESSION_IDLE_MS } };
  }

  async function isConsoleOrigin(origin: string): Promise<boolean> {
    if (config.publicUrl) return origin === new URL(config.publicUrl).origin;
    if (known.has(origin)) return true;
    // An invite made through another instance: this one learns of its base from the ledger.
    known = new Set((await ledger.consoleBases()).map((base) => new URL(base).origin));
    return known.has(origin);
  }

  return {
    async createInvite(request, base, by) {
      const publicBase = (config.publicUrl ?? base).replace(/\/+$/, '');
      if (!secureBase(publicBase)) {
        throw new ApiError(
          409,
          'public_url_required',
          "The console needs https (plain http only on localhost): set MAEMANEE_PUBLIC_URL to this proxy's https URL, or make the invite through it",
        );
      }
      const token = random(32);
      const t = now();
      const memberId = request.role === 'owner' ? OWNER_ID : random(12);
      const name = request.role === 'staff' ? (request.name ?? null) : null;
      const expiresAt = t + INVITE_MS[request.role];
      await ledger.recordInvite({ tokenHash: await sha256(token), role: request.role, name, memberId, base: publicBase, createdBy: by, createdAt: t, expiresAt });
      known.add(new URL(publicBase).origin);
      await audit('invite.created', by, memberId, name === null ? request.role : `${request.role}: ${name}`);
      const invite: Invite = { url: `${publicBase}/console/#/signin/${token}`, role: request.role, name, expiresAt: iso(expiresAt) };
      return invite;
    },

    async signInWithInvite(token, device) {
      const { secret, fields } = newSession(device, false);
      const result = SECRET.test(token) ? await ledger.redeemInvite(await sha256(token), { ...fields, secretHash: await sha256(secret) }, now()) : { refused: 'unknown' as const };
      if ('refused' in result) {
        await audit('signin.refused', null, null, `invite ${result.refused}`);
        throw new ApiError(401, 'invite_invalid', INVITE_REFUSED[result.refused]);
      }
      await audit('signin.link', result.member.id, result.session.id, result.session.label);
      return { ...result, secret };
    },

    async session(secret) {
      if (!SECRET.test(secret)) return undefined;
      const found = await ledger.session(await sha256(secret));
      const t = now();
      if (!found || found.session.revokedAt !== null || found.member.revokedAt !== null || found.session.expiresAt <= t) return undefined;
      if (t - found.session.lastSeenAt >= TOUCH_MS) {
        await ledger.touchSession(found.session.id, t, t + SESSION_IDLE_MS);
        found.session = { ...found.session, lastSeenAt: t, expiresAt: t + SESSION_IDLE_MS };
      }
      return found;
    },

    async signOut({ member, session }) {
      await ledger.revokeSession(session.id, now());
      await audit('session.revoked', member.id, session.id, 'signed out');
    },

    hasPasskey: async (memberId) => (await ledger.passkeysOf(memberId)).length > 0,

    async passkeyRegistrationOptions({ member, session }) {
      const origin = originOf(session.base);
      const options = await registrationOptions(config.shop.name ?? 'maemanee-pay', origin, member, await ledger.passkeysOf(member.id));
      await ledger.recordChallenge({ challenge: options.challenge, purpose: 'register', memberId: member.id, origin, expiresAt: now() + PASSKEY_TIMEOUT_MS }, now());
      return options as unknown as Record<string, unknown>;
    },

    async addPasskey({ member, session }, response, device) {
      const refused = (why: string) => new ApiError(400, 'passkey_invalid', `This passkey cannot be added: ${why}`);
      const challenge = challengeOf(response);
      const taken = challenge === undefined ? undefined : await ledger.takeChallenge(challenge, now());
      if (!taken || taken.purpose !== 'register' || taken.memberId !== member.id) throw refused('it answers no registration of this session (start again)');
      const verified = await verifyRegistration(response, { challenge: taken.challenge, origin: taken.origin });
      if (!verified.ok) throw refused(verified.why);
      if (await ledger.passkey(verified.id)) throw refused('it is already added');
      const passkey: PasskeyRecord = {
        id: verified.id,
        memberId: member.id,
        publicKey: verified.publicKey,
        counter: verified.counter,
        transports: verified.transports,
        base: config.publicUrl ?? session.base,
        label: deviceLabel(device.userAgent),
        createdAt: now(),
        lastUsedAt: null,
      };
      await ledger.recordPasskey(passkey);
      await audit('passkey.added', member.id, passkey.id, passkey.label);
      return passkeyView(passkey);
    },

    async passkeySignInOptions(origin) {
      if (!(await isConsoleOrigin(origin))) throw new ApiError(403, 'origin_not_allowed', 'Passkeys sign in to the console only on its own address');
      const options = await signInOptions(origin);
      await ledger.recordChallenge({ challenge: options.challenge, purpose: 'signin', memberId: null, origin, expiresAt: now() + PASSKEY_TIMEOUT_MS }, now());
      return options as unknown as Record<string, unknown>;
    },

    async signInWithPasskey(response, device) {
      const refuse = async (why: string): Promise<never> => {
        await audit('signin.refused', null, null, `passkey: ${why.slice(0, 200)}`);
        throw new ApiError(401, 'passkey_refused', 'This passkey cannot sign in to this console: sign in with a new link from the owner, then add it again');
      };
      const challenge = challengeOf(response);
      const taken = challenge === undefined ? undefined : await ledger.takeChallenge(challenge, now());
      if (!taken || taken.purpose !== 'signin') return refuse('it answers no sign-in (start again)');
      const id = credentialOf(response);
      const passkey = id === undefined ? undefined : await ledger.passkey(id);
      if (!passkey) return refuse('unknown passkey');
      if (originOf(passkey.base) !== taken.origin) return refuse('registered on another origin');
      const verified = await verifySignIn(response, { challenge: taken.challenge, origin: taken.origin, passkey });
      if (!verified.ok) return refuse(verified.why);
      if (!(await ledger.usePasskey(passkey.id, passkey.counter, verified.counter, now()))) return refuse('its counter was moved by another sign-in');
      const { secret, fields } = newSession(device, true);
      const secretHash = await sha256(secret);
      await ledger.recordSession({ ...fields, secretHash, memberId: passkey.memberId, base: passkey.base, revokedAt: null });
      const signed = (await ledger.session(secretHash))!;
      await audit('signin.passkey', signed.member.id, signed.session.id, passkey.label);
      return { ...signed, secret };
    },

    async members() {
      return (await ledger.consoleMembers(now())).map(
        ({ member, sessions, passkeys }): MemberDevices => ({ ...memberView(member), sessions: sessions.map(sessionView), passkeys: passkeys.map(passkeyView) }),
      );
    },

    async revokeMember(id, by) {
      if (id === OWNER_ID) throw new ApiError(409, 'owner_not_revocable', "The owner cannot be revoked; revoke the owner's devices one by one instead");
      const t = now();
      const member = await ledger.revokeMember(id, t);
      if (!member) throw new ApiError(404, 'member_not_found', 'No such member');
      if (member.revokedAt === t) await audit('member.revoked', by, id, member.name);
      return memberView(member);
    },

    async revokeSession(id, by) {
      const t = now();
      const session = await ledger.revokeSession(id, t);
      if (!session) throw new ApiError(404, 'device_not_found', 'No such session');
      if (session.revokedAt === t) await audit('session.revoked', by, id, session.label);
      return sessionView(session);
    },

    async removePasskey(id, by) {
      const passkey = await ledger.removePasskey(id);
      if (!passkey) throw new ApiError(404, 'device_not_found', 'No such passkey');
      await audit('passkey.removed', by, id, passkey.label);
      return passkeyView(passkey);
    },

    async audit({ after, limit }) {
      const rows = await ledger.audit({ before: after, limit });
      const page: AuditPage = {
        entries: rows.map((r) => ({ seq: r.seq, at: iso(r.at), memberId: r.memberId, action: r.action, subject: r.subject, detail: r.detail })),
        next: rows.length === limit ? String(rows.at(-1)!.seq) : null,
      };
      return page;
    },

    record: audit,
    isConsoleOrigin,
  };
}

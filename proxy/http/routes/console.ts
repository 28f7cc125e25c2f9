/**
 * `/console/api/*`: the seller's console's calls (contract/console.ts), by session cookie alone. The logic is the
 * services': access (sign-in, passkeys, members, audit), the console's views, and the payments and links services the
 * merchant API uses. Signing in (rate-limited per client) and asking who is signed in are the only calls answered
 * without a session.
 */
import { Hono, type Context } from 'hono';
import type { Me, SignedOut } from '../../../contract/console.ts';
import type { ProxyConfig } from '../../config.ts';
import type { AccessService, ConsoleSession, SignedIn } from '../../console/access.ts';
import { memberView } from '../../console/access.ts';
import type { ConsoleService } from '../../console/console.ts';
import { ApiError } from '../../errors.ts';
import type { LinksService } from '../../links/links.ts';
import type { PaymentsService } from '../../payments/payments.ts';
import type { ConsoleEnv } from '../context.ts';
import { clearSessionCookie, consoleMember, consoleOrigin, consoleSession, hasSessionCookie, setSessionCookie } from '../middleware/console-session.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { parseId, parseLang, parseStatus, readJsonBody, wholeQuery } from '../validate.ts';
import { parseFound, parseInviteRequest, parseSearch } from '../validate-console.ts';
import { readNewLink } from '../new-link.ts';
import { redeliverEvent } from './events.ts';

export interface ConsoleRoutesOptions {
  config: ProxyConfig;
  access: AccessService;
  console: ConsoleService;
  payments: PaymentsService;
  links: LinksService;
  /** Counts sign-in attempts by `signin:<client>`. */
  signInLimiter: RateLimiter;
}

/** A page's size from `?limit=`: 50 unless asked, at most 200. */
const limitOf = (c: Context) => wholeQuery(c.req.query('limit'), 'limit', 50, 200) || 1;
/** A numeric cursor from `?after=`, or none. */
const afterOf = (c: Context) => wholeQuery(c.req.query('after'), 'after', 0, Number.MAX_SAFE_INTEGER) || undefined;

export function consoleRoutes({ config, access, console: views, payments, links, signInLimiter }: ConsoleRoutesOptions) {
  const device = (c: Context) => ({ userAgent: c.req.header('user-agent') });
  const signed = (c: Context<ConsoleEnv>) => c.get('console')!;

  async function me({ member, session }: ConsoleSession): Promise<Me> {
    return {
      signedIn: true,
      member: memberView(member),
      session: session.id,
      passkey: session.passkey,
      hasPasskey: await access.hasPasskey(member.id),
      mode: config.mode,
      shopName: config.shop.name ?? null,
    };
  }

  async function signInAttempt(c: Context<ConsoleEnv>) {
    const limit = await signInLimiter.limit(`signin:${c.get('clientKey')}`);
    if (!limit.allowed) throw new ApiError(429, 'rate_limited', 'Too many sign-in attempts from this address; wait a moment', { 'Retry-After': String(limit.retryAfterSeconds) });
  }

  async function signedIn(c: Context<ConsoleEnv>, session: SignedIn) {
    setSessionCookie(c, config, session);
    c.header('Cache-Control', 'no-store');
    return c.json(await me(session));
  }

  /** A link's base for the console: the console's public base, which its session came in through. */
  const linkBase = (c: Context<ConsoleEnv>) => config.publicUrl ?? signed(c).session.base;

  return (
    new Hono<ConsoleEnv>()
      .use(consoleOrigin(access))
      .use(consoleSession(access))

      // Signing in: the only calls without a session.
      .post('/session', async (c) => {
        await signInAttempt(c);
        const { invite } = await readJsonBody(c.req, ['invite']);
        if (typeof invite !== 'string') throw new ApiError(400, 'invalid_json', 'Send {"invite": "<the token from the sign-in link>"}');
        return signedIn(c, await access.signInWithInvite(invite, device(c)));
      })
      .post('/passkey-session/options', async (c) => {
        await signInAttempt(c);
        await readJsonBody(c.req, []);
        const origin = c.req.header('origin') ?? (config.publicUrl && new URL(config.publicUrl).origin);
        if (!origin) throw new ApiError(403, 'origin_not_allowed', 'Passkeys sign in to the console only on its own address');
        return c.json(await access.passkeySignInOptions(origin));
      })
      .post('/passkey-session', async (c) => {
        await signInAttempt(c);
        const { response } = await readJsonBody(c.req, ['response']);
        return signedIn(c, await access.signInWithPasskey(response, device(c)));
      })

      // Who this is, asked on every start: signed out is an answer, not a failure.
      .get('/me', async (c) => {
        c.header('Cache-Control', 'no-store');
        const session = c.get('console');
        if (session) return c.json(await me(session));
        if (hasSessionCookie(c)) clearSessionCookie(c, config);
        return c.json({ signedIn: false } satisfies SignedOut);
      })

      // Every other call: a session, of a role that may make it.
      .use(consoleMember())
      .delete('/session', async (c) => {
        await access.signOut(signed(c));
        clearSessionCookie(c, config, signed(c));
        return c.json({ ok: true });
      })
      .get('/today', async (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await views.today(afterOf(c)));
      })

      .post('/passkeys/options', async (c) => {
        await readJsonBody(c.req, []);
        return c.json(await access.passkeyRegistrationOptions(signed(c)));
      })
      .post('/passkeys', async (c) => {
        const { response } = await readJsonBody(c.req, ['response']);
        return c.json(await access.addPasskey(signed(c), response, device(c)), 201);
      })
      .delete('/passkeys/:id', async (c) => c.json(await access.removePasskey(c.req.param('id'), signed(c).member.id)))

      .post('/invites', async (c) => {
        const request = parseInviteRequest(await readJsonBody(c.req, ['role', 'name']));
        return c.json(await access.createInvite(request, signed(c).session.base, signed(c).member.id), 201);
      })
      .get('/members', async (c) => c.json({ members: await access.members() }))
      .post('/members/:id/revoke', async (c) => c.json(await access.revokeMember(c.req.param('id'), signed(c).member.id)))
      .post('/sessions/:id/revoke', async (c) => c.json(await access.revokeSession(c.req.param('id'), signed(c).member.id)))
      .get('/audit', async (c) => c.json(await access.audit({ after: afterOf(c), limit: limitOf(c) })))

      .get('/payments', async (c) => {
        const search = { q: parseSearch(c.req.query('q')), status: parseStatus(c.req.query('status')), from: c.req.query('from') || undefined, to: c.req.query('to') || undefined };
        return c.json(await views.search(search, { after: afterOf(c), limit: limitOf(c) }));
      })
      .get('/payments/:id', async (c) => c.json(await views.payment(parseId(c.req.param('id')), parseLang(c.req.query('lang')) ?? 'th')))
      .post('/payments/:id/resolve', async (c) => {
        const id = parseId(c.req.param('id'));
        const { found } = await readJsonBody(c.req, ['found']);
        return c.json(await views.resolve(id, parseFound(found), signed(c).member, parseLang(c.req.query('lang')) ?? 'th'));
      })
      .post('/events/:id/redeliver', async (c) => c.json(await redeliverEvent(config, payments, c.req.param('id')), 202))

      .get('/links', async (c) => {
        const after = c.req.query('after') || undefined;
        return c.json(await links.list({ after, limit: limitOf(c) }, linkBase(c)));
      })
      .post('/links', async (c) => c.json(await links.create(await readNewLink(c.req, config), linkBase(c)), 201))
      .get('/links/:id', async (c) => c.json(await links.get(c.req.param('id'), linkBase(c))))
      .post('/links/:id/disable', async (c) => c.json(await links.disable(c.req.param('id'), linkBase(c))))

      .get('/health', async (c) => c.json(await views.health()))
      .get('/export.csv', (c) => {
        const from = c.req.query('from');
        const to = c.req.query('to');
        const body = views.exportCsv(from, to, parseLang(c.req.query('lang')) ?? 'th');
        return c.body(body, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="maemanee-pay-${from}-${to}.csv"`,
          'Cache-Control': 'no-store',
        });
      })
  );
}

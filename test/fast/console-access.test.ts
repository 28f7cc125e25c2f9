/**
 * Who gets into the seller's console: one-time sign-in links, the session cookie, passkeys (a software authenticator
 * answering as a browser would), roles, revocation, the origin of a change, the sign-in rate limit, and the audit list.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STAFF_ROUTES } from '../../contract/console.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { testClock } from '../helpers/clock.ts';
import { consoleClient, cookieOf, CONSOLE_ENV, CONSOLE_URL, tokenOf } from '../helpers/console.ts';
import { call } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { softwareAuthenticator } from '../helpers/software-authenticator.ts';

const MINUTE = 60_000;
/** The calls that sign in, which need no session. */
const SIGN_IN_ROUTES = ['POST /console/api/session', 'POST /console/api/passkey-session/options', 'POST /console/api/passkey-session'];

async function owner(ctx: Awaited<ReturnType<typeof recordedApp>>) {
  const client = consoleClient(ctx.target);
  const signed = await client.signIn(await client.invite());
  return { client, cookie: signed.cookie, me: signed.me };
}

/** The audit list's actions, newest first. */
async function actions(client: ReturnType<typeof consoleClient>, cookie: string) {
  const res = await client.api(cookie, '/console/api/audit?limit=200');
  assert.equal(res.status, 200);
  return (res.body.entries as { action: string; detail: string | null }[]).map((e) => (e.detail ? `${e.action} ${e.detail}` : e.action));
}

/**
 * `GET /console/api/me` with a cookie whose session is over: 200 signed out (no failed request on the console's start),
 * and the cookie cleared on the console's path.
 */
async function assertSignedOut(client: ReturnType<typeof consoleClient>, cookie: string, why: string) {
  const me = await client.api(cookie, '/console/api/me');
  assert.deepEqual([me.status, me.body], [200, { signedIn: false }], why);
  const cleared = cookieOf(me.headers);
  assert.equal(cleared.cookie, 'maemanee_console=', why);
  assert.ok(cleared.attributes.includes('Max-Age=0') && cleared.attributes.includes('Path=/console'), `${why}: ${cleared.attributes}`);
}

test('signed out, `GET /console/api/me` answers 200 `{signedIn: false}` and sets no cookie; signed in, who it is', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const client = consoleClient(ctx.target);
    const out = await client.api(undefined, '/console/api/me');
    assert.deepEqual([out.status, out.body, out.headers.get('set-cookie')], [200, { signedIn: false }, null]);
    assert.equal(out.headers.get('cache-control'), 'no-store');
    await assertSignedOut(client, `maemanee_console=${'A'.repeat(43)}`, 'a cookie no session has');
    const signed = await client.signIn(await client.invite());
    const me = await client.api(signed.cookie, '/console/api/me');
    assert.deepEqual([me.status, me.body.signedIn, me.body.member.role, me.headers.get('set-cookie')], [200, true, 'owner', null]);
    assert.equal(signed.me.signedIn, true, 'a sign-in answers the same shape');
  } finally {
    ctx.stop();
  }
});

test('a sign-in link signs in once, into a cookie that is HttpOnly, SameSite=Strict and Secure on the console\'s path; a second use is refused 401 with a sentence', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const client = consoleClient(ctx.target);
    const invite = await client.invite();
    assert.match(invite.url, /^https:\/\/pay\.example\.com\/console\/#\/signin\/[A-Za-z0-9_-]{43}$/, 'on MAEMANEE_PUBLIC_URL, the token in the fragment');
    assert.deepEqual([invite.role, invite.name], ['owner', null]);
    assert.equal(Date.parse(invite.expiresAt) - Date.now() <= 10 * MINUTE && Date.parse(invite.expiresAt) - Date.now() > 9 * MINUTE, true, 'ten minutes');
    const signed = await client.signIn(invite, { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1' });
    assert.deepEqual(signed.attributes.filter((a) => !a.startsWith('Max-Age')), ['Path=/console', 'HttpOnly', 'Secure', 'SameSite=Strict']);
    assert.deepEqual([signed.me.member.role, signed.me.passkey, signed.me.hasPasskey, signed.me.mode], ['owner', false, false, 'live']);
    const again = await client.api(undefined, '/console/api/session', { method: 'POST', json: { invite: tokenOf(invite) } });
    assert.deepEqual([again.status, again.body.error.code], [401, 'invite_invalid']);
    assert.match(again.body.error.message, /already used/);
    assert.equal(again.headers.get('set-cookie'), null, 'and sets no cookie');
    const me = await client.api(signed.cookie, '/console/api/me');
    assert.deepEqual([me.status, me.body.session], [200, signed.me.session]);
    const members = (await client.api(signed.cookie, '/console/api/members')).body.members;
    assert.equal(members[0].sessions[0].label, 'iPhone · Safari', 'the device, from its User-Agent');
    const unknown = await client.api(undefined, '/console/api/session', { method: 'POST', json: { invite: 'A'.repeat(43) } });
    assert.deepEqual([unknown.status, unknown.body.error.code], [401, 'invite_invalid']);
    assert.deepEqual((await actions(client, signed.cookie)).slice(0, 3), ['signin.refused invite unknown', 'signin.refused invite used', 'signin.link iPhone · Safari']);
    assert.ok(!JSON.stringify(await client.api(signed.cookie, '/console/api/me')).includes(LIVE_ENV.MAEMANEE_SECRET), 'no secret in what the page reads');
  } finally {
    ctx.stop();
  }
});

test("an owner's link expires after 10 minutes and a staff member's after 24 hours, on the proxy's clock", async () => {
  const clock = testClock();
  const ctx = await recordedApp(CONSOLE_ENV, { clock });
  try {
    const client = consoleClient(ctx.target);
    const ownerInvite = await client.invite();
    const staffInvite = await client.invite('staff', 'นิด');
    assert.deepEqual([staffInvite.role, staffInvite.name], ['staff', 'นิด']);
    clock.advance(10 * MINUTE);
    const late = await client.api(undefined, '/console/api/session', { method: 'POST', json: { invite: tokenOf(ownerInvite) } });
    assert.deepEqual([late.status, late.body.error.code], [401, 'invite_invalid']);
    assert.match(late.body.error.message, /expired/);
    clock.advance(24 * 60 * MINUTE - 10 * MINUTE - 1000);
    const staff = await client.signIn(staffInvite);
    assert.deepEqual([staff.me.member.role, staff.me.member.name], ['staff', 'นิด'], 'the staff link a second before its 24 hours');
    const later = await client.invite('staff', 'Nok');
    clock.advance(24 * 60 * MINUTE);
    const expired = await client.api(undefined, '/console/api/session', { method: 'POST', json: { invite: tokenOf(later) } });
    assert.deepEqual([expired.status, expired.body.error.code], [401, 'invite_invalid']);
  } finally {
    ctx.stop();
  }
});

test('the cookie is plain (not Secure) only on a loopback console, and lives under the public URL\'s path; an invite through plain http elsewhere is refused', async () => {
  for (const [url, path, secure] of [
    ['http://localhost:8787', 'Path=/console', false],
    ['https://shop.example.com/pay', 'Path=/pay/console', true],
  ] as const) {
    const ctx = await recordedApp({ ...LIVE_ENV, MAEMANEE_PUBLIC_URL: url });
    try {
      const client = consoleClient(ctx.target, { origin: new URL(url).origin });
      const invite = await client.invite();
      assert.ok(invite.url.startsWith(`${url}/console/#/signin/`));
      const { attributes } = await client.signIn(invite);
      assert.equal(attributes.includes(path), true, `${url}: ${attributes}`);
      assert.equal(attributes.includes('Secure'), secure, `${url}: ${attributes}`);
    } finally {
      ctx.stop();
    }
  }
  const ctx = await recordedApp(LIVE_ENV);
  try {
    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    const lan = await ctx.app.request('http://192.168.1.5:8787/v1/console/invites', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'owner' }),
    });
    assert.deepEqual([lan.status, ((await lan.json()) as { error: { code: string } }).error.code], [409, 'public_url_required']);
    const local = await ctx.app.request('http://localhost:8787/v1/console/invites', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'owner' }),
    });
    assert.equal(((await local.json()) as { url: string }).url.startsWith('http://localhost:8787/console/#/signin/'), true, 'the base the call came through');
  } finally {
    ctx.stop();
  }
});

test('a revoked session is refused at once, on its next call; so is every session of a revoked member; signing out ends a session', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie, me } = await owner(ctx);
    const phone = await client.signIn(await client.invite());
    const staff = await client.signIn(await client.invite('staff', 'Nok'));
    const staff2 = await client.signIn(await client.invite('staff', 'Nok'));
    assert.notEqual(staff.me.member.id, staff2.me.member.id, 'each staff invite its own member');
    const tablet = await client.signIn(await client.invite('staff', 'Pim'));
    assert.equal((await client.api(staff.cookie, '/console/api/today')).status, 200);

    const revoked = await client.api(cookie, `/console/api/sessions/${staff.me.session}/revoke`, { method: 'POST' });
    assert.deepEqual([revoked.status, revoked.body.id], [200, staff.me.session]);
    const refused = await client.api(staff.cookie, '/console/api/today');
    assert.deepEqual([refused.status, refused.body.error.code], [401, 'session_required'], 'on its very next call');

    const member = await client.api(cookie, `/console/api/members/${tablet.me.member.id}/revoke`, { method: 'POST' });
    assert.deepEqual([member.status, member.body.name, typeof member.body.revokedAt], [200, 'Pim', 'string']);
    assert.equal((await client.api(tablet.cookie, '/console/api/today')).status, 401, "the revoked member's session");
    await assertSignedOut(client, tablet.cookie, "the revoked member's session");
    assert.equal((await client.api(staff2.cookie, '/console/api/today')).status, 200, 'another member is untouched');
    const ownerRevoked = await client.api(cookie, `/console/api/members/${me.member.id}/revoke`, { method: 'POST' });
    assert.deepEqual([ownerRevoked.status, ownerRevoked.body.error.code], [409, 'owner_not_revocable']);
    assert.equal((await client.api(cookie, '/console/api/members/nobody/revoke', { method: 'POST' })).body.error.code, 'member_not_found');
    assert.equal((await client.api(cookie, '/console/api/sessions/nothing/revoke', { method: 'POST' })).body.error.code, 'device_not_found');

    const members = (await client.api(cookie, '/console/api/members')).body.members as { name: string | null; revokedAt: string | null; sessions: { id: string }[] }[];
    assert.deepEqual(
      members.map((m) => [m.name, m.revokedAt !== null, m.sessions.length]),
      [[null, false, 2], ['Nok', false, 0], ['Nok', false, 1], ['Pim', true, 0]],
      'the owner first, each with their live sessions',
    );

    const out = await client.api(phone.cookie, '/console/api/session', { method: 'DELETE' });
    assert.equal(out.status, 200);
    assert.match(cookieOf(out.headers).attributes.join(';'), /Max-Age=0/, 'the cookie cleared');
    await assertSignedOut(client, phone.cookie, 'signed out: the old cookie opens nothing');
    assert.equal((await client.api(cookie, '/console/api/me')).body.signedIn, true, 'the owner\'s other device stays in');
    const audit = await actions(client, cookie);
    assert.ok(audit.includes('session.revoked signed out') && audit.includes('member.revoked Pim') && audit.some((a) => a.startsWith('session.revoked')));
  } finally {
    ctx.stop();
  }
});

test('a session ends 30 days after its last use; each use keeps it', async () => {
  const clock = testClock();
  const ctx = await recordedApp(CONSOLE_ENV, { clock });
  try {
    const { client, cookie } = await owner(ctx);
    clock.advance(29 * 24 * 60 * MINUTE);
    assert.equal((await client.api(cookie, '/console/api/me')).body.signedIn, true, 'used on day 29');
    clock.advance(29 * 24 * 60 * MINUTE);
    assert.equal((await client.api(cookie, '/console/api/me')).body.signedIn, true, '29 days after that use');
    clock.advance(30 * 24 * 60 * MINUTE);
    assert.equal((await client.api(cookie, '/console/api/today')).status, 401, '30 days unused');
    await assertSignedOut(client, cookie, '30 days unused');
  } finally {
    ctx.stop();
  }
});

test('staff get Today, me and sign-out, and 403 on every other console route (listed from the app, so a new route cannot be missed); the owner is refused none', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie } = await owner(ctx);
    const staff = await client.signIn(await client.invite('staff', 'Nok'));
    const routes = ctx.app.routes
      .filter((r) => r.path.startsWith('/console/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r, i, all) => all.indexOf(r) === i);
    assert.ok(routes.length >= 24, `${routes.length} console routes`);
    for (const route of [...STAFF_ROUTES, ...SIGN_IN_ROUTES]) assert.ok(routes.includes(route), `${route} is a route`);
    const concrete = (path: string) => path.replace(':id', '123');
    for (const route of routes.filter((r) => !SIGN_IN_ROUTES.includes(r) && r !== 'DELETE /console/api/session')) {
      const [method, path] = route.split(' ');
      const res = await client.api(staff.cookie, concrete(path), { method, ...(method === 'GET' ? {} : { json: {} }) });
      const staffMay = (STAFF_ROUTES as readonly string[]).includes(route);
      assert.equal(res.status === 403, !staffMay, `staff, ${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      if (!staffMay) assert.equal(res.body.error.code, 'forbidden');
      const asOwner = await client.api(cookie, concrete(path), { method, ...(method === 'GET' ? {} : { json: {} }) });
      assert.ok(asOwner.status !== 403 && asOwner.status !== 401, `owner, ${route}: ${asOwner.status}`);
    }
    assert.equal((await client.api(staff.cookie, '/console/api/session', { method: 'DELETE' })).status, 200, 'staff sign out');
  } finally {
    ctx.stop();
  }
});

test('every console route answers to the session alone (a merchant token opens none), and no merchant route to a session', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie } = await owner(ctx);
    const token = await signMerchantToken(LIVE_ENV.MAEMANEE_SECRET);
    const routes = [...new Set(ctx.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    const consoleRoutes = routes.filter((r) => r.includes(' /console/api/') && !SIGN_IN_ROUTES.includes(r) && r !== 'GET /console/api/me');
    assert.deepEqual((await client.api(undefined, '/console/api/me', { token })).body, { signedIn: false }, 'a token is no session');
    for (const route of consoleRoutes) {
      const [method, path] = route.split(' ');
      const res = await client.api(undefined, path.replace(':id', '123'), { method, token, ...(method === 'GET' ? {} : { json: {} }) });
      assert.deepEqual([route, res.status, res.body.error?.code], [route, 401, 'session_required']);
    }
    // Every /v1 route needs a token (a payment token or a merchant token), but creating a payment, which needs none.
    const v1 = routes.filter((r) => r.includes(' /v1/') && r !== 'POST /v1/payments');
    assert.ok(v1.some((r) => r === 'POST /v1/console/invites') && v1.length >= 8, v1.join(', '));
    for (const route of v1) {
      const [method, path] = route.split(' ');
      const res = await client.api(cookie, path.replace(':id', '123'), { method, ...(method === 'GET' ? {} : { json: {} }) });
      assert.deepEqual([route, res.status, res.body.error?.code], [route, 401, 'token_required']);
    }
  } finally {
    ctx.stop();
  }
});

test('a state-changing call from another origin is refused 403 origin_not_allowed, session cookie or not, and changes nothing', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie, me } = await owner(ctx);
    const before = await actions(client, cookie);
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://pay.example.com' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: '', 'sec-fetch-site': 'same-site' },
      { origin: '' },
    ];
    for (const headers of cases) {
      const { origin, ...rest } = headers;
      const init = { headers: { cookie, ...(origin ? { origin } : {}), ...rest } };
      for (const [method, path, json] of [
        ['POST', '/console/api/invites', { role: 'staff', name: 'Mallory' }],
        ['DELETE', '/console/api/session', undefined],
        ['POST', `/console/api/sessions/${me.session}/revoke`, undefined],
        ['POST', '/console/api/links', { amount: 10, description: 'x' }],
      ] as const) {
        const res = await call(ctx.target, path, { method, json, ...init });
        assert.deepEqual([JSON.stringify(headers), path, res.status, res.body.error?.code], [JSON.stringify(headers), path, 403, 'origin_not_allowed']);
      }
    }
    assert.equal((await client.api(cookie, '/console/api/me')).status, 200, 'the session still stands');
    assert.deepEqual(await actions(client, cookie), before, 'no invite made, nothing revoked');
    const sameOrigin = await call(ctx.target, '/console/api/invites', { method: 'POST', json: { role: 'staff', name: 'Fah' }, headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' } });
    assert.equal(sameOrigin.status, 201, 'a same-origin call with no Origin header, as the browser says');
    const read = await call(ctx.target, '/console/api/me', { headers: { cookie, origin: 'https://evil.example' } });
    assert.equal(read.status, 200, 'a read changes nothing (SameSite=Strict keeps the cookie from other sites, and no CORS lets them read)');
    assert.equal(read.headers.get('access-control-allow-origin'), null);
    const signIn = await call(ctx.target, '/console/api/session', { method: 'POST', json: { invite: tokenOf(await client.invite()) }, headers: { origin: 'https://evil.example' } });
    assert.deepEqual([signIn.status, signIn.body.error.code], [403, 'origin_not_allowed'], 'signing in from another origin too');
  } finally {
    ctx.stop();
  }
});

test("from the console's own origin, a body that is not application/json (a form's, a plain text one) is refused 415, and changes nothing", async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie } = await owner(ctx);
    const before = await actions(client, cookie);
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const res = await client.api(cookie, '/console/api/invites', { method: 'POST', body: JSON.stringify({ role: 'staff', name: 'Mallory' }), headers: type ? { 'content-type': type } : {} });
      assert.deepEqual([type, res.status, res.body.error?.code], [type, 415, 'unsupported_media_type']);
    }
    assert.deepEqual(await actions(client, cookie), before, 'no invite made');
    assert.equal((await client.api(cookie, '/console/api/invites', { method: 'POST', json: { role: 'staff', name: 'Fah' } })).status, 201, 'JSON as JSON is');
  } finally {
    ctx.stop();
  }
});

test('sign-in attempts are rate-limited per client: past the limit 429 with Retry-After, another client unaffected', async () => {
  const ctx = await recordedApp({ ...CONSOLE_ENV, MAEMANEE_RATE_LIMIT: '3' }, { connectionIp: (c) => c.req.header('x-test-ip') });
  try {
    const client = consoleClient(ctx.target);
    const attempt = (ip: string, path = '/console/api/session', json: unknown = { invite: 'B'.repeat(43) }) =>
      client.api(undefined, path, { method: 'POST', json, headers: { 'x-test-ip': ip } });
    assert.equal((await attempt('203.0.113.9')).status, 401);
    assert.equal((await attempt('203.0.113.9', '/console/api/passkey-session/options', {})).status, 200);
    assert.equal((await attempt('203.0.113.9', '/console/api/passkey-session', { response: {} })).status, 401);
    const limited = await attempt('203.0.113.9', '/console/api/session', { invite: tokenOf(await client.invite()) });
    assert.deepEqual([limited.status, limited.body.error.code], [429, 'rate_limited'], 'even with a good link');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await attempt('198.51.100.20')).status, 401, 'another client is not limited');
  } finally {
    ctx.stop();
  }
});

test('passkeys: added in a session, then sign in with one alone; its answer counts once; a wrong origin, a counter gone backwards, a removed passkey are refused', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie } = await owner(ctx);
    const key = await softwareAuthenticator();
    const android = 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';
    const options = (await client.api(cookie, '/console/api/passkeys/options', { method: 'POST', json: {} })).body;
    assert.deepEqual([options.rp.id, options.attestation, options.authenticatorSelection.residentKey, options.authenticatorSelection.userVerification], ['pay.example.com', 'none', 'required', 'required']);
    const wrongOrigin = await client.api(cookie, '/console/api/passkeys', { method: 'POST', json: { response: await key.register(options, { origin: 'https://evil.example' }) } });
    assert.deepEqual([wrongOrigin.status, wrongOrigin.body.error.code], [400, 'passkey_invalid'], 'made on another origin');
    const again = (await client.api(cookie, '/console/api/passkeys/options', { method: 'POST', json: {} })).body;
    const registration = await key.register(again, { origin: CONSOLE_URL });
    const added = await client.api(cookie, '/console/api/passkeys', { method: 'POST', json: { response: registration }, headers: { 'user-agent': android } });
    assert.deepEqual([added.status, added.body.id, added.body.label], [201, key.credentialId, 'Android · Chrome']);
    const replayed = await client.api(cookie, '/console/api/passkeys', { method: 'POST', json: { response: registration } });
    assert.deepEqual([replayed.status, replayed.body.error.code], [400, 'passkey_invalid'], 'its challenge answers once');
    assert.equal((await client.api(cookie, '/console/api/me')).body.hasPasskey, true);
    await client.api(cookie, '/console/api/session', { method: 'DELETE' });

    const signInWith = async (sign: { origin: string; counter?: number }) => {
      const opts = await client.api(undefined, '/console/api/passkey-session/options', { method: 'POST', json: {} });
      assert.deepEqual([opts.status, opts.body.rpId, opts.body.userVerification], [200, 'pay.example.com', 'required']);
      const response = await key.authenticate(opts.body, sign);
      return { response, res: await client.api(undefined, '/console/api/passkey-session', { method: 'POST', json: { response }, headers: { 'user-agent': android } }) };
    };
    const first = await signInWith({ origin: CONSOLE_URL });
    assert.deepEqual([first.res.status, first.res.body.passkey, first.res.body.member.role], [200, true, 'owner'], 'signed in with the passkey alone');
    const { cookie: passkeyCookie, attributes } = cookieOf(first.res.headers);
    assert.ok(attributes.includes('HttpOnly') && attributes.includes('SameSite=Strict'));
    assert.equal((await client.api(passkeyCookie, '/console/api/today')).status, 200);

    const replay = await client.api(undefined, '/console/api/passkey-session', { method: 'POST', json: { response: first.response } });
    assert.deepEqual([replay.status, replay.body.error.code], [401, 'passkey_refused'], 'the same answer again');
    assert.equal((await signInWith({ origin: 'https://evil.example' })).res.status, 401, 'signed for another origin');
    assert.equal((await signInWith({ origin: CONSOLE_URL, counter: 1 })).res.status, 401, 'a counter gone backwards (a cloned key)');
    assert.equal((await signInWith({ origin: CONSOLE_URL })).res.status, 200, 'the real key still signs in');
    // A key and its clone racing with the same counter: each answer verifies against the counter it read; one moves it.
    const racing = await Promise.all([0, 1].map(async () => (await client.api(undefined, '/console/api/passkey-session/options', { method: 'POST', json: {} })).body));
    const answers = await Promise.all(racing.map((opts) => key.authenticate(opts, { origin: CONSOLE_URL, counter: 40 })));
    const raced = await Promise.all(answers.map((response) => client.api(undefined, '/console/api/passkey-session', { method: 'POST', json: { response } })));
    assert.deepEqual(raced.map((r) => r.status).sort(), [200, 401], 'one of two answers with the same counter');

    const passkeys = (await client.api(passkeyCookie, '/console/api/members')).body.members[0].passkeys;
    assert.deepEqual([passkeys.length, passkeys[0].label, typeof passkeys[0].lastUsedAt], [1, 'Android · Chrome', 'string']);
    assert.equal((await client.api(passkeyCookie, `/console/api/passkeys/${encodeURIComponent(key.credentialId)}`, { method: 'DELETE' })).status, 200);
    assert.equal((await signInWith({ origin: CONSOLE_URL })).res.status, 401, 'removed');
    const audit = await actions(client, passkeyCookie);
    for (const action of ['passkey.added Android · Chrome', 'signin.passkey Android · Chrome', 'passkey.removed Android · Chrome']) assert.ok(audit.includes(action), action);
    assert.ok(audit.some((a) => a.startsWith('signin.refused passkey: Unexpected authentication response origin')), audit.join('\n'));
    assert.ok(audit.some((a) => a.startsWith('signin.refused passkey: Response counter value 1 was lower than expected')), audit.join('\n'));
    assert.ok(audit.some((a) => a.startsWith('signin.refused passkey: its counter was moved by another sign-in') || a.startsWith('signin.refused passkey: Response counter value 40')), audit.join('\n'));
    const otherSite = await call(ctx.target, '/console/api/passkey-session/options', { method: 'POST', json: {}, headers: { origin: 'https://evil.example' } });
    assert.deepEqual([otherSite.status, otherSite.body.error.code], [403, 'origin_not_allowed']);
  } finally {
    ctx.stop();
  }
});

test('staff may not add a passkey; the owner makes staff invites, audited with who made them', async () => {
  const ctx = await recordedApp(CONSOLE_ENV);
  try {
    const { client, cookie } = await owner(ctx);
    const made = await client.api(cookie, '/console/api/invites', { method: 'POST', json: { role: 'staff', name: 'Fah' } });
    assert.deepEqual([made.status, made.body.role, made.body.name], [201, 'staff', 'Fah']);
    const staff = await client.signIn(made.body);
    assert.equal((await client.api(staff.cookie, '/console/api/passkeys/options', { method: 'POST', json: {} })).status, 403);
    for (const [json, code] of [
      [{ role: 'boss' }, 'invalid_role'],
      [{ role: 'staff' }, 'invalid_name'],
      [{ role: 'staff', name: 'x'.repeat(61) }, 'invalid_name'],
      [{ role: 'staff', name: 'a\u202eb' }, 'invalid_name'],
      [{ role: 'owner', name: 'x' }, 'invalid_name'],
      [{ role: 'owner', extra: 1 }, 'unknown_field'],
    ] as const) {
      const res = await client.api(cookie, '/console/api/invites', { method: 'POST', json });
      assert.deepEqual([JSON.stringify(json), res.status, res.body.error.code], [JSON.stringify(json), 400, code]);
    }
    const audit = (await client.api(cookie, '/console/api/audit')).body.entries as { action: string; memberId: string | null; detail: string }[];
    const invites = audit.filter((e) => e.action === 'invite.created').map((e) => [e.memberId, e.detail]);
    assert.deepEqual(invites, [['owner', 'staff: Fah'], [null, 'owner']], 'by the owner, and by the merchant API (no member)');
  } finally {
    ctx.stop();
  }
});

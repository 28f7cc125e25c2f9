/**
 * A fake of the console's API (`/console/api/*`), answering every route of contract/console.ts from memory, with the
 * contract's types, roles and errors: what the app is built and tested against until the proxy's routes are merged.
 * A Hono app, so that the same fake answers inside a page (`installFake` puts it behind `fetch`) and over HTTP.
 * Tests change its state directly (`record` a payment, `signIn`, `invite`) and read what it was asked (`calls`).
 */
import { Hono, type Context } from 'hono';
import {
  STAFF_ROUTES,
  type ConsoleHealth,
  type DeliveryView,
  type Invite,
  type LinksPage,
  type Me,
  type MemberDevices,
  type MembersPage,
  type PasskeyView,
  type PaymentDetail,
  type Resolution,
  type Role,
  type SessionView,
  type SignedOut,
  type Today,
  type TodayEntry,
} from '../../contract/console.ts';
import type { BillStatus, BillSummary, Link, LinkPayment, NewLinkRequest, OrderDetails, PaymentEvent, PaymentsPage } from '../../contract/http.ts';
import { csvRecords } from '../../proxy/csv.ts';
import { exportCells, exportHeader } from '../../proxy/console/export.ts';
import { ApiError } from '../../proxy/errors.ts';
import { readNewLink } from '../../proxy/http/new-link.ts';

const error = (c: Context, status: 400 | 401 | 403 | 404 | 409, code: string, message: string) => c.json({ error: { code, message } }, status);

/** The Bangkok day of an ISO time. */
const bangkokDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);

export interface FakeOptions {
  shopName?: string | null;
  mode?: 'sandbox' | 'live';
  /** The time the fake's "now" reads, ISO. */
  now?: () => string;
  /** The proxy's origin, for the URLs it makes (links, invites); default the page's. */
  origin?: string;
  /** The proxy's amount bounds (MAEMANEE_AMOUNT_MIN and _MAX), which a new link is checked against; default 1 to 50,000. */
  amountMin?: number;
  amountMax?: number;
}

export function fakeConsoleApi(options: FakeOptions = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  const origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';
  const calls: string[] = [];
  let seq = 0;
  let nextId = 1;
  const id = (prefix: string) => `${prefix}${nextId++}`;

  const owner: MemberDevices = { id: 'm-owner', role: 'owner', name: null, createdAt: '2026-12-01T02:00:00.000Z', revokedAt: null, sessions: [], passkeys: [] };
  const members: MemberDevices[] = [owner];
  const invites = new Map<string, { role: Role; name: string | null; used: boolean }>();
  /** The one browser this fake serves: its session, if any. */
  let session: { id: string; member: MemberDevices; passkey: boolean } | null = null;
  const bills = new Map<string, BillSummary & { title: string }>();
  const events: { seq: number; event: PaymentEvent }[] = [];
  const deliveries: DeliveryView[] = [];
  const resolutions = new Map<string, Resolution>();
  const links: Link[] = [];
  let health: ConsoleHealth = { ok: true, mode: options.mode ?? 'sandbox', upstream: 'ok', ledger: 'ok', version: '0.1.0', webhooks: [] };

  function me(): Me {
    return {
      signedIn: true,
      member: { id: session!.member.id, role: session!.member.role, name: session!.member.name, createdAt: session!.member.createdAt, revokedAt: null },
      session: session!.id,
      passkey: session!.passkey,
      hasPasskey: session!.member.passkeys.length > 0,
      mode: health.mode,
      shopName: options.shopName === undefined ? 'ร้านป้าแดง' : options.shopName,
    };
  }

  function startSession(member: MemberDevices, passkey: boolean) {
    const view: SessionView = { id: id('s-'), label: 'Chromium · test', passkey, createdAt: now(), lastSeenAt: now(), expiresAt: '2027-01-01T00:00:00.000Z' };
    member.sessions.push(view);
    session = { id: view.id, member, passkey };
  }

  const today = (after: number | undefined): Today => {
    const day = bangkokDay(now());
    const todays = events.filter((e) => bangkokDay(e.event.created) === day);
    const paid = todays.filter((e) => e.event.type === 'payment.paid').map((e) => e.event.data.amount);
    const entries: TodayEntry[] = todays
      .filter((e) => after === undefined || e.seq > after)
      .map((e) => ({ seq: e.seq, event: e.event, title: bills.get(e.event.data.id)?.title ?? e.event.data.ref1 }))
      .sort((a, b) => b.seq - a.seq);
    return { day, paid: { count: paid.length, sum: paid.reduce((a, b) => a + b, 0) }, entries, cursor: seq };
  };

  const app = new Hono().basePath('/console/api');

  app.use(async (c, next) => {
    calls.push(`${c.req.method} ${new URL(c.req.url).pathname}${new URL(c.req.url).search}`);
    await next();
  });

  // Who may call what: no session is 401 (but signing in, and `me`, which answers signed out), staff are 403 beyond
  // their three routes.
  app.use(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const open =
      (c.req.method === 'POST' && path === '/console/api/session') || path.startsWith('/console/api/passkey-session') || (c.req.method === 'GET' && path === '/console/api/me');
    if (open) return next();
    if (!session) return error(c, 401, 'session_required', 'Sign in first');
    if (session.member.role === 'staff' && !(STAFF_ROUTES as readonly string[]).includes(`${c.req.method} ${path}`)) {
      return error(c, 403, 'forbidden', 'Not for staff');
    }
    return next();
  });

  app.get('/me', (c) => c.json(session ? me() : ({ signedIn: false } satisfies SignedOut)));

  app.post('/session', async (c) => {
    const { invite } = await c.req.json();
    const found = invites.get(invite);
    if (!found || found.used) return error(c, 401, 'invite_invalid', found ? 'This sign-in link was used already' : 'No such sign-in link');
    found.used = true;
    let member = found.role === 'owner' ? owner : undefined;
    if (!member) members.push((member = { id: id('m-'), role: 'staff', name: found.name, createdAt: now(), revokedAt: null, sessions: [], passkeys: [] }));
    startSession(member, false);
    return c.json(me());
  });

  app.delete('/session', (c) => {
    if (session) session.member.sessions = session.member.sessions.filter((s) => s.id !== session!.id);
    session = null;
    return c.json({ ok: true });
  });

  app.post('/passkeys/options', (c) =>
    c.json({
      challenge: 'Y2hhbGxlbmdl',
      rp: { name: 'ร้านป้าแดง', id: new URL(origin).hostname },
      user: { id: 'dXNlcg', name: 'owner', displayName: 'owner' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      timeout: 60000,
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    }),
  );

  app.post('/passkeys', (c) => {
    const passkey: PasskeyView = { id: id('p-'), label: 'Chromium · test', createdAt: now(), lastUsedAt: null };
    session!.member.passkeys.push(passkey);
    return c.json(passkey, 201);
  });

  app.post('/passkey-session/options', (c) => c.json({ challenge: 'Y2hhbGxlbmdl', rpId: new URL(origin).hostname, timeout: 60000, userVerification: 'preferred' }));
  app.post('/passkey-session', (c) => {
    const member = members.find((m) => m.passkeys.length && !m.revokedAt);
    if (!member) return error(c, 401, 'passkey_refused', 'No such passkey');
    startSession(member, true);
    return c.json(me());
  });

  app.get('/today', (c) => {
    const after = c.req.query('after');
    return c.json(today(after === undefined ? undefined : Number(after)));
  });

  app.get('/payments', (c) => {
    const { q, status, from, to } = c.req.query();
    const found = [...bills.values()]
      .filter((b) => !q || [b.ref1, b.id, b.link].includes(q))
      .filter((b) => !status || b.status === status)
      .filter((b) => !from || bangkokDay(b.createdAt) >= from)
      .filter((b) => !to || bangkokDay(b.createdAt) <= to)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(({ title: _title, ...bill }) => bill);
    return c.json({ payments: found, next: null } satisfies PaymentsPage);
  });

  function detail(id: string, lang: string | undefined): PaymentDetail | undefined {
    const bill = bills.get(id);
    if (!bill) return undefined;
    const { title, ...summary } = bill;
    const theirs = events.filter((e) => e.event.data.id === bill.id).map((e) => e.event);
    const page: PaymentDetail = {
      bill: summary,
      title,
      events: theirs,
      deliveries: deliveries.filter((d) => theirs.some((e) => e.id === d.eventId)),
      resolution: resolutions.get(bill.id) ?? null,
    };
    if (bill.status === 'needs_review') page.reviewHint = lang === 'en' ? `Look for ฿${bill.amount} in Mae Manee` : `หา ฿${bill.amount} ในแอปแม่มณี`;
    return page;
  }

  app.get('/payments/:id', (c) => {
    const page = detail(c.req.param('id'), c.req.query('lang'));
    return page ? c.json(page) : error(c, 404, 'payment_not_found', 'No such payment');
  });

  app.post('/payments/:id/resolve', async (c) => {
    const bill = bills.get(c.req.param('id'));
    if (!bill) return error(c, 404, 'payment_not_found', 'No such payment');
    if (bill.status !== 'needs_review') return error(c, 409, 'not_in_review', 'This bill is not in review');
    const { found } = await c.req.json();
    const resolution: Resolution = { found, by: 'merchant', memberId: session!.member.id, at: now() };
    resolutions.set(bill.id, resolution);
    bill.resolvedBy = 'merchant';
    if (found === 'paid') {
      bill.status = 'paid';
      bill.paidAt = now();
      record({ type: 'payment.paid', id: bill.id, amount: bill.amount, title: bill.title, resolvedBy: 'merchant' });
    } else {
      bill.status = 'expired';
      record({ type: 'payment.expired', id: bill.id, amount: bill.amount, title: bill.title });
    }
    return c.json(detail(bill.id, c.req.query('lang')));
  });

  app.post('/events/:id/redeliver', (c) => {
    const eventId = c.req.param('id');
    if (!events.some((e) => e.event.id === eventId)) return error(c, 404, 'not_found', 'No such event');
    for (const d of deliveries.filter((x) => x.eventId === eventId)) d.nextAttemptAt = now();
    return c.json({ ok: true, id: eventId, queued: deliveries.filter((x) => x.eventId === eventId).length }, 202);
  });

  app.get('/links', (c) => c.json({ links: [...links].reverse(), next: null } satisfies LinksPage));

  /** Checked as the proxy checks it (its own reader of a new link), with its refusals' codes and sentences. */
  const requested: NewLinkRequest[] = [];
  app.post('/links', async (c) => {
    try {
      const checked = await readNewLink(c.req, { amountMin: options.amountMin ?? 1, amountMax: options.amountMax ?? 50_000 });
      requested.push(JSON.parse(await c.req.text()));
      return c.json(makeLink({ ...checked, items: checked.items ?? undefined, limit: checked.limit ?? undefined, ref1: undefined, lang: undefined }), 201);
    } catch (problem) {
      if (problem instanceof ApiError) return c.json({ error: { code: problem.code, message: problem.message } }, problem.status);
      throw problem;
    }
  });

  /**
   * A link as the proxy makes one: with items, its amount is their total at their starting quantities; a payment
   * given `order` is a shop link's. A reusable link is sold out once its paid payments reach its limit.
   */
  function makeLink(request: NewLinkRequest, paid: (Pick<LinkPayment, 'id' | 'status' | 'paidAt'> & Partial<LinkPayment>)[] = []): Link {
    const linkId = id('L');
    const items = request.items?.map((item) => ({ ...item, quantity: item.quantity ?? Math.max(item.adjustable?.min ?? 1, 1) })) ?? null;
    const amount = items ? items.reduce((sum, item) => sum + item.price * item.quantity, 0) : request.amount!;
    const payments = paid.map((p) => ({ amount, order: null, receiptUrl: p.status === 'paid' ? `${origin}/pay/${linkId}/receipt/${p.id}.sig` : null, ...p }));
    const sold = payments.filter((p) => p.status === 'paid').length;
    const reusable = request.reusable ?? false;
    const limit = request.limit ?? null;
    const link: Link = {
      id: linkId,
      url: `${origin}/pay/${linkId}`,
      amount,
      description: request.description ?? items!.map((item) => item.name).join(', '),
      ref1: `link-${linkId}`,
      lang: null,
      items,
      fields: request.fields ?? [],
      reusable,
      limit,
      sold,
      createdAt: now(),
      expiresAt: new Date(Date.parse(now()) + (request.expiresIn ?? 7 * 86400) * 1000).toISOString(),
      status: reusable ? (limit !== null && sold >= limit ? 'sold_out' : 'open') : sold ? 'paid' : 'open',
      payments,
    };
    links.push(link);
    return link;
  }

  app.get('/links/:id', (c) => {
    const link = links.find((l) => l.id === c.req.param('id'));
    return link ? c.json(link) : error(c, 404, 'not_found', 'No such link');
  });

  app.post('/links/:id/disable', (c) => {
    const link = links.find((l) => l.id === c.req.param('id'));
    if (!link) return error(c, 404, 'not_found', 'No such link');
    if (link.status === 'open') link.status = 'disabled';
    return c.json(link);
  });

  app.get('/health', (c) => c.json(health, health.ledger === 'ok' ? 200 : 503));

  app.post('/invites', async (c) => {
    const { role, name } = await c.req.json();
    if (role !== 'staff' || typeof name !== 'string' || !name.trim() || name.length > 60) return error(c, 400, 'invalid_name', 'A staff member needs a name');
    return c.json(invite('staff', name), 201);
  });

  app.get('/members', (c) => c.json({ members: members.filter((m) => !m.revokedAt) } satisfies MembersPage));

  app.post('/members/:id/revoke', (c) => {
    const member = members.find((m) => m.id === c.req.param('id'));
    if (!member) return error(c, 404, 'member_not_found', 'No such member');
    if (member.role === 'owner') return error(c, 409, 'owner_not_revocable', 'The owner cannot be revoked');
    member.revokedAt = now();
    member.sessions = [];
    const { sessions: _s, passkeys: _p, ...view } = member;
    return c.json(view);
  });

  app.post('/sessions/:id/revoke', (c) => {
    const member = members.find((m) => m.sessions.some((s) => s.id === c.req.param('id')));
    if (!member) return error(c, 404, 'device_not_found', 'No such session');
    const ended = member.sessions.find((s) => s.id === c.req.param('id'))!;
    member.sessions = member.sessions.filter((s) => s !== ended);
    if (session?.id === ended.id) session = null;
    return c.json(ended);
  });

  app.delete('/passkeys/:id', (c) => {
    const member = members.find((m) => m.passkeys.some((p) => p.id === c.req.param('id')));
    if (!member) return error(c, 404, 'device_not_found', 'No such passkey');
    const removed = member.passkeys.find((p) => p.id === c.req.param('id'))!;
    member.passkeys = member.passkeys.filter((p) => p !== removed);
    return c.json(removed);
  });

  app.get('/export.csv', (c) => {
    const { from, to, lang = 'th' } = c.req.query();
    if (!from || !to || from > to) return error(c, 400, 'invalid_query', 'from and to are Bangkok days, from not after to');
    if (lang !== 'th' && lang !== 'en') return error(c, 400, 'invalid_lang', 'lang must be th or en');
    const rows = [...bills.values()]
      .filter((b) => bangkokDay(b.createdAt) >= from && bangkokDay(b.createdAt) <= to)
      .map(({ title, ...bill }) => exportCells(bill, title, lang));
    return c.body(`\uFEFF${csvRecords([exportHeader(lang), ...rows])}`, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  /** A one-time sign-in link's token, as `maemanee-pay console` (owner) or the owner's invite (staff) makes it. */
  function invite(role: Role, name: string | null = null): Invite {
    const token = id('invite-');
    invites.set(token, { role, name, used: false });
    const expiresAt = new Date(Date.parse(now()) + (role === 'owner' ? 600 : 86400) * 1000).toISOString();
    return { url: `${origin}/console/#/signin/${token}`, role, name, expiresAt };
  }

  /** The proxy recorded an event about a bill (made if new): a payment paid, expired or needing review. */
  function record(fact: {
    type: PaymentEvent['type'];
    id?: string;
    amount: number;
    title?: string;
    late?: boolean;
    created?: string;
    resolvedBy?: 'merchant';
    /** What the buyer ordered through a shop link. */
    order?: OrderDetails;
  }): PaymentEvent {
    const created = fact.created ?? now();
    const billId = fact.id ?? String(500000 + nextId++);
    let bill = bills.get(billId);
    if (!bill) {
      bill = {
        id: billId,
        ref1: `order-${billId}`,
        amount: fact.amount,
        status: 'pending' as BillStatus,
        createdAt: new Date(Date.parse(created) - 60_000).toISOString(),
        expiresAt: new Date(Date.parse(created) + 540_000).toISOString(),
        paidAt: null,
        late: false,
        link: null,
        sandbox: true,
        order: fact.order ?? null,
        title: fact.title ?? `order-${billId}`,
      };
      bills.set(billId, bill);
    }
    const base = { id: billId, ref1: bill.ref1, amount: bill.amount, sandbox: true };
    const event: PaymentEvent =
      fact.type === 'payment.paid'
        ? { id: `payment.paid:${billId}`, type: 'payment.paid', created, data: { ...base, paidAt: created, late: Boolean(fact.late), ...(fact.resolvedBy ? { resolvedBy: fact.resolvedBy } : {}), ...(bill.order ? { order: bill.order } : {}) } }
        : fact.type === 'payment.expired'
        ? { id: `payment.expired:${billId}`, type: 'payment.expired', created, data: { ...base, expiresAt: bill.expiresAt, cancelled: false } }
        : { id: `payment.needs_review:${billId}`, type: 'payment.needs_review', created, data: { ...base, expiresAt: bill.expiresAt, reason: 'confirm_unknown' } };
    bill.status = fact.type === 'payment.paid' ? 'paid' : fact.type === 'payment.expired' ? 'expired' : 'needs_review';
    if (fact.type === 'payment.paid') Object.assign(bill, { paidAt: created, late: Boolean(fact.late) });
    events.push({ seq: ++seq, event });
    return event;
  }

  return {
    app,
    calls,
    record,
    invite,
    makeLink,
    /** The bodies of the links asked for, as sent. */
    requested,
    members,
    deliveries,
    /** Signs the page in without a link, as a passkey would. */
    signIn(role: Role = 'owner', name = 'น้องเอ') {
      let member = role === 'owner' ? owner : members.find((m) => m.role === 'staff' && m.name === name && !m.revokedAt);
      if (!member) members.push((member = { id: id('m-'), role: 'staff', name, createdAt: now(), revokedAt: null, sessions: [], passkeys: [] }));
      startSession(member, false);
      return member;
    },
    /** The session ends behind the page's back (revoked from another device, expired). */
    endSession() {
      session = null;
    },
    setHealth(next: Partial<ConsoleHealth>) {
      health = { ...health, ...next };
    },
    addPasskey(member: MemberDevices = owner) {
      member.passkeys.push({ id: id('p-'), label: 'iPhone · Safari', createdAt: now(), lastUsedAt: now() });
    },
  };
}

export type FakeConsoleApi = ReturnType<typeof fakeConsoleApi>;

/**
 * Puts the fake behind the page's `fetch` for `/console/api/*` (the rest goes through); `offline` makes those calls
 * fail as a dropped connection does. Answers `restore`.
 */
export function installFake(fake: FakeConsoleApi) {
  const original = window.fetch;
  const control = { offline: false, restore: () => (window.fetch = original) };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input), location.href), init);
    if (!new URL(request.url).pathname.startsWith('/console/api/')) return original(input, init);
    if (control.offline) throw new TypeError('Failed to fetch');
    return fake.app.fetch(request);
  };
  return control;
}

/**
 * A scripted stand-in for the proxy inside the page: replaces `fetch`, answers by route, and records every call.
 * Each route's answers are used in order; the last one repeats.
 */
export interface Recorded {
  method: string;
  path: string;
  body: any;
  rawBody: unknown;
  headers: Headers;
}

type Answer = { status?: number; body?: unknown } | 'network-error' | (() => Promise<Response>);

export function fakeProxy(routes: Record<string, Answer[]>) {
  const calls: Recorded[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    calls.push({ method, path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined, rawBody: init.body, headers });
    const key = `${method} ${url.pathname.replace(/\/\d+(?=\/|$)/, '/:id')}`;
    const answers = routes[key];
    if (!answers) throw new Error(`fake proxy: no route for ${key}`);
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    if (typeof answer === 'function') return answer();
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, restore: () => (window.fetch = original), count: (method: string, fragment: string) => calls.filter((c) => c.method === method && c.path.includes(fragment)).length };
}

/** A 1×1 PNG, enough for an <img> to load. */
export const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==';

export function bill(overrides: Record<string, unknown> = {}, windowSeconds = 600) {
  const now = Date.now();
  return {
    id: '500123',
    ref1: 'order-1',
    amount: 50,
    qr: PIXEL,
    payUrl: 'https://pay.example/500123',
    expiresAt: new Date(now + windowSeconds * 1000).toISOString(),
    serverTime: new Date(now).toISOString(),
    token: 'tok.en.x',
    status: 'pending',
    sandbox: true,
    ...overrides,
  };
}

export const paid = { status: 'paid', id: '500123', ref1: 'order-1', amount: 50, paidAt: '2026-11-26T00:00:00.000Z', receipt: 'rec.eip.t' };

export function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

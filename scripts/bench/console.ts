/**
 * What the seller's console costs the proxy: Today's poll (every 2 s while the console is shown), on the bench's
 * Node proxy process in front of the simulator, with a day of paid payments in its ledger. The poll that finds nothing
 * new is what a phone on the counter sends all day; the first load lists the day.
 */
import autocannon from 'autocannon';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { benchProxyEnv } from './env.ts';
import { startBenchServers } from './servers-process.ts';
import { row } from './table.ts';

const PAID = 200;
const DURATION = 4;

export async function consolePoll(): Promise<void> {
  const servers = await startBenchServers();
  try {
    const post = (path: string, body: object, headers: Record<string, string> = {}) =>
      fetch(`${servers.proxy}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    for (let i = 0; i < PAID; i++) {
      const bill = (await (await post('/v1/payments', { amount: 50 + (i % 20), ref1: `bench-day-${i}` })).json()) as { id: string; token: string };
      await servers.pay(bill.id);
      await post(`/v1/payments/${bill.id}/confirm`, { token: bill.token });
    }
    const secret = benchProxyEnv('').MAEMANEE_SECRET;
    const invite = (await (await post('/v1/console/invites', { role: 'owner' }, { authorization: `Bearer ${await signMerchantToken(secret)}` })).json()) as { url: string };
    const origin = new URL(invite.url).origin;
    const signIn = await post('/console/api/session', { invite: invite.url.split('#/signin/')[1] }, { origin });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const today = (await (await fetch(`${servers.proxy}/console/api/today`, { headers: { cookie } })).json()) as { cursor: number; entries: unknown[] };
    const measure = async (path: string) => {
      const options = { url: `${servers.proxy}${path}`, headers: { cookie }, connections: 8 };
      await autocannon({ ...options, duration: 1 });
      const r = await autocannon({ ...options, duration: DURATION });
      return `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${r.errors + r.non2xx ? `, ${r.errors + r.non2xx} errors` : ''}`;
    };
    row(`console: Today's poll with nothing new, a day of ${PAID} payments, 8 connections`, await measure(`/console/api/today?after=${today.cursor}`), 'one phone polls every 2 s');
    row(`console: Today's first load (${today.entries.length} entries and the day's totals), 8 connections`, await measure('/console/api/today'));
  } finally {
    servers.stop();
  }
}

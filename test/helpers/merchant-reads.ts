/** What a shop reads through the proxy's merchant API with a merchant token: its events, and one payment. */
import type { PaymentEvent } from '../../contract/http.ts';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call, type Target } from './flow.ts';
import { simulatorProxyEnv } from './servers.ts';

/** The secret of a proxy started with `simulatorProxyEnv`, unless another is given. */
const SECRET = simulatorProxyEnv([]).MAEMANEE_SECRET;

/** The ledger's events, through the events API. */
export async function events(target: Target, secret = SECRET): Promise<PaymentEvent[]> {
  return (await call(target, '/v1/events', { token: await signMerchantToken(secret) })).body.events;
}

/** One payment as the merchant's lookup shows it. */
export const lookup = async (target: Target, id: string, secret = SECRET) => (await call(target, `/v1/payments/${id}`, { token: await signMerchantToken(secret) })).body;

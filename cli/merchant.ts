/** Where the merchant API is and the secret that signs its tokens, for `link`, `console`, `payments` and `events`. */
import type { Health } from '../contract/http.ts';
import { SANDBOX_SECRET } from '../proxy/config.ts';
import { MerchantApiError } from '../server-kit/merchant-api.ts';
import { CliError } from './command.ts';

export const ENDPOINT_HELP = `  --endpoint URL  the proxy (default: MAEMANEE_ENDPOINT, else MAEMANEE_PUBLIC_URL)

Environment: MAEMANEE_SECRET, the proxy's own secret, signs a short-lived merchant token for each call; it is
never printed or sent. Without it, a proxy whose /health says it runs the sandbox (npm start's demo proxy, say)
is called with the sandbox's public secret; a live proxy never.`;

export interface MerchantTarget {
  endpoint: string;
  /** Makes one merchant call with the secret, and words a refusal of the sandbox's public secret. */
  call<T>(request: (endpoint: string, secret: string) => Promise<T>): Promise<T>;
}

/** The mode a proxy's /health states, if it answers like a maemanee-pay proxy. */
async function modeOf(endpoint: string): Promise<Health['mode'] | undefined> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
  } catch (error) {
    if ((error as Error)?.name === 'TimeoutError') throw new CliError('cannot reach the proxy: no answer from its /health within 10 s');
    throw error;
  }
  const health = (await response.json().catch(() => undefined)) as Partial<Health> | undefined;
  return health?.mode === 'sandbox' || health?.mode === 'live' ? health.mode : undefined;
}

export async function merchantTarget(endpointOption: unknown, env: Record<string, string | undefined>): Promise<MerchantTarget> {
  const endpoint = (endpointOption as string | undefined) ?? env.MAEMANEE_ENDPOINT ?? env.MAEMANEE_PUBLIC_URL;
  if (!endpoint) throw new CliError('which proxy? --endpoint https://pay.example.com, or MAEMANEE_ENDPOINT in the environment');
  if (!/^https?:\/\/[^/?#]+/.test(endpoint)) throw new CliError(`--endpoint must be the proxy's http(s) URL, not "${endpoint}"`);
  const secret = env.MAEMANEE_SECRET;
  if (secret) {
    if (secret.length < 32) throw new CliError('MAEMANEE_SECRET is shorter than 32 characters: not the secret of a live proxy');
    return { endpoint, call: (request) => request(endpoint, secret) };
  }
  // The sandbox's secret is public, and a live proxy refuses to run with it: trying it on a live one could only fail.
  if ((await modeOf(endpoint)) !== 'sandbox') throw new CliError("MAEMANEE_SECRET is not set: the merchant API needs the proxy's secret to sign its token");
  return {
    endpoint,
    async call(request) {
      try {
        return await request(endpoint, SANDBOX_SECRET);
      } catch (error) {
        if (error instanceof MerchantApiError && error.status === 401) {
          throw new CliError(`${error.message} (this sandbox proxy has a MAEMANEE_SECRET of its own: set MAEMANEE_SECRET to it)`);
        }
        throw error;
      }
    },
  };
}

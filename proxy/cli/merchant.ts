/** Where the merchant API is and the secret that signs its tokens, for `link`, `payments` and `events`. */
import { CliError } from './command.ts';

export const ENDPOINT_HELP = `  --endpoint URL  the proxy (default: MAEMANEE_ENDPOINT, else MAEMANEE_PUBLIC_URL)

Environment: MAEMANEE_SECRET, the proxy's own secret, signs a short-lived merchant token for each call; it is
never printed or sent.`;

export function merchantTarget(endpointOption: unknown, env: Record<string, string | undefined>): { endpoint: string; secret: string } {
  const endpoint = (endpointOption as string | undefined) ?? env.MAEMANEE_ENDPOINT ?? env.MAEMANEE_PUBLIC_URL;
  if (!endpoint) throw new CliError('which proxy? --endpoint https://pay.example.com, or MAEMANEE_ENDPOINT in the environment');
  if (!/^https?:\/\/[^/?#]+/.test(endpoint)) throw new CliError(`--endpoint must be the proxy's http(s) URL, not "${endpoint}"`);
  const secret = env.MAEMANEE_SECRET;
  if (!secret) throw new CliError("MAEMANEE_SECRET is not set: the merchant API needs the proxy's secret to sign its token");
  if (secret.length < 32) throw new CliError('MAEMANEE_SECRET is shorter than 32 characters: not the secret of a live proxy');
  return { endpoint, secret };
}

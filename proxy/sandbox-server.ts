/**
 * `npm run sandbox -- --port N [--mirror-port M]`: the simulator as a standalone HTTP server at
 * http://127.0.0.1:N/api_mn.php. With --mirror-port, a second host over the same bills, like tmweasy's mirror.
 * Credentials are TMWEASY_USER / TMWEASY_PASSWORD / TMWEASY_CON_ID, defaulting to the sandbox's published ones.
 */
import { argument, listen } from './node-listen.ts';
import { createSimulatorHost, SANDBOX_CREDENTIALS, Simulator } from './simulator.ts';

const env = process.env;
const simulator = new Simulator(
  {
    user: env.TMWEASY_USER ?? SANDBOX_CREDENTIALS.user,
    password: env.TMWEASY_PASSWORD ?? SANDBOX_CREDENTIALS.password,
    conId: env.TMWEASY_CON_ID ?? SANDBOX_CREDENTIALS.conId,
  },
  {
    windowSeconds: Number(argument(process.argv, 'window') ?? 600),
    numbersAs: argument(process.argv, 'numbers') === 'string' ? 'string' : 'number',
    secondConfirm: argument(process.argv, 'second-confirm') === 'used' ? 'used' : 'paid',
  },
);
for (const port of [argument(process.argv, 'port') ?? '8788', argument(process.argv, 'mirror-port')]) {
  if (port === undefined) continue;
  const { url } = await listen(createSimulatorHost(simulator).app.fetch, Number(port), env.HOST ?? '127.0.0.1');
  console.log(`maemanee-pay sandbox upstream: ${url}/api_mn.php`);
}

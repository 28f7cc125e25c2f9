/**
 * `npm run sandbox -- --port N [--mirror-port M] [--window S] [--numbers string] [--second-confirm used]`: the
 * simulator as a standalone HTTP server at http://127.0.0.1:N/api_mn.php. With --mirror-port, a second host over the
 * same bills, like tmweasy's mirror. Credentials are TMWEASY_USER / TMWEASY_PASSWORD / TMWEASY_CON_ID, defaulting to
 * the sandbox's published ones.
 */
import { parseArgs } from 'node:util';
import { listen } from '../runtime/node-listen.ts';
import { createSimulatorHost } from './host.ts';
import { SANDBOX_CREDENTIALS, Simulator } from './simulator.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    'mirror-port': { type: 'string' },
    window: { type: 'string', default: '600' },
    numbers: { type: 'string', default: 'number' },
    'second-confirm': { type: 'string', default: 'paid' },
  },
});
const env = process.env;
const simulator = new Simulator(
  {
    user: env.TMWEASY_USER ?? SANDBOX_CREDENTIALS.user,
    password: env.TMWEASY_PASSWORD ?? SANDBOX_CREDENTIALS.password,
    conId: env.TMWEASY_CON_ID ?? SANDBOX_CREDENTIALS.conId,
  },
  {
    windowSeconds: Number(values.window),
    numbersAs: values.numbers === 'string' ? 'string' : 'number',
    secondConfirm: values['second-confirm'] === 'used' ? 'used' : 'paid',
  },
);
for (const port of [values.port, values['mirror-port']]) {
  if (port === undefined) continue;
  const { url } = await listen(createSimulatorHost(simulator).app.fetch, Number(port), env.HOST ?? '127.0.0.1');
  console.log(`maemanee-pay sandbox upstream: ${url}/api_mn.php`);
}

/**
 * `maemanee-pay sandbox`: the simulator as a standalone HTTP server at http://127.0.0.1:N/api_mn.php, with its
 * controls at /sandbox; with --mirror-port, a second host over the same bills, like tmweasy's mirror.
 */
import { listen, type Listening } from '../../proxy/runtime/node-listen.ts';
import { createSimulatorHost } from '../../sandbox/host.ts';
import { SANDBOX_CREDENTIALS, Simulator } from '../../sandbox/simulator.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { listenRefusal } from '../listening.ts';

const choice = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  if (!allowed.includes(value as T)) throw new CliError(`${name} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
};

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'run the tmweasy simulator as a standalone upstream, for tests and for doctor',
  usage: '[--port 8788] [--mirror-port M] [--window 600] [--numbers number|string] [--second-confirm paid|used]',
  help: `
Serves a simulator of tmweasy's api_mn.php at http://HOST:PORT/api_mn.php, with the sandbox controls at /sandbox
(POST /sandbox/payments/:id/pay or /expire, PUT /sandbox/fault). Point a proxy at it with
MAEMANEE_UPSTREAM=http://127.0.0.1:8788/api_mn.php. Nothing it does moves money.

Options:
  --port N              the port (default 8788; 0 picks a free one)
  --mirror-port M       a second host over the same bills, like tmweasy's mirror
  --window S            seconds a bill stays payable (default 600)
  --numbers KIND        how numbers are written: number (default) or string, as some clients see them
  --second-confirm KIND what a second confirm of a paid bill answers: paid (default) or used

Environment: TMWEASY_USER, TMWEASY_PASSWORD, TMWEASY_CON_ID are the credentials it accepts (default: the
sandbox's published ones); HOST the address (default 127.0.0.1).`,
  options: {
    port: { type: 'string', default: '8788' },
    'mirror-port': { type: 'string' },
    window: { type: 'string', default: '600' },
    numbers: { type: 'string', default: 'number' },
    'second-confirm': { type: 'string', default: 'paid' },
  },
  async run({ values }, io) {
    const env = io.env;
    const simulator = new Simulator(
      {
        user: env.TMWEASY_USER ?? SANDBOX_CREDENTIALS.user,
        password: env.TMWEASY_PASSWORD ?? SANDBOX_CREDENTIALS.password,
        conId: env.TMWEASY_CON_ID ?? SANDBOX_CREDENTIALS.conId,
      },
      {
        windowSeconds: wholeNumberArg('--window', values.window as string, 1),
        numbersAs: choice('--numbers', values.numbers as string, ['number', 'string'] as const),
        secondConfirm: choice('--second-confirm', values['second-confirm'] as string, ['paid', 'used'] as const),
      },
    );
    const hosts: Listening[] = [];
    for (const [name, port] of [['--port', values.port], ['--mirror-port', values['mirror-port']]] as const) {
      if (port === undefined) continue;
      const [number, hostname] = [wholeNumberArg(name, port as string, 0, 65535)!, env.HOST ?? '127.0.0.1'];
      const host = await listen(createSimulatorHost(simulator).app.fetch, number, hostname).catch(async (error) => {
        await Promise.all(hosts.map((h) => h.close()));
        throw listenRefusal(error, hostname, number, name);
      });
      io.out(`maemanee-pay sandbox upstream: ${host.url}/api_mn.php\n`);
      hosts.push(host);
    }
    await io.stopped;
    await Promise.all(hosts.map((h) => h.close()));
  },
});

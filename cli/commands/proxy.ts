/** `maemanee-pay proxy`: the Node proxy, configured from the environment, until SIGINT or SIGTERM. */
import { ConfigError } from '../../proxy/config.ts';
import { LedgerFault } from '../../proxy/ledger/ledger.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { listenRefusal } from '../listening.ts';

export const proxyCommand = defineCommand({
  name: 'proxy',
  summary: 'run the proxy on Node (live with tmweasy credentials, else the sandbox)',
  usage: '[--port 8787] [--host 127.0.0.1]',
  help: `
Runs the proxy on Node with the settings in the environment (docs/reference/configuration.md), its ledger in an
SQLite file (MAEMANEE_DB, default .maemanee/ledger.sqlite) or a PostgreSQL database that several machines share
(MAEMANEE_DB=postgres://user:password@host/database), its own checks of pending bills and its webhooks.
With no tmweasy credentials it runs the sandbox. It stops cleanly on Ctrl-C or SIGTERM.

Options:
  --port N     the port (default: PORT, else 8787)
  --host H     the address to listen on (default: HOST, else 127.0.0.1; 0.0.0.0 for every interface)
  --env F (before the command) load settings from a file first`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run({ values }, io) {
    const port = wholeNumberArg('--port', (values.port as string | undefined) ?? io.env.PORT, 0, 65535) ?? 8787;
    const hostname = (values.host as string | undefined) ?? io.env.HOST ?? '127.0.0.1';
    const proxy = await startNodeProxy(io.env, port, { hostname }).catch((error) => {
      if (error instanceof ConfigError || error instanceof LedgerFault) throw new CliError(`cannot start: ${error.message}`);
      throw listenRefusal(error, hostname, port);
    });
    io.out(`maemanee-pay proxy listening on ${proxy.url}\n`);
    await io.stopped;
    await proxy.close();
  },
});

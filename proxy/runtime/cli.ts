/** `npm run proxy`: the proxy on Node. PORT (default 8787) and HOST (default 127.0.0.1) pick where it listens. */
import { ConfigError } from '../config.ts';
import { LedgerFault } from '../ledger/ledger.ts';
import { startNodeProxy } from './node.ts';

try {
  const proxy = await startNodeProxy(process.env, Number(process.env.PORT ?? 8787), { hostname: process.env.HOST ?? '127.0.0.1' });
  console.log(`maemanee-pay proxy listening on ${proxy.url}`);
  // A supervisor's stop: finish, close the ledger, and exit through process.exit (which also writes a --cpu-prof).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void proxy.close().then(() => process.exit(0)));
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof LedgerFault)) throw error;
  console.error(`maemanee-pay proxy: cannot start: ${error.message}`);
  process.exit(1);
}

/** `npm start`: the demo shop on the sandbox, with nothing to configure. PORT and PROXY_PORT pick the ports. */
import { jsonLog } from '../proxy/log.ts';
import { startDemo } from './server.ts';

const demo = await startDemo({
  shopPort: Number(process.env.PORT ?? 5173),
  proxyPort: Number(process.env.PROXY_PORT ?? 8787),
  log: jsonLog,
});
console.log(`
  maemanee-pay demo shop (sandbox: no real money moves)

  Open the shop:  ${demo.url}
  Proxy (sandbox): ${demo.proxyUrl}

  Press Ctrl+C to stop.
`);

/**
 * `npm start`: the demo shop on the sandbox, with nothing to configure. PORT and PROXY_PORT pick the ports.
 * `npm start -- --host` (or HOST=0.0.0.0) listens on the local network too, and prints the shop's address there with
 * a QR code of it, to walk the payer's flow on a real phone.
 */
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { terminalQr } from '../cli/terminal-qr.ts';
import { SANDBOX_SECRET } from '../proxy/config.ts';
import { stdoutLog } from '../proxy/runtime/node-log.ts';
import { createConsoleInvite } from '../server-kit/merchant-api.ts';
import { consoleLinkCommand, payLinkCommand, startDemo } from './server.ts';

const { values } = parseArgs({ options: { host: { type: 'boolean', default: false } } });
const onNetwork = values.host || process.env.HOST === '0.0.0.0';
/** This machine's addresses on the local network (IPv4, not loopback). */
const lan = Object.values(networkInterfaces())
  .flat()
  .filter((i) => i?.family === 'IPv4' && !i.internal)
  .map((i) => `http://${i!.address}`);

const demo = await startDemo({
  shopPort: Number(process.env.PORT ?? 5173),
  proxyPort: Number(process.env.PROXY_PORT ?? 8787),
  host: onNetwork ? '0.0.0.0' : '127.0.0.1',
  origins: onNetwork ? lan : [],
  log: stdoutLog(),
});
const phone = onNetwork && lan[0] ? `${lan[0]}:${demo.shopPort}` : undefined;
// On the network, a link made through the proxy's LAN address opens on the phone too.
const linkEndpoint = phone ? `${lan[0]}:${new URL(demo.proxyUrl).port}` : demo.proxyUrl;
// The seller's console on this machine (localhost: passkeys need a name, and plain http works only there).
const owner = await createConsoleInvite(demo.proxyUrl, SANDBOX_SECRET);
console.log(`
  maemanee-pay demo shop (sandbox: no real money moves)

  Open the shop:   ${demo.url}
  Make a pay link: ${payLinkCommand(linkEndpoint)}
                   (run it in another terminal, in this folder: it prints the link and its QR)
  Console (owner): ${owner.url}
                   (signs in once, within 10 minutes; another: ${consoleLinkCommand(demo.proxyUrl)})
  Proxy (sandbox): ${demo.proxyUrl}
${
  phone
    ? `
  On a phone on the same network: ${phone}
${terminalQr(phone).replace(/^/gm, '  ')}
  (Over plain http a phone browser cannot share files: it offers "press and hold the QR" instead of Save to Photos.)
`
    : onNetwork
      ? '\n  No local network address found: is this machine on a network?\n'
      : '\n  To try it on your phone: npm start -- --host\n'
}
  Press Ctrl+C to stop.
`);

/**
 * The servers the benchmark measures, in a process of their own so the load generator does not share their event
 * loop: a standalone simulator host, and the Node proxy in front of it. Prints their URLs as one JSON line.
 */
import { listen } from '../proxy/runtime/node-listen.ts';
import { startNodeProxy } from '../proxy/runtime/node.ts';
import { createSimulatorHost, Simulator } from '../proxy/sandbox/index.ts';
import { simulatorProxyEnv } from '../test/helpers/servers.ts';

const simulator = new Simulator();
const host = await listen(createSimulatorHost(simulator).app.fetch);
const proxy = await startNodeProxy(
  simulatorProxyEnv([`${host.url}/api_mn.php`]),
  0,
  { log: () => {} },
);
console.log(JSON.stringify({ simulator: host.url, proxy: proxy.url }));

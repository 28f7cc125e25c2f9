/**
 * Widget tests in a real Chromium (Debian's, or CHROME_PATH). Run under tsx (see package.json) so this file can start
 * the real proxy, on the sandbox, for the suites that talk to it cross-origin; it counts every request the proxy
 * receives, preflights included, and tells the page at /__proxy.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { loadConfig } from './proxy/config.ts';
import { listen } from './proxy/runtime/node-listen.ts';
import { createProxy } from './proxy/create-proxy.ts';
import { openSqliteLedger } from './proxy/ledger/libsql.ts';

const app = await createProxy(loadConfig({}, 'node'), { log: () => {}, ledger: await openSqliteLedger(':memory:') });
const requests = [];
const proxy = await listen((request) => {
  requests.push(`${request.method} ${new URL(request.url).pathname}`);
  return app.fetch(request);
});

const proxyPlugin = {
  name: 'sandbox-proxy',
  serve(context) {
    if (context.path !== '/__proxy') return;
    const body = JSON.stringify({ url: proxy.url, requests });
    if (context.URL.searchParams.has('reset')) requests.length = 0;
    return { body, type: 'application/json' };
  },
  serverStop: () => proxy.close(),
};

export default {
  files: 'test/widget/**/*.test.ts',
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), proxyPlugin],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
      },
    }),
  ],
};

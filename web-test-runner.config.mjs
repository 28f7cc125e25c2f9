/**
 * Widget tests in a real Chromium (CHROME_PATH, or one installed where scripts/chromium.ts looks). Run under tsx (see package.json) so this file can start
 * the real proxy, on the sandbox, for the suites that talk to it cross-origin; it counts every request the proxy
 * receives, preflights included, and tells the page at /__proxy.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, ChromiumMissing, requireChromium } from './scripts/chromium.ts';
import { loadConfig } from './proxy/config.ts';
import { listen } from './proxy/runtime/node-listen.ts';
import { createProxy } from './proxy/create-proxy.ts';
import { openSqliteLedger } from './proxy/ledger/libsql.ts';

let executablePath;
try {
  executablePath = requireChromium();
} catch (error) {
  if (!(error instanceof ChromiumMissing)) throw error;
  console.error(error.message);
  process.exit(1);
}

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
  files: ['test/widget/**/*.test.ts', 'test/console/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), proxyPlugin],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
};

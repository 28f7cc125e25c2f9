/** The proxy's configuration: the sandbox only when chosen, live mode's strong secret and https, strict parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, describeMode, loadConfig, OFFICIAL_UPSTREAMS, SANDBOX_SECRET } from '../../proxy/config.ts';
import { LIVE_ENV } from '../helpers/sandbox-app.ts';

const live = { TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p', TMWEASY_CON_ID: '1', MAEMANEE_SECRET: 'x'.repeat(32) };

test('no credentials on Node: the sandbox, any origin, the public sandbox secret', () => {
  const config = loadConfig({}, 'node');
  assert.equal(config.mode, 'sandbox');
  assert.equal(config.allowedOrigins, '*');
  assert.equal(config.secret, SANDBOX_SECRET);
  assert.match(describeMode(config), /SANDBOX/);
});

test('a Worker never falls into the sandbox by omission', () => {
  assert.throws(() => loadConfig({}, 'workers'), /MAEMANEE_UPSTREAM=sandbox/);
  assert.equal(loadConfig({ MAEMANEE_UPSTREAM: 'sandbox' }, 'workers').mode, 'sandbox');
});

test('some credentials but not all: refuse, naming what is missing', () => {
  assert.throws(() => loadConfig({ TMWEASY_USER: 'u' }, 'node'), /TMWEASY_PASSWORD and TMWEASY_CON_ID are missing/);
  assert.throws(() => loadConfig({ TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p' }, 'workers'), /TMWEASY_CON_ID is missing/);
});

test('live mode needs a strong secret', () => {
  const { MAEMANEE_SECRET: _, ...noSecret } = live;
  assert.throws(() => loadConfig(noSecret, 'node'), ConfigError);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_SECRET: 'short' }, 'node'), /32 characters/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_SECRET: SANDBOX_SECRET }, 'node'), ConfigError);
  const config = loadConfig(live, 'workers');
  assert.equal(config.mode, 'live');
  assert.deepEqual(config.upstreamUrls, OFFICIAL_UPSTREAMS);
  assert.deepEqual(config.allowedOrigins, [], 'no browser origin is allowed until configured');
});

test('lists, bounds and flags are parsed strictly', () => {
  const config = loadConfig(
    {
      ...live,
      MAEMANEE_UPSTREAM: 'http://127.0.0.1:1/api_mn.php, http://127.0.0.1:2/api_mn.php',
      MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:5173',
      MAEMANEE_AMOUNT_MIN: '10',
      MAEMANEE_AMOUNT_MAX: '500',
      MAEMANEE_REQUIRE_ORDER: 'true',
    },
    'node',
  );
  assert.deepEqual(config.upstreamUrls, ['http://127.0.0.1:1/api_mn.php', 'http://127.0.0.1:2/api_mn.php']);
  assert.deepEqual(config.allowedOrigins, ['https://shop.example.com', 'http://localhost:5173']);
  assert.deepEqual([config.amountMin, config.amountMax, config.requireOrder], [10, 500, true]);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_ALLOWED_ORIGINS: 'https://shop.example.com/path' }, 'node'), /not an origin/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_AMOUNT_MAX: '1.5' }, 'node'), /whole number/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_AMOUNT_MIN: '9', MAEMANEE_AMOUNT_MAX: '5' }, 'node'), /above/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_REQUIRE_ORDER: 'yes' }, 'node'), /true or false/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_UPSTREAM: 'ftp://x' }, 'node'), /http/);
});

test('the mode line names hosts, never credentials', () => {
  const line = describeMode(loadConfig({ ...live, TMWEASY_PASSWORD: 'hunter2-secret' }, 'node'));
  assert.match(line, /LIVE/);
  assert.match(line, /tmwallet\.thaighost\.net/);
  assert.ok(!line.includes('hunter2-secret'));
});

test('a Node proxy with a real-looking secret and no credentials refuses to start in the sandbox by omission', () => {
  assert.throws(() => loadConfig({ MAEMANEE_SECRET: 'a-real-looking-secret-of-at-least-32-characters' }, 'node'), ConfigError);
  assert.equal(loadConfig({ MAEMANEE_SECRET: 'a-real-looking-secret-of-at-least-32-characters', MAEMANEE_UPSTREAM: 'sandbox' }, 'node').mode, 'sandbox');
});

test('live mode: upstream and webhook URLs must be https, http only for loopback', () => {
  const live = { TMWEASY_USER: 'u', TMWEASY_PASSWORD: 'p', TMWEASY_CON_ID: '1', MAEMANEE_SECRET: 'k'.repeat(40), MAEMANEE_WEBHOOK_SECRET: LIVE_ENV.MAEMANEE_WEBHOOK_SECRET };
  assert.throws(() => loadConfig({ ...live, MAEMANEE_UPSTREAM: 'http://api.example.com/api_mn.php' }, 'node'), /https/);
  assert.throws(() => loadConfig({ ...live, MAEMANEE_WEBHOOK_URL: 'http://shop.example.com/hook' }, 'node'), /https/);
  assert.equal(loadConfig({ ...live, MAEMANEE_UPSTREAM: 'http://127.0.0.1:8788/api_mn.php', MAEMANEE_WEBHOOK_URL: 'http://localhost:9/h' }, 'node').mode, 'live');
  assert.equal(loadConfig({ ...live, MAEMANEE_UPSTREAM: 'http://[::1]:8788/api_mn.php' }, 'node').mode, 'live');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, describeMode, loadConfig, OFFICIAL_UPSTREAMS, SANDBOX_SECRET } from '../../proxy/config.ts';

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

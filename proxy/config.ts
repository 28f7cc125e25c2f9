/**
 * Reads the proxy's configuration from Workers bindings or the process environment, and refuses, with a sentence a
 * merchant can act on, anything that would run the proxy unsafely.
 */
import { DEFAULT_SCHEDULE, type Schedule } from './payments/schedule.ts';
import { secureOrLoopback } from './loopback.ts';
import { secretKey } from '../server-kit/webhook-signature.ts';

export const OFFICIAL_UPSTREAMS = ['https://tmwallet.thaighost.net/api_mn.php', 'https://www.tmweasy.com/api_mn.php'];

/** The credentials the sandbox accepts unless told otherwise; published in docs/sandbox.md. */
export const SANDBOX_CREDENTIALS = { user: 'sandbox', password: 'sandbox-password', conId: '1' };

/** Signs sandbox tokens when no secret is set. Public on purpose: nothing it signs can pass for money. */
export const SANDBOX_SECRET = 'maemanee-sandbox-secret-never-use-for-real-money';

/** Signs sandbox webhooks when no webhook secret is set; public too (its events say `sandbox: true`). */
export const SANDBOX_WEBHOOK_SECRET = 'whsec_c2FuZGJveC1vbmx5LW5ldmVyLWZvci1yZWFsLW1vbmV5';

export type Runtime = 'node' | 'workers';

/** The Node ledger's file when MAEMANEE_DB is not set (git-ignored). The sandbox keeps its bills in a file of its own. */
export const DEFAULT_DB = '.maemanee/ledger.sqlite';
export const SANDBOX_DB = '.maemanee/sandbox.sqlite';

/**
 * Where the Node ledger is: an SQLite file that the processes of one machine share (a path, `file:` and a path, or
 * `:memory:` in tests), or a PostgreSQL database that several machines share (`postgres://` or `postgresql://`).
 */
export type LedgerLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

export function ledgerLocation(db: string): LedgerLocation {
  if (/^postgres(ql)?:\/\//i.test(db)) return { engine: 'postgres', url: db };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(db) && !/^file:/i.test(db)) {
    throw new ConfigError(`MAEMANEE_DB: "${db.split(':')[0]}:" is not a ledger: a file path (or file:path) for SQLite, or postgres://user:password@host/database`);
  }
  return { engine: 'sqlite', path: db.replace(/^file:(\/\/(?=\/))?/i, '') };
}

/** The ledger's location as it may be shown or logged: a database URL without its password. */
export const shownLedger = (db: LedgerLocation) => (db.engine === 'sqlite' ? db.path : db.url.replace(/^([a-z]+:\/\/[^:@/]*):[^@]*@/i, '$1:***@'));

export interface ProxyConfig {
  mode: 'sandbox' | 'live';
  /** Receipts and webhooks say `sandbox: true`: in sandbox mode, and whenever the published sandbox credentials are in use. */
  sandboxClaims: boolean;
  upstreamUrls: string[];
  credentials?: { user: string; password: string; conId: string };
  secret: string;
  /** `*` allows any origin (sandbox only). */
  allowedOrigins: string[] | '*';
  amountMin: number;
  amountMax: number;
  requireOrder: boolean;
  /**
   * Where each event is POSTed, and the `whsec_` secrets that sign it there; each endpoint has its own outbox entries,
   * retries and dead end. `secretsFrom` names the variable they come from (null: the sandbox's public one).
   */
  webhooks: { url: string; secrets: string[]; secretsFrom: string | null }[];
  upstreamTimeoutMs: number;
  /** Creates allowed per client IP per window. */
  rateLimit: { limit: number; windowSeconds: number };
  /** Reads, confirms and cancels allowed per minute, per payment and per client: one token cannot spend the account. */
  checkLimit: { perPayment: number; perClient: number };
  /** A header set by a trusted reverse proxy in front of a Node proxy (e.g. `x-real-ip`). */
  trustedIpHeader?: string;
  /** Seconds a sandbox bill stays payable. */
  sandboxWindowSeconds: number;
  /** Node: where the ledger is (MAEMANEE_DB). Workers use the LEDGER Durable Object binding instead. */
  db: LedgerLocation;
  /** When the proxy checks bills and retries webhooks on its own. */
  schedule: Schedule;
  /** The proxy's public URL (pay links point at it); its origin may call the proxy (its own pay pages). */
  publicUrl?: string;
  /** The pay page's shop name, and its chat-preview image (an https URL) instead of the card shipped with the proxy. */
  shop: { name?: string; image?: string };
}

export type Env = Record<string, unknown>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function wholeNumber(env: Env, name: string, fallback: number, min = 0): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return Number(raw);
}

function flag(env: Env, name: string): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

function origin(value: string): string {
  try {
    const url = new URL(value);
    if (url.origin === 'null' || url.origin !== value.replace(/\/$/, '')) throw new Error();
    return url.origin;
  } catch {
    throw new ConfigError(`MAEMANEE_ALLOWED_ORIGINS: "${value}" is not an origin like https://shop.example.com`);
  }
}

export function loadConfig(env: Env, runtime: Runtime): ProxyConfig {
  const names = ['TMWEASY_USER', 'TMWEASY_PASSWORD', 'TMWEASY_CON_ID'] as const;
  const given = names.filter((n) => text(env, n) !== undefined);
  if (given.length > 0 && given.length < names.length) {
    const missing = names.filter((n) => !given.includes(n));
    throw new ConfigError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: set all three tmweasy credentials, or none for the sandbox`);
  }
  const upstream = text(env, 'MAEMANEE_UPSTREAM');
  const explicitSandbox = upstream?.toLowerCase() === 'sandbox';
  const sandbox = explicitSandbox || (given.length === 0 && runtime === 'node');
  const secretGiven = text(env, 'MAEMANEE_SECRET');
  if (sandbox && !explicitSandbox && secretGiven !== undefined && secretGiven !== SANDBOX_SECRET) {
    // A real secret with no credentials is a live deployment missing its credentials, not a wish for the sandbox.
    throw new ConfigError(
      'MAEMANEE_SECRET is set but the tmweasy credentials are not: set TMWEASY_USER, TMWEASY_PASSWORD and TMWEASY_CON_ID, or MAEMANEE_UPSTREAM=sandbox to run the simulator',
    );
  }
  if (!sandbox && given.length === 0) {
    throw new ConfigError(
      'No tmweasy credentials: set TMWEASY_USER, TMWEASY_PASSWORD and TMWEASY_CON_ID with `wrangler secret put`, or MAEMANEE_UPSTREAM=sandbox to run the simulator',
    );
  }

  const secret = text(env, 'MAEMANEE_SECRET');
  if (!sandbox && (!secret || secret.length < 32 || secret === SANDBOX_SECRET)) {
    throw new ConfigError('MAEMANEE_SECRET must be set to a random string of at least 32 characters in live mode');
  }

  const upstreamUrls = sandbox ? [] : upstream ? list(upstream) : OFFICIAL_UPSTREAMS;
  for (const url of upstreamUrls) {
    if (!/^https?:\/\/[^/?#]+\/\S*$/.test(url)) throw new ConfigError(`MAEMANEE_UPSTREAM: "${url}" is not an http(s) URL`);
    if (!secureOrLoopback(url)) throw new ConfigError(`MAEMANEE_UPSTREAM: "${new URL(url).host}" must be reached over https (http only for loopback)`);
  }

  const origins = list(text(env, 'MAEMANEE_ALLOWED_ORIGINS'));
  const configuredOrigins = origins.length;
  const publicUrl = text(env, 'MAEMANEE_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl !== undefined) {
    if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) throw new ConfigError(`MAEMANEE_PUBLIC_URL: "${publicUrl}" is not an http(s) URL like https://pay.example.com`);
    if (!sandbox && !secureOrLoopback(publicUrl)) throw new ConfigError('MAEMANEE_PUBLIC_URL must be https in live mode (http only for loopback)');
    // The proxy's own pay pages call it from its own origin, which is known from here, never from a request's Host.
    origins.push(new URL(publicUrl).origin);
  }
  const shopImage = text(env, 'MAEMANEE_SHOP_IMAGE');
  if (shopImage !== undefined && !/^https:\/\/[^/?#]+/.test(shopImage)) throw new ConfigError('MAEMANEE_SHOP_IMAGE must be an https URL of an image');
  const amountMin = wholeNumber(env, 'MAEMANEE_AMOUNT_MIN', 1, 1);
  const amountMax = wholeNumber(env, 'MAEMANEE_AMOUNT_MAX', 50_000, 1);
  if (amountMin > amountMax) throw new ConfigError('MAEMANEE_AMOUNT_MIN is above MAEMANEE_AMOUNT_MAX');

  const webhookUrls = [...new Set(list(text(env, 'MAEMANEE_WEBHOOK_URL')))];
  for (const url of webhookUrls) {
    if (!/^https?:\/\/[^/?#]+/.test(url)) throw new ConfigError(`MAEMANEE_WEBHOOK_URL: "${url}" is not an http(s) URL`);
    if (!sandbox && !secureOrLoopback(url)) {
      throw new ConfigError(`MAEMANEE_WEBHOOK_URL: "${new URL(url).host}" must be reached over https in live mode (http only for loopback): it carries signed payment facts`);
    }
  }
  const webhooks = webhookUrls.map((url, i) => {
    // MAEMANEE_WEBHOOK_SECRET_<n>: the nth endpoint's own secrets, instead of the shared ones.
    const name = text(env, `MAEMANEE_WEBHOOK_SECRET_${i + 1}`) ? `MAEMANEE_WEBHOOK_SECRET_${i + 1}` : 'MAEMANEE_WEBHOOK_SECRET';
    const given = text(env, name);
    const secrets = (given ?? (sandbox ? SANDBOX_WEBHOOK_SECRET : '')).split(/\s+/).filter(Boolean);
    if (secrets.length === 0) {
      throw new ConfigError('MAEMANEE_WEBHOOK_SECRET must be set with MAEMANEE_WEBHOOK_URL: a whsec_ secret (`maemanee-pay secret --webhook` makes one)');
    }
    for (const secret of secrets) {
      try {
        secretKey(secret);
      } catch (error) {
        throw new ConfigError(`${name}: ${(error as Error).message}`);
      }
    }
    return { url, secrets, secretsFrom: given === undefined ? null : name };
  });

  const credentials = sandbox
    ? undefined
    : { user: text(env, 'TMWEASY_USER')!, password: text(env, 'TMWEASY_PASSWORD')!, conId: text(env, 'TMWEASY_CON_ID')! };
  return {
    mode: sandbox ? 'sandbox' : 'live',
    sandboxClaims: sandbox || (credentials!.user === SANDBOX_CREDENTIALS.user && credentials!.password === SANDBOX_CREDENTIALS.password),
    upstreamUrls,
    credentials,
    secret: secret ?? SANDBOX_SECRET,
    allowedOrigins: configuredOrigins === 0 && sandbox ? '*' : origins.map(origin),
    amountMin,
    amountMax,
    requireOrder: flag(env, 'MAEMANEE_REQUIRE_ORDER'),
    webhooks,
    upstreamTimeoutMs: wholeNumber(env, 'MAEMANEE_UPSTREAM_TIMEOUT_MS', 8000, 100),
    rateLimit: {
      limit: wholeNumber(env, 'MAEMANEE_RATE_LIMIT', 20, 1),
      windowSeconds: wholeNumber(env, 'MAEMANEE_RATE_WINDOW', 60, 1),
    },
    checkLimit: {
      perPayment: wholeNumber(env, 'MAEMANEE_CHECK_LIMIT', 30, 1),
      perClient: wholeNumber(env, 'MAEMANEE_CHECK_CLIENT_LIMIT', 1200, 1),
    },
    trustedIpHeader: text(env, 'MAEMANEE_TRUSTED_IP_HEADER')?.toLowerCase(),
    sandboxWindowSeconds: wholeNumber(env, 'MAEMANEE_SANDBOX_WINDOW', 600, 1),
    db: ledgerLocation(text(env, 'MAEMANEE_DB') ?? (sandbox ? SANDBOX_DB : DEFAULT_DB)),
    publicUrl,
    shop: { name: text(env, 'MAEMANEE_SHOP_NAME')?.slice(0, 80), image: shopImage },
    schedule: {
      ...DEFAULT_SCHEDULE,
      checkGapMs: wholeNumber(env, 'MAEMANEE_CHECK_GAP_MS', DEFAULT_SCHEDULE.checkGapMs, 0),
      reconcileMs: 1000 * wholeNumber(env, 'MAEMANEE_RECONCILE_SECONDS', DEFAULT_SCHEDULE.reconcileMs / 1000, 1),
      graceMs: 1000 * wholeNumber(env, 'MAEMANEE_RECONCILE_GRACE_SECONDS', DEFAULT_SCHEDULE.graceMs / 1000, 0),
      webhookBaseMs: 1000 * wholeNumber(env, 'MAEMANEE_WEBHOOK_RETRY_SECONDS', DEFAULT_SCHEDULE.webhookBaseMs / 1000, 1),
    },
  };
}

/** The webhook secrets set in an environment, by the variable that holds them: the shared one, then each endpoint's own. */
export function webhookSecretVariables(env: Env): [string, string][] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => /^MAEMANEE_WEBHOOK_SECRET(_\d+)?$/.test(entry[0]) && typeof entry[1] === 'string' && entry[1].trim() !== '')
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The line the proxy prints at start, loudly, so nobody mistakes the sandbox for live. */
export function describeMode(config: ProxyConfig): string {
  if (config.mode === 'sandbox') {
    return 'maemanee-pay proxy: SANDBOX mode: simulated tmweasy upstream, no real money moves, receipts are marked sandbox';
  }
  const hosts = config.upstreamUrls.map((u) => new URL(u).host).join(', ');
  return `maemanee-pay proxy: LIVE mode: upstream ${hosts}; allowed origins: ${
    config.allowedOrigins === '*' ? 'any' : config.allowedOrigins.join(', ') || 'none (browser calls refused)'
  }`;
}

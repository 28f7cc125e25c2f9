/** The proxy's own settings: how strong its secrets are, and which pages may call it. */
import { SANDBOX_SECRET, webhookSecretVariables, type ProxyConfig } from '../../proxy/config.ts';
import { secretKey } from '../../server-kit/webhook-signature.ts';
import { redact, type Report } from './report.ts';

/** Bits of a secret if each character were drawn at random from the smallest alphabet it fits. */
export function estimatedBits(secret: string): number {
  const alphabet = /^[0-9a-f]+$/i.test(secret) ? 16 : /^[A-Za-z0-9]+$/.test(secret) ? 62 : /^[A-Za-z0-9+/_=-]+$/.test(secret) ? 64 : 94;
  return Math.floor(secret.length * Math.log2(alphabet));
}

export function checkSecrets(report: Report, config: ProxyConfig, env: Record<string, string | undefined>): void {
  const { t } = report;
  report.section(t.secrets);
  const { secret } = config;
  if (config.mode === 'sandbox' && secret === SANDBOX_SECRET) {
    report.line('info', t.sandboxSecret);
  } else {
    const bits = estimatedBits(secret);
    const distinct = new Set(secret).size;
    const others = [config.credentials?.password, ...config.webhooks.flatMap((w) => w.secrets)].filter(Boolean);
    if (others.includes(secret)) report.line('fail', t.secretReused(redact(secret)));
    else if (distinct < 12) report.line('fail', t.secretNotRandom(redact(secret), distinct));
    else if (bits < 128) report.line('warn', t.secretWeak(redact(secret), secret.length, bits));
    else report.line('ok', t.secretStrong(redact(secret), secret.length, bits));
  }
  checkWebhookSecrets(report, config, env);
}

/** Each webhook secret by the variable it is set in, against the endpoints it signs for (1-based, as doctor names them). */
function checkWebhookSecrets(report: Report, config: ProxyConfig, env: Record<string, string | undefined>): void {
  const { t } = report;
  const endpointsOf = new Map<string | null, number[]>();
  for (const [i, webhook] of config.webhooks.entries()) endpointsOf.set(webhook.secretsFrom, [...(endpointsOf.get(webhook.secretsFrom) ?? []), i + 1]);
  for (const [from, endpoints] of endpointsOf) {
    if (from === null) {
      report.line('info', t.sandboxWebhookSecret(endpoints));
      continue;
    }
    for (const value of config.webhooks[endpoints[0] - 1].secrets) {
      const bytes = secretKey(value).length;
      if (bytes < 32) report.line('warn', t.webhookSecretShort(from, redact(value), bytes, endpoints));
      else report.line('ok', t.webhookSecretOk(from, redact(value), bytes, endpoints));
    }
  }
  // Set, but read by no endpoint: most often a secret meant for an endpoint that is not in MAEMANEE_WEBHOOK_URL.
  for (const [name] of webhookSecretVariables(env).filter(([name]) => !endpointsOf.has(name))) {
    const n = /_(\d+)$/.exec(name)?.[1];
    if (n) report.line('warn', t.webhookSecretNoEndpoint(name, Number(n)));
    else report.line('info', config.webhooks.length === 0 ? t.webhookSecretNoUrl : t.webhookSecretAllOwn);
  }
}

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/** Who may call the proxy, and where its pay links point: MAEMANEE_PUBLIC_URL, else the URL a link is made through. */
export function checkOrigins(report: Report, config: ProxyConfig, endpoint?: string): void {
  const { t } = report;
  report.section(t.origins);
  const origins = config.allowedOrigins;
  if (origins === '*') {
    report.line('info', t.anyOrigin);
  } else if (origins.length === 0) {
    report.line('warn', t.noOrigin);
  }
  for (const origin of origins === '*' ? [] : origins) {
    const url = new URL(origin);
    if (url.protocol === 'https:') report.line('ok', origin);
    else if (loopback(url.hostname)) report.line(config.mode === 'live' ? 'warn' : 'ok', `${origin}${config.mode === 'live' ? t.loopbackOnly : ''}`);
    else report.line('warn', t.plainHttp(origin));
  }
  if (config.publicUrl) report.line('ok', t.publicUrl(config.publicUrl));
  else if (origins === '*') report.line('info', t.linksAnyBase);
  else if (origins.length === 0) report.line('warn', t.linksNoOrigin);
  else if (endpoint) {
    // The links service's own rule: the base of the merchant's call, when its origin is allowed.
    const origin = new URL(endpoint).origin;
    if (origins.includes(origin)) report.line('ok', t.linksThrough(endpoint));
    else report.line('warn', t.linksRefused(endpoint, origin));
  } else report.line(config.mode === 'live' ? 'warn' : 'info', t.linksAllowedBase(origins));
}

/** The proxy's own settings: how strong its secrets are, and which pages may call it. */
import { SANDBOX_SECRET, type ProxyConfig } from '../config.ts';
import { secretKey } from '../webhook/signature.ts';
import { redact, type Report } from './report.ts';

/** Bits of a secret if each character were drawn at random from the smallest alphabet it fits. */
export function estimatedBits(secret: string): number {
  const alphabet = /^[0-9a-f]+$/i.test(secret) ? 16 : /^[A-Za-z0-9]+$/.test(secret) ? 62 : /^[A-Za-z0-9+/_=-]+$/.test(secret) ? 64 : 94;
  return Math.floor(secret.length * Math.log2(alphabet));
}

export function checkSecrets(report: Report, config: ProxyConfig): void {
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
  const seen = new Set<string>();
  for (const [i, webhook] of config.webhooks.entries()) {
    for (const value of webhook.secrets) {
      if (seen.has(value)) continue;
      seen.add(value);
      const bytes = secretKey(value).length;
      const label = t.webhookSecret(i + 1, redact(value));
      if (bytes < 32) report.line('warn', t.webhookSecretShort(label, bytes));
      else report.line('ok', t.webhookSecretOk(label, bytes));
    }
  }
}

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

export function checkOrigins(report: Report, config: ProxyConfig): void {
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
  else report.line(config.mode === 'live' ? 'warn' : 'info', t.noPublicUrl);
}

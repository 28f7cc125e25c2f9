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
  report.section('Secrets');
  const { secret } = config;
  if (config.mode === 'sandbox' && secret === SANDBOX_SECRET) {
    report.line('info', 'MAEMANEE_SECRET: the sandbox\'s public one (set your own before going live: maemanee-pay secret)');
  } else {
    const bits = estimatedBits(secret);
    const distinct = new Set(secret).size;
    const others = [config.credentials?.password, ...config.webhooks.flatMap((w) => w.secrets)].filter(Boolean);
    if (others.includes(secret)) report.line('fail', `MAEMANEE_SECRET ${redact(secret)} is also used as another secret: each secret must be its own`);
    else if (distinct < 12) report.line('fail', `MAEMANEE_SECRET ${redact(secret)}: only ${distinct} different characters, not a random string (maemanee-pay secret makes one)`);
    else if (bits < 128) report.line('warn', `MAEMANEE_SECRET ${redact(secret)}: ${secret.length} characters, at most about ${bits} bits; 128 or more is safe (maemanee-pay secret makes one)`);
    else report.line('ok', `MAEMANEE_SECRET ${redact(secret)}: ${secret.length} characters, up to about ${bits} bits`);
  }
  const seen = new Set<string>();
  for (const [i, webhook] of config.webhooks.entries()) {
    for (const value of webhook.secrets) {
      if (seen.has(value)) continue;
      seen.add(value);
      const bytes = secretKey(value).length;
      const label = `webhook secret for endpoint ${i + 1} ${redact(value)}`;
      if (bytes < 32) report.line('warn', `${label}: ${bytes} bytes; 32 is usual (maemanee-pay secret --webhook)`);
      else report.line('ok', `${label}: ${bytes} bytes`);
    }
  }
}

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

export function checkOrigins(report: Report, config: ProxyConfig): void {
  report.section('Who may call the proxy');
  const origins = config.allowedOrigins;
  if (origins === '*') {
    report.line('info', 'any origin (sandbox mode with no MAEMANEE_ALLOWED_ORIGINS)');
  } else if (origins.length === 0) {
    report.line('warn', 'no origin: no web page can take a payment (set MAEMANEE_ALLOWED_ORIGINS to your shop, e.g. https://shop.example.com)');
  }
  for (const origin of origins === '*' ? [] : origins) {
    const url = new URL(origin);
    if (url.protocol === 'https:') report.line('ok', origin);
    else if (loopback(url.hostname)) report.line(config.mode === 'live' ? 'warn' : 'ok', `${origin}${config.mode === 'live' ? ': this machine only, a page for testing' : ''}`);
    else report.line('warn', `${origin}: plain http, so anyone on the customer's network can change the page; use https`);
  }
  if (config.publicUrl) report.line('ok', `MAEMANEE_PUBLIC_URL ${config.publicUrl}: pay links point here`);
  else report.line(config.mode === 'live' ? 'warn' : 'info', 'MAEMANEE_PUBLIC_URL is not set: the proxy cannot make pay links (set it to the URL customers reach it at)');
}

/**
 * `maemanee-pay verify`: is this receipt, or this webhook delivery, really from the proxy? Reads it from standard
 * input: a receipt token alone, or a delivery as headers, a blank line and the raw body (what a request log or
 * `curl -i` shows), or the body alone with the headers as options.
 */
import type { WebhookEvent } from '../../contract/http.ts';
import { SANDBOX_SECRET, SANDBOX_WEBHOOK_SECRET, webhookSecretVariables } from '../../proxy/config.ts';
import { printable } from '../../proxy/safe-text.ts';
import { TokenError, verifyReceipt } from '../../server-kit/tokens.ts';
import { verifyWebhook, WebhookError, ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../server-kit/webhook-signature.ts';
import { CliError, defineCommand } from '../command.ts';
import { baht, langOption, localTime, zoneOption } from '../format.ts';
import { json } from '../table.ts';
import { CLI_TEXTS, type CliTexts } from '../texts.ts';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Splits `Header: value` lines (after an optional request line) from the body that follows the first blank line. */
export function splitDelivery(input: string): { headers: Record<string, string>; body: string } {
  const lines = /^[!#$%&'*+.^_`|~\w-]+:[ \t]/.test(input) || /^[A-Z]+ \S+ HTTP\/[\d.]+\r?\n/.test(input) ? input : undefined;
  if (lines === undefined) return { headers: {}, body: input };
  const end = /\r?\n\r?\n/.exec(lines);
  const head = end ? lines.slice(0, end.index) : lines;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !/^[A-Z]+ \S+ HTTP\//.test(line)) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: end ? lines.slice(end.index + end[0].length) : '' };
}

/** What the sandbox signs with when it is given no secret: public, so what it signed proves nothing unless marked sandbox. */
const PUBLIC_WEBHOOK = Symbol('the sandbox public webhook secret');
const notMarkedSandbox = () => new CliError("not valid: signed with the sandbox's public secret, which anyone has, yet not marked sandbox");

/** What an event says, in the person's language and time zone. */
function describe(event: WebhookEvent, t: CliTexts, zone: string): string {
  if (event.type === 'webhook.test') return t.testDelivery(event.type);
  const d = event.data;
  const paidAt = 'paidAt' in d ? localTime(d.paidAt, zone) : undefined;
  return t.eventOf(event.type, t.billFacts({ ...d, amount: baht(d.amount), paidAt, zone, late: 'late' in d && d.late }));
}

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'check a receipt, or a webhook body with its headers, read from standard input',
  usage: '[--sandbox] [--any-time] [--id ID --timestamp T --signature SIG] [--json] [--lang th|en] [--tz ZONE] < input',
  help: `
Checks that what comes in on standard input was signed by your proxy, and says what it says.

A receipt (the token the element's maemanee-paid event carries), checked with MAEMANEE_SECRET:
  echo "$RECEIPT" | maemanee-pay verify

A webhook delivery, checked with MAEMANEE_WEBHOOK_SECRET (and any MAEMANEE_WEBHOOK_SECRET_<n>): its headers, a
blank line and the raw body, as a request log shows it,
  maemanee-pay verify < delivery.txt
or the raw body alone with the three headers as options:
  maemanee-pay verify --id "$ID" --timestamp "$TS" --signature "$SIG" < body.json

Options:
  --sandbox     accept what the sandbox signed (refused otherwise: no money moved), with the secrets set or,
                for a sandbox proxy that has none (npm start's demo), the sandbox's public ones
  --any-time    a webhook's timestamp may be older than 5 minutes (checking a delivery from a log)
  --id, --timestamp, --signature   the webhook-id, webhook-timestamp and webhook-signature headers
  --json        print what was verified as JSON (times in ISO UTC)
  --lang th|en  the answer's language (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE     the time zone of a paid time shown, an IANA name (default Asia/Bangkok)

Exit status 0 when it is valid; 1, with the reason, when it is not.`,
  options: {
    sandbox: { type: 'boolean' },
    'any-time': { type: 'boolean' },
    id: { type: 'string' },
    timestamp: { type: 'string' },
    signature: { type: 'string' },
    json: { type: 'boolean' },
    lang: { type: 'string' },
    tz: { type: 'string' },
  },
  async run({ values }, io) {
    const lang = langOption(values.lang, io.env);
    const zone = zoneOption(values.tz, lang);
    const t = CLI_TEXTS[lang];
    const input = await io.stdin();
    if (!input.trim()) throw new CliError('nothing on standard input: pipe a receipt, or a webhook delivery, into it (maemanee-pay verify --help)');
    const allowSandbox = values.sandbox === true;
    // What was signed is someone else's text: shown on one line, without anything a terminal would act on.
    const print = (facts: unknown, line: string) => io.out(values.json ? json(facts) : `${printable(line)}\n`);

    if (JWT.test(input.trim()) && values.id === undefined) {
      const own = io.env.MAEMANEE_SECRET;
      if (own && own.length < 32) throw new CliError('MAEMANEE_SECRET is shorter than 32 characters: not the secret of a live proxy');
      const secrets = [own, allowSandbox ? SANDBOX_SECRET : undefined].filter((s): s is string => !!s);
      if (secrets.length === 0) throw new CliError("MAEMANEE_SECRET is not set: a receipt is checked with the proxy's secret (--sandbox checks one from a sandbox proxy that has none)");
      let refusal: unknown;
      for (const secret of secrets) {
        try {
          const facts = await verifyReceipt(secret, input.trim(), { allowSandbox });
          if (secret === SANDBOX_SECRET && !facts.sandbox) throw notMarkedSandbox();
          return print(facts, t.validReceipt(t.billFacts({ ...facts, amount: baht(facts.amount), paidAt: localTime(facts.paidAt, zone), zone })));
        } catch (error) {
          // Under the wrong secret a receipt is just "not valid"; any other answer is the answer.
          if (!(error instanceof TokenError && error.reason === 'signature')) throw error;
          refusal = error;
        }
      }
      throw refusal;
    }

    const { headers, body } = splitDelivery(input);
    for (const [option, name] of [['id', ID_HEADER], ['timestamp', TIMESTAMP_HEADER], ['signature', SIGNATURE_HEADER]] as const) {
      if (values[option] !== undefined) headers[name] = values[option] as string;
    }
    if (!headers[ID_HEADER] || !headers[SIGNATURE_HEADER]) {
      throw new CliError('no webhook headers: give webhook-id, webhook-timestamp and webhook-signature before the body, or as --id, --timestamp and --signature');
    }
    const secrets: (readonly [string | typeof PUBLIC_WEBHOOK, string])[] = [...webhookSecretVariables(io.env), ...(allowSandbox ? [[PUBLIC_WEBHOOK, SANDBOX_WEBHOOK_SECRET] as const] : [])];
    if (secrets.length === 0) {
      throw new CliError('MAEMANEE_WEBHOOK_SECRET is not set: a webhook is checked with its whsec_ secret (--sandbox checks one from a sandbox proxy that has none)');
    }
    // A file saved by an editor or `echo` ends in a newline the proxy never sent.
    const bodies = body.endsWith('\n') ? [body, body.replace(/\r?\n$/, '')] : [body];
    const options = { allowSandbox, ...(values['any-time'] ? { toleranceSeconds: Infinity } : {}) };
    let unsigned: unknown;
    for (const [name, value] of secrets) {
      for (const candidate of bodies) {
        try {
          const event = await verifyWebhook(value, candidate, headers, options);
          if (name === PUBLIC_WEBHOOK && event.data.sandbox !== true) throw notMarkedSandbox();
          return print(event, t.validWebhook(name === PUBLIC_WEBHOOK ? t.publicWebhookSecret : name, describe(event, t, zone)));
        } catch (error) {
          // Signed but refused for another reason (its age, the sandbox): that is the answer.
          if (!(error instanceof WebhookError && error.code === 'signature')) {
            if (error instanceof WebhookError && error.code === 'timestamp') throw new CliError(`not valid: ${error.message} (--any-time to check a delivery from a log)`);
            throw error;
          }
          unsigned = error;
        }
      }
    }
    throw unsigned;
  },
});

/** `maemanee-pay console`: a one-time sign-in link to the seller's console, and its QR for the phone to scan. */
import { createConsoleInvite } from '../../server-kit/merchant-api.ts';
import type { NewInviteRequest } from '../../contract/console.ts';
import { printable } from '../../proxy/safe-text.ts';
import { CliError, defineCommand } from '../command.ts';
import { langOption, localTime, zoneOption } from '../format.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { json } from '../table.ts';
import { terminalQr } from '../terminal-qr.ts';
import { CLI_TEXTS } from '../texts.ts';

export const consoleCommand = defineCommand({
  name: 'console',
  summary: "a sign-in link to the seller's console (owner or staff), and its QR",
  usage: '[--role owner|staff] [--name NAME] [--lang th|en] [--tz ZONE] [--endpoint URL] [--json]',
  help: `
Makes a one-time sign-in link to the console the proxy serves at /console/ and prints it with a QR to scan with the
phone. The owner's link is valid 10 minutes, a staff member's 24 hours; each signs in once. Signed in, the owner adds
a passkey (Face ID, a fingerprint, the phone's screen lock) to sign in with from then on.

  maemanee-pay console
  maemanee-pay console --role staff --name "Nok"

Options:
  --role owner|staff  whose link (default owner); staff see today's payments and nothing else
  --name NAME         the staff member's name (1 to 60 characters), for the owner's list of members
  --lang th|en        the language of what this prints (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE           the time zone of what this prints, an IANA name (default Asia/Bangkok)
  --json              {"url": …} (with role, name and expiresAt, in ISO UTC), and no QR
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    lang: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const role = (values.role as string | undefined) ?? 'owner';
    const name = values.name as string | undefined;
    if (role !== 'owner' && role !== 'staff') throw new CliError(`--role must be owner or staff, not "${role}"`);
    if (role === 'staff' && !name) throw new CliError('a staff link needs the member\'s name: --role staff --name "Nok"');
    if (role === 'owner' && name !== undefined) throw new CliError("the owner's link takes no --name");
    const lang = langOption(values.lang, io.env);
    const zone = zoneOption(values.tz, lang);
    const request: NewInviteRequest = role === 'staff' ? { role, name } : { role };
    const target = await merchantTarget(values.endpoint, io.env);
    const invite = await target.call((endpoint, secret) => createConsoleInvite(endpoint, secret, request));
    if (values.json) return io.out(json(invite));
    const url = printable(invite.url);
    const shown = invite.name === null ? null : printable(invite.name);
    io.out(`${url}\n\n${terminalQr(url)}\n${CLI_TEXTS[lang].signInOnce(invite.role, shown, localTime(invite.expiresAt, zone), zone)}\n`);
  },
});

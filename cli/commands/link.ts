/** `maemanee-pay link 250 "Red shirt"`: a pay link to paste in a chat, and its QR to show across a counter. */
import { createLink } from '../../server-kit/merchant-api.ts';
import { terminalQr } from '../terminal-qr.ts';
import { printable } from '../../proxy/safe-text.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { baht, langOption, localTime, zoneOption } from '../format.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { json } from '../table.ts';
import { CLI_TEXTS } from '../texts.ts';

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'create a pay link: its URL to paste in a chat, and its QR',
  usage: '<amount> <description> [--ref1 R] [--expires-in SECONDS] [--page-lang th|en] [--lang th|en] [--tz ZONE] [--endpoint URL] [--json]',
  help: `
Creates a pay link through the proxy's merchant API and prints its URL and a QR of it to scan. The payer opens it
on their phone and pays the amount by PromptPay; the payment reaches your webhook with data.link.

  maemanee-pay link 250 "Red shirt"

Arguments and options:
  <amount>            whole baht, within the proxy's MAEMANEE_AMOUNT_MIN..MAEMANEE_AMOUNT_MAX
  <description>       what is paid for, shown on the pay page and in chat previews
  --ref1 R            your reference, beginning with link- (default: link-<id>)
  --expires-in S      seconds the link can be paid (default 7 days, at most 90 days)
  --page-lang th|en   the pay page's language (default: the payer's browser's)
  --lang th|en        the language of what this prints (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE           the time zone of what this prints, an IANA name (default Asia/Bangkok)
  --json              the link as JSON (times in ISO UTC), and no QR
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    ref1: { type: 'string' },
    'expires-in': { type: 'string' },
    'page-lang': { type: 'string' },
    lang: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const [amountText, description, ...extra] = positionals;
    if (amountText === undefined || description === undefined || extra.length > 0) {
      throw new CliError('give an amount and a description, e.g. maemanee-pay link 250 "Red shirt" (quote a description with spaces)');
    }
    if (!/^\d+$/.test(amountText)) throw new CliError(`the amount is whole baht, like 250, not "${amountText}"`);
    const pageLang = values['page-lang'] as 'th' | 'en' | undefined;
    if (pageLang !== undefined && pageLang !== 'th' && pageLang !== 'en') throw new CliError(`--page-lang must be th or en, not "${pageLang}"`);
    const lang = langOption(values.lang, io.env);
    const zone = zoneOption(values.tz, lang);
    const request = {
      amount: Number(amountText),
      description,
      ref1: values.ref1 as string | undefined,
      expiresIn: wholeNumberArg('--expires-in', values['expires-in'] as string | undefined, 1),
      lang: pageLang,
    };
    const target = await merchantTarget(values.endpoint, io.env);
    const link = await target.call((endpoint, secret) => createLink(endpoint, secret, request));
    if (values.json) return io.out(json(link));
    const url = printable(link.url);
    const summary = CLI_TEXTS[lang].openUntil(printable(link.ref1), localTime(link.expiresAt, zone), zone);
    io.out(`${url}\n\n${terminalQr(url)}\n${printable(`${baht(link.amount)} ${link.description}`)}\n${summary}\n`);
  },
});

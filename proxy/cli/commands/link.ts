/** `maemanee-pay link 250 "Red shirt"`: a pay link to paste in a chat, and its QR to show across a counter. */
import { createLink } from '../../server/merchant-api.ts';
import { terminalQr } from '../../runtime/terminal-qr.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { baht } from '../table.ts';

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'create a pay link: its URL to paste in a chat, and its QR',
  usage: '<amount> <description> [--ref1 R] [--expires-in SECONDS] [--lang th|en] [--endpoint URL] [--json]',
  help: `
Creates a pay link through the proxy's merchant API and prints its URL and a QR of it to scan. The payer opens it
on their phone and pays the amount by PromptPay; the payment reaches your webhook with data.link.

  maemanee-pay link 250 "Red shirt"

Arguments and options:
  <amount>            whole baht, within the proxy's MAEMANEE_AMOUNT_MIN..MAEMANEE_AMOUNT_MAX
  <description>       what is paid for, shown on the pay page and in chat previews
  --ref1 R            your reference, beginning with link- (default: link-<id>)
  --expires-in S      seconds the link can be paid (default 7 days, at most 90 days)
  --lang th|en        the pay page's language (default: the payer's browser's)
  --json              the link as JSON, and no QR
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    ref1: { type: 'string' },
    'expires-in': { type: 'string' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const [amountText, description, ...extra] = positionals;
    if (amountText === undefined || description === undefined || extra.length > 0) {
      throw new CliError('give an amount and a description, e.g. maemanee-pay link 250 "Red shirt" (quote a description with spaces)');
    }
    if (!/^\d+$/.test(amountText)) throw new CliError(`the amount is whole baht, like 250, not "${amountText}"`);
    const lang = values.lang as string | undefined;
    if (lang !== undefined && lang !== 'th' && lang !== 'en') throw new CliError(`--lang must be th or en, not "${lang}"`);
    const { endpoint, secret } = merchantTarget(values.endpoint, io.env);
    const link = await createLink(endpoint, secret, {
      amount: Number(amountText),
      description,
      ref1: values.ref1 as string | undefined,
      expiresIn: wholeNumberArg('--expires-in', values['expires-in'] as string | undefined, 1),
      lang,
    });
    if (values.json) return io.out(`${JSON.stringify(link, null, 2)}\n`);
    io.out(`${link.url}\n\n${terminalQr(link.url)}\n${baht(link.amount)} ${link.description}\nref1 ${link.ref1}, open until ${link.expiresAt}\n`);
  },
});

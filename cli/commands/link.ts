/** `maemanee-pay link 250 "Red shirt"`: a pay link to paste in a chat, and its QR to show across a counter. */
import { BUYER_FIELD_KEYS, type BuyerField, type BuyerFieldKey, type LinkItem, type NewLinkRequest } from '../../contract/http.ts';
import { createLink } from '../../server-kit/merchant-api.ts';
import { terminalQr } from '../terminal-qr.ts';
import { printable } from '../../proxy/safe-text.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { baht, langOption, localTime, zoneOption } from '../format.ts';
import { ENDPOINT_HELP, merchantTarget } from '../merchant.ts';
import { json } from '../table.ts';
import { CLI_TEXTS } from '../texts.ts';

/**
 * `--item "Red shirt:250:1-5"`: a name, its price in whole baht, and how many: a fixed quantity (default 1) or a range
 * the buyer picks from. The name is everything before the last two or three parts, so it may hold a colon itself.
 */
export function parseItem(text: string): LinkItem {
  const match = /^(.+?):(\d+)(?::(\d+)(?:-(\d+))?)?$/.exec(text);
  if (!match || !match[1].trim()) {
    throw new CliError(`--item is NAME:PRICE, NAME:PRICE:QUANTITY or NAME:PRICE:MIN-MAX, like "Red shirt:250:1-5", not "${printable(text)}"`);
  }
  const [, name, price, first, last] = match;
  if (last !== undefined) return { name: name.trim(), price: Number(price), adjustable: { min: Number(first), max: Number(last) } };
  return { name: name.trim(), price: Number(price), ...(first === undefined ? {} : { quantity: Number(first) }) };
}

/**
 * `--field KEY` (asked) and `--require KEY` (asked, and needed before the tap to pay), each key once, in the order the
 * page asks them: name, phone, address, note.
 */
export function parseFields(asked: string[], required: string[]): BuyerField[] {
  const fields: BuyerField[] = [];
  for (const [key, isRequired] of [...asked.map((k) => [k, false] as const), ...required.map((k) => [k, true] as const)]) {
    if (!BUYER_FIELD_KEYS.includes(key as BuyerFieldKey)) throw new CliError(`--field and --require take ${BUYER_FIELD_KEYS.join(', ')}, not "${printable(key)}"`);
    if (fields.some((f) => f.key === key)) throw new CliError(`the buyer is asked for ${key} once: give it to --field or --require, once`);
    fields.push({ key: key as BuyerFieldKey, required: isRequired });
  }
  return fields.sort((a, b) => BUYER_FIELD_KEYS.indexOf(a.key) - BUYER_FIELD_KEYS.indexOf(b.key));
}

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'create a pay link: its URL to paste in a chat, and its QR',
  usage:
    '<amount> <description> | --item NAME:PRICE[:QUANTITY|:MIN-MAX]... [<description>]  [--field KEY]... [--require KEY]... [--reusable [--limit N]] [--ref1 R] [--expires-in SECONDS] [--page-lang th|en] [--lang th|en] [--tz ZONE] [--endpoint URL] [--json]',
  help: `
Creates a pay link through the proxy's merchant API and prints its URL and a QR of it to scan. The payer opens it
on their phone and pays the amount by PromptPay; the payment reaches your webhook with data.link.

  maemanee-pay link 250 "Red shirt"

A small shop instead of one amount: items (the proxy totals them), the buyer's details, many buyers with a limit.
The page asks the buyer first; each payment comes with data.order (what was bought, and the details given).

  maemanee-pay link --item "Red shirt:250:1-5" --item "Tote bag:120" --require name --require phone --field note --reusable --limit 20

Arguments and options:
  <amount>            whole baht, within the proxy's MAEMANEE_AMOUNT_MIN..MAEMANEE_AMOUNT_MAX (not with --item)
  <description>       what is paid for, shown on the pay page and in chat previews (with --item: optional, default
                      the items' names)
  --item N:P[:Q|:A-B] an item: its name, its price in whole baht, and how many: a fixed quantity (default 1), or a
                      range the buyer picks from on the page (1-5). Repeat for each item (at most 20)
  --field KEY         ask the buyer for name, phone (a Thai mobile number), address or note; repeat for each
  --require KEY       as --field, and the buyer must give it before paying
  --reusable          many buyers, each with their own bill (default: one payment)
  --limit N           with --reusable: at most N paid orders (your stock)
  --ref1 R            your reference, beginning with link- (default: link-<id>)
  --expires-in S      seconds the link can be paid (default 7 days, at most 90 days)
  --page-lang th|en   the pay page's language (default: the payer's browser's)
  --lang th|en        the language of what this prints (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)
  --tz ZONE           the time zone of what this prints, an IANA name (default Asia/Bangkok)
  --json              the link as JSON (times in ISO UTC), and no QR
${ENDPOINT_HELP}`,
  options: {
    endpoint: { type: 'string' },
    item: { type: 'string', multiple: true },
    field: { type: 'string', multiple: true },
    require: { type: 'string', multiple: true },
    reusable: { type: 'boolean' },
    limit: { type: 'string' },
    ref1: { type: 'string' },
    'expires-in': { type: 'string' },
    'page-lang': { type: 'string' },
    lang: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const items = ((values.item as string[] | undefined) ?? []).map(parseItem);
    let amount: number | undefined;
    let description: string | undefined;
    if (items.length) {
      if (positionals.length > 1 || /^\d+$/.test(positionals[0] ?? '')) {
        throw new CliError('with --item the proxy totals the items: give no amount, only a description if you want one (quote it if it has spaces)');
      }
      description = positionals[0];
    } else {
      const [amountText, text, ...extra] = positionals;
      if (amountText === undefined || text === undefined || extra.length > 0) {
        throw new CliError('give an amount and a description, e.g. maemanee-pay link 250 "Red shirt" (quote a description with spaces), or --item for each item');
      }
      if (!/^\d+$/.test(amountText)) throw new CliError(`the amount is whole baht, like 250, not "${amountText}"`);
      amount = Number(amountText);
      description = text;
    }
    const limit = wholeNumberArg('--limit', values.limit as string | undefined, 1);
    if (limit !== undefined && !values.reusable) throw new CliError('--limit is for a link many buyers use: add --reusable');
    const pageLang = values['page-lang'] as 'th' | 'en' | undefined;
    if (pageLang !== undefined && pageLang !== 'th' && pageLang !== 'en') throw new CliError(`--page-lang must be th or en, not "${pageLang}"`);
    const lang = langOption(values.lang, io.env);
    const zone = zoneOption(values.tz, lang);
    const fields = parseFields((values.field as string[] | undefined) ?? [], (values.require as string[] | undefined) ?? []);
    const request: NewLinkRequest = {
      ...(items.length ? { items } : { amount }),
      ...(fields.length ? { fields } : {}),
      ...(values.reusable ? { reusable: true } : {}),
      ...(limit !== undefined ? { limit } : {}),
      description,
      ref1: values.ref1 as string | undefined,
      expiresIn: wholeNumberArg('--expires-in', values['expires-in'] as string | undefined, 1),
      lang: pageLang,
    };
    const target = await merchantTarget(values.endpoint, io.env);
    const link = await target.call((endpoint, secret) => createLink(endpoint, secret, request));
    if (values.json) return io.out(json(link));
    const t = CLI_TEXTS[lang];
    const url = printable(link.url);
    const lines = [printable(`${baht(link.amount)} ${link.description}`)];
    for (const item of link.items ?? []) {
      const quantity = item.adjustable ? `${item.adjustable.min}–${item.adjustable.max}` : String(item.quantity ?? 1);
      lines.push(printable(`  ${item.name}  ${baht(item.price)} × ${quantity}`));
    }
    if (link.fields?.length) lines.push(t.asks(link.fields.map((f) => `${t.fieldNames[f.key]}${f.required ? ` (${t.required})` : ''}`).join(', ')));
    if (link.reusable) lines.push(t.reusable(link.limit));
    lines.push(t.openUntil(printable(link.ref1), localTime(link.expiresAt, zone), zone));
    io.out(`${url}\n\n${terminalQr(url)}\n${lines.join('\n')}\n`);
  },
});

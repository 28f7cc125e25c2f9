/**
 * A new link's fields from a request's body, checked: what the merchant API's `POST /v1/links` and the console's
 * `POST /console/api/links` both read. Only the checks and the error: the console's tests answer through it too.
 */
import type { ProxyConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { NewLink } from '../links/links.ts';
import { parseAmount, parseDescription, parseExpiresIn, parseFields, parseItems, parseLang, parseLinkRef1, parseReuse, readJsonBody } from './validate.ts';

export async function readNewLink(req: Parameters<typeof readJsonBody>[0], config: Pick<ProxyConfig, 'amountMin' | 'amountMax'>): Promise<NewLink> {
  const body = await readJsonBody(req, ['amount', 'items', 'fields', 'reusable', 'limit', 'description', 'ref1', 'expiresIn', 'lang']);
  if (body.items !== undefined && body.amount !== undefined) throw new ApiError(400, 'invalid_items', 'Send either amount or items (whose total the proxy computes), not both');
  const items = body.items === undefined ? null : parseItems(body.items, config.amountMin, config.amountMax);
  return {
    amount: items ? items.reduce((sum, item) => sum + item.price * item.quantity!, 0) : parseAmount(body.amount, config.amountMin, config.amountMax),
    // With items, what is paid for is the items, unless the seller says it otherwise.
    description: parseDescription(body.description ?? (items ? [...items.map((i) => i.name).join(', ')].slice(0, 200).join('') : undefined)),
    ref1: body.ref1 === undefined ? undefined : parseLinkRef1(body.ref1),
    expiresIn: parseExpiresIn(body.expiresIn),
    lang: parseLang(body.lang),
    items,
    fields: parseFields(body.fields),
    ...parseReuse(body.reusable, body.limit),
  };
}

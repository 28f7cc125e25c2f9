/** `/v1/links`: pay links for sellers with no checkout page. Merchant token only; the logic is the links service's. */
import { Hono } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import type { LinksService, NewLink } from '../../links/links.ts';
import type { AppEnv } from '../context.ts';
import { baseOf, merchantOnly } from '../merchant.ts';
import { ApiError } from '../../errors.ts';
import {
  parseAmount,
  parseDescription,
  parseExpiresIn,
  parseFields,
  parseItems,
  parseLang,
  parseLinkRef1,
  parseReuse,
  readJsonBody,
} from '../validate.ts';

/** A new link's fields from a request's body, checked: the merchant API's and the console's. */
export async function readNewLink(req: Parameters<typeof readJsonBody>[0], config: ProxyConfig): Promise<NewLink> {
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

export function linkRoutes({ config, links }: { config: ProxyConfig; links: LinksService }) {
  const authorise = merchantOnly(config);
  const base = (c: Parameters<typeof baseOf>[0]) => baseOf(c, '/v1/links');
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      await authorise(c);
      return c.json(await links.create(await readNewLink(c.req, config), base(c)), 201);
    })
    .get('/:id', async (c) => {
      await authorise(c);
      return c.json(await links.get(c.req.param('id'), base(c)));
    })
    .post('/:id/disable', async (c) => {
      await authorise(c);
      return c.json(await links.disable(c.req.param('id'), base(c)));
    });
}

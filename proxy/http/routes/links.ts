/** `/v1/links`: pay links for sellers with no checkout page. Merchant token only; the logic is the links service's. */
import { Hono } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import type { LinksService } from '../../links/links.ts';
import type { AppEnv } from '../context.ts';
import { baseOf, merchantOnly } from '../merchant.ts';
import { readNewLink } from '../new-link.ts';

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

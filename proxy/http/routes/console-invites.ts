/**
 * `POST /v1/console/invites`: a one-time sign-in link to the console, for the merchant (`maemanee-pay console`), by
 * merchant token as `/v1/links` is. The link is on the console's public base: MAEMANEE_PUBLIC_URL, else the base this
 * call came through.
 */
import { Hono } from 'hono';
import type { ProxyConfig } from '../../config.ts';
import type { AccessService } from '../../console/access.ts';
import type { AppEnv } from '../context.ts';
import { baseOf, merchantOnly } from '../merchant.ts';
import { readJsonBody } from '../validate.ts';
import { parseInviteRequest } from '../validate-console.ts';

export function consoleInviteRoutes({ config, access }: { config: ProxyConfig; access: AccessService }) {
  const authorise = merchantOnly(config);
  return new Hono<AppEnv>().post('/', async (c) => {
    await authorise(c);
    const request = parseInviteRequest(await readJsonBody(c.req, ['role', 'name']));
    return c.json(await access.createInvite(request, baseOf(c, '/v1/console/invites'), null), 201);
  });
}

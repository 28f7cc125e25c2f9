/**
 * The element's CDN build, served by the proxy itself, so a page can load it from its own proxy with no CDN and
 * before any npm release: `/maemanee-pay.js` (a short cache) and `/maemanee-pay@<version>.js` (immutable), byte for
 * byte the build's `dist/maemanee-pay.js`, with an ETag. A public file: any origin may load it, with SRI.
 */
import { Hono, type Context } from 'hono';
import { errorBody } from '../../errors.ts';
import { VERSION } from '../../version.ts';
import { etagOf, unchanged } from '../etag.ts';
import type { AppEnv } from '../context.ts';

/** Where a runtime finds a build (the element's, the pay page's script): read from the package on Node, bundled into the Worker. */
export type ElementSource = () => Promise<string | undefined>;

/**
 * Serves a file a build made, as the proxy serves its builds: `versioned` (an immutable cache, for a `name@<version>`
 * that is this proxy's version) or not (a short cache), with an ETag; 404 for another version, or before a build.
 */
export function builtFile(source: ElementSource) {
  let loaded: Promise<{ body: string; etag: string } | undefined> | undefined;
  const load = () => (loaded ??= source().then(async (body) => (body === undefined ? undefined : { body, etag: await etagOf(body) })));
  return async (c: Context<AppEnv>, version: string | undefined, what: string) => {
    const file = await load();
    if ((version !== undefined && version !== VERSION) || !file) {
      return c.json(errorBody('not_found', file ? `This proxy serves version ${VERSION} of ${what}` : `${what[0].toUpperCase()}${what.slice(1)} is not built: run npm run build`), 404);
    }
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    c.header('ETag', file.etag);
    c.header('Access-Control-Allow-Origin', '*');
    if (unchanged(c.req.header('if-none-match'), file.etag)) return c.body(null, 304);
    return c.body(file.body);
  };
}

export function elementRoutes(source: ElementSource) {
  const serve = builtFile(source);
  return new Hono<AppEnv>().get('/:file{maemanee-pay(@[0-9A-Za-z.+-]+)?\\.js}', (c) => serve(c, /@(.+)\.js$/.exec(c.req.param('file'))?.[1], 'the element'));
}

/**
 * The seller's console, served by the proxy itself: `/console/` (the page), `/console/assets/*` (its scripts, named
 * by their content, so immutable), the web app manifest and the icons, each with an ETag and 304. The page allows no
 * inline script, no other origin's, and no markup written by script outside Lit's Trusted Types policy. Its API,
 * `/console/api/*`, is routes/console.ts's: these match only file names, which no API route is.
 */
import { Hono, type Context } from 'hono';
import { errorBody } from '../../errors.ts';
import type { AppEnv } from '../context.ts';
import { etagOf, unchanged } from '../etag.ts';

/** Where a runtime finds the console's build: `dist/console.json` as text, read from the package on Node, bundled into the Worker. */
export type ConsoleAppSource = () => Promise<string | undefined>;

/** One file of the build, as `vite build --mode console` writes it into `console.json`: text, or an image in base64. */
interface BuiltFile {
  type: string;
  text?: string;
  base64?: string;
}

interface Served {
  type: string;
  body: string | Uint8Array<ArrayBuffer>;
  etag: string;
}

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html";

async function serve(file: BuiltFile): Promise<Served> {
  const body = file.base64 === undefined ? (file.text ?? '') : Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  return { type: file.type, body, etag: await etagOf(body) };
}

export function consoleAppRoutes(source: ConsoleAppSource) {
  let loaded: Promise<Map<string, Served> | undefined> | undefined;
  const load = () =>
    (loaded ??= source().then(async (text) => {
      if (text === undefined) return undefined;
      const files = Object.entries(JSON.parse(text) as Record<string, BuiltFile>);
      return new Map(await Promise.all(files.map(async ([path, file]) => [path, await serve(file)] as const)));
    }));

  async function answer(c: Context<AppEnv>, path: string, cacheControl: string) {
    const files = await load();
    const file = files?.get(path);
    if (!file) return c.json(errorBody('not_found', files ? 'No such file in the console' : 'The console is not built: run npm run build'), 404);
    c.header('Content-Type', file.type);
    c.header('Cache-Control', cacheControl);
    c.header('ETag', file.etag);
    if (file.type.startsWith('text/html')) {
      c.header('Content-Security-Policy', CONSOLE_CSP);
      c.header('Referrer-Policy', 'no-referrer');
    }
    if (unchanged(c.req.header('if-none-match'), file.etag)) return c.body(null, 304);
    return c.body(file.body);
  }

  return (
    new Hono<AppEnv>()
      // The page's URLs are relative to /console/, so /console itself sends the browser there.
      .get('/console', (c) => c.redirect('console/', 308))
      // Revalidated each time (a 304 while unchanged): a new build's page names its new scripts at once.
      .get('/console/', (c) => answer(c, 'index.html', 'no-cache'))
      .get('/console/assets/:file{[\\w.-]+\\.js}', (c) => answer(c, `assets/${c.req.param('file')}`, 'public, max-age=31536000, immutable'))
      .get('/console/:file{[\\w.-]+\\.(?:png|webmanifest)}', (c) => answer(c, c.req.param('file'), 'public, max-age=86400'))
  );
}

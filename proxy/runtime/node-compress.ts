/**
 * Compressed answers on Node, as Cloudflare compresses a Worker's at its edge: a text answer of 1 KiB or more (the
 * pay page, its stylesheet, the element's file, a long list) goes out in brotli or gzip to a client that accepts
 * either, brotli first. Every answer of a text type says `Vary: Accept-Encoding`. A compressed answer's ETag is made
 * weak (the same content in other bytes), which the element's route compares weakly, so a cached copy is still
 * answered 304; a client that asks for no encoding gets the identity bytes and the strong ETag.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Below this, compression saves less than it costs. */
const THRESHOLD_BYTES = 1024;

/** Fast settings (the element's file: brotli 5 takes it from 27.9 KiB to 10.5 KiB in under 1 ms, off the event loop). */
const ENCODERS = {
  br: (body: Uint8Array) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body: Uint8Array) => promisify(gzip)(body, { level: 6 }),
};
type Encoding = keyof typeof ENCODERS;

/** The encoding the client accepts with the highest weight, brotli at a tie; none for a client that names neither. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepts = parseAccept(acceptEncoding);
  const weight = (name: string) => (accepts.find((a) => a.type.toLowerCase() === name) ?? accepts.find((a) => a.type === '*'))?.q ?? 0;
  const [best] = (Object.keys(ENCODERS) as Encoding[]).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best;
}

/**
 * The app's answers are built in memory with mutable headers; the Node server writes one untouched straight from its
 * string, so an answer left as it is (no encoding asked for: a server, curl, a load test) only gains its Vary header
 * and costs nothing more. Only an answer to be compressed is read.
 */
export function compressed(fetch: FetchHandler): FetchHandler {
  return async (request, env) => {
    const response = await fetch(request, env);
    const headers = response.headers;
    if (
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('content-type') ?? '') ||
      headers.has('content-encoding') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headers.get('cache-control') ?? '')
    ) {
      return response;
    }
    if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(headers.get('vary') ?? '')) headers.append('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(request.headers.get('accept-encoding'));
    if (!encoding || request.method === 'HEAD' || [204, 206].includes(response.status)) return response;
    const weak = () => {
      const etag = headers.get('etag');
      if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    };
    // A 304 names the representation the client would have been sent: the compressed one, by its weak ETag.
    if (response.status === 304) {
      weak();
      return response;
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length < THRESHOLD_BYTES) return new Response(body, { status: response.status, headers });
    const packed = await ENCODERS[encoding](body);
    headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(packed.length));
    weak();
    return new Response(packed, { status: response.status, headers });
  };
}

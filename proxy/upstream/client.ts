/**
 * The client for tmweasy's api_mn.php: one function per upstream method, trying the configured hosts in order.
 * Credentials travel in the query string (the upstream's design), so URLs built here never leave this module:
 * faults name the host by its position only.
 */
import {
  readAmount,
  readBody,
  readId,
  readMessage,
  readPayUrl,
  readQr,
  readStatus,
  readTimeOut,
  UpstreamFault,
  type Refusal,
} from './parse.ts';
import { scrubSecrets } from '../safe-text.ts';

export { UpstreamFault, type Refusal } from './parse.ts';

export interface UpstreamOptions {
  urls: string[];
  user: string;
  password: string;
  conId: string;
  /** Per attempt. */
  timeoutMs: number;
  /** How long a host that faulted is tried after the others. */
  cooldownMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Told of each failed attempt, with nothing secret in it. */
  onFault?: (event: { method: string; host: number; kind: string; failover: boolean }) => void;
}

export interface Bill {
  id: string;
  ref1: string;
  amount: number;
  /** Seconds left; negative once expired. */
  timeOut: number;
  payUrl?: string;
  qr?: string;
}

export type Confirmation = { paid: true; id: string; ref1?: string; amount?: number } | { paid: false; msg: string };

export interface Upstream {
  createPay(amount: number, ref1: string): Promise<{ ok: true; id: string } | Refusal>;
  detailPay(id: string, withQr: boolean): Promise<({ ok: true } & Bill) | Refusal>;
  confirm(id: string, ip: string): Promise<Confirmation>;
  cancel(id: string): Promise<{ ok: true } | Refusal>;
}

/**
 * Whether a failed attempt certainly was not carried out upstream: the connection was refused or the name did not
 * resolve, or the host said it did not take the request (429, 503). A timeout, a 500 or a garbled 200 may come after
 * the call took effect. Only then may a call that changes something (create_pay, which makes a bill; confirm, which
 * may use up a payment's one "paid" answer) be tried on the next host.
 */
export function notCarriedOut(fault: UpstreamFault): boolean {
  return fault.kind === 'unreachable' || fault.httpStatus === 429 || fault.httpStatus === 503;
}

const CONNECT_FAILURE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|connection refused|could not resolve/i;

function describeFetchError(error: unknown): UpstreamFault {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new UpstreamFault('timeout', 'upstream did not answer in time');
  const detail = `${err?.cause?.code ?? ''} ${err?.cause?.message ?? ''} ${err?.message ?? ''}`;
  return CONNECT_FAILURE.test(detail)
    ? new UpstreamFault('unreachable', 'upstream refused the connection')
    : new UpstreamFault('bad_response', 'upstream connection failed mid-request');
}

/**
 * A refusal's message is passed on to logs, errors and reports; an upstream that echoes the query must not put
 * credentials there, however short (a con_id of one digit).
 */
export function scrubCredentials(credentials: Pick<UpstreamOptions, 'user' | 'password' | 'conId'>, msg: string): string {
  return scrubSecrets(msg, [credentials.password, credentials.user, credentials.conId]);
}

/**
 * One call to one host, its answer as the upstream's JSON object, or an UpstreamFault. The proxy's calls go through
 * `createUpstream`; `maemanee-pay doctor` asks each host itself, with made-up credentials too.
 */
export async function askHost(
  options: Pick<UpstreamOptions, 'user' | 'password' | 'conId' | 'timeoutMs' | 'fetch'>,
  hostUrl: string,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const url = new URL(hostUrl);
  const query = { username: options.user, password: options.password, con_id: options.conId, ...params };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'manual', // a redirect would carry the credentials to another host
    });
  } catch (error) {
    throw describeFetchError(error);
  }
  try {
    return await readBody(response);
  } catch (error) {
    if (error instanceof UpstreamFault) throw error;
    throw describeFetchError(error); // the body timed out or the connection dropped while reading it
  }
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const refusal = (raw: Record<string, unknown>) => ({ ok: false as const, msg: scrubCredentials(options, readMessage(raw)) });
  const now = options.now ?? Date.now;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const demotedUntil = options.urls.map(() => 0);

  /** Healthy hosts in configured order, then hosts still cooling down after a fault. */
  function hostOrder(): number[] {
    const all = options.urls.map((_, i) => i);
    const t = now();
    return [...all.filter((i) => demotedUntil[i] <= t), ...all.filter((i) => demotedUntil[i] > t)];
  }

  async function call<T>(
    params: Record<string, string>,
    interpret: (raw: Record<string, unknown>) => T,
    mayFailOver: (fault: UpstreamFault) => boolean,
  ): Promise<T> {
    let last: UpstreamFault | undefined;
    for (const host of hostOrder()) {
      try {
        const result = interpret(await askHost(options, options.urls[host], params));
        demotedUntil[host] = 0;
        return result;
      } catch (error) {
        if (!(error instanceof UpstreamFault)) throw error;
        last = error;
        demotedUntil[host] = now() + cooldownMs;
        const failover = mayFailOver(error);
        options.onFault?.({ method: params.method, host: host + 1, kind: error.kind, failover });
        if (!failover) throw error;
      }
    }
    throw last ?? new UpstreamFault('unreachable', 'no upstream host configured');
  }

  const anyFault = () => true;

  return {
    createPay(amount, ref1) {
      return call(
        { method: 'create_pay', amount: String(amount), ref1 },
        (raw) => (readStatus(raw) === 1 ? { ok: true as const, id: readId(raw.id_pay) } : refusal(raw)),
        notCarriedOut,
      );
    },
    detailPay(id, withQr) {
      // Always qr=0 or qr=1, as the upstream's documented example sends it.
      const params = { method: 'detail_pay', id_pay: id, qr: withQr ? '1' : '0' };
      return call(
        params,
        (raw) => {
          if (readStatus(raw) === 0) return refusal(raw);
          const timeOut = readTimeOut(raw.time_out);
          return {
            ok: true as const,
            id,
            ref1: typeof raw.ref1 === 'string' ? raw.ref1 : '',
            amount: readAmount(raw.amount),
            timeOut,
            payUrl: readPayUrl(raw.urlpay),
            // An expired bill may come without its QR; a payable one must have it.
            qr: withQr && (timeOut >= 0 || raw.qr_base64_image !== undefined) ? readQr(raw.qr_base64_image) : undefined,
          };
        },
        anyFault,
      );
    },
    confirm(id, ip) {
      return call(
        { method: 'confirm', id_pay: id, ip },
        (raw): Confirmation => {
          if (readStatus(raw) === 0) return { paid: false, msg: refusal(raw).msg };
          return {
            paid: true,
            id,
            ref1: typeof raw.ref1 === 'string' ? raw.ref1 : undefined,
            amount: raw.amount === undefined ? undefined : readAmount(raw.amount),
          };
        },
        // A second confirm of a paid bill may answer "already used": the mirror cannot be asked as if the first
        // attempt had not happened. The caller records the outcome as unknown.
        notCarriedOut,
      );
    },
    cancel(id) {
      return call(
        { method: 'cancel', id_pay: id },
        (raw) => (readStatus(raw) === 1 ? { ok: true as const } : refusal(raw)),
        anyFault,
      );
    },
  };
}

/** What a simulator host can be told to do wrong, as the real upstream sometimes does. */

export type FaultKind = 'none' | 'delay' | 'http500' | 'html' | 'empty' | 'broken' | 'drop';

export interface Fault {
  kind: FaultKind;
  /** For `delay`: how long before answering (normally). Every other fault may add it too. */
  delayMs?: number;
  /** Only these upstream methods are affected; all when absent. */
  methods?: string[];
  /** How many requests the fault applies to before it clears itself; forever when absent. */
  count?: number;
  /** For `drop`: the field left out of the answer, as an upstream that changed its format would. */
  field?: string;
}

const KINDS: FaultKind[] = ['none', 'delay', 'http500', 'html', 'empty', 'broken', 'drop'];

/** Parses a fault from its JSON form, as the sandbox routes receive it; throws a readable error. */
export function parseFault(input: unknown): Fault {
  const value = (input ?? {}) as Record<string, unknown>;
  if (!KINDS.includes(value.kind as FaultKind)) throw new TypeError(`kind must be one of ${KINDS.join(', ')}`);
  const fault: Fault = { kind: value.kind as FaultKind };
  if (value.delayMs !== undefined) {
    if (!Number.isInteger(value.delayMs) || (value.delayMs as number) < 0 || (value.delayMs as number) > 60_000) {
      throw new TypeError('delayMs must be a whole number of milliseconds up to 60000');
    }
    fault.delayMs = value.delayMs as number;
  }
  if (value.count !== undefined) {
    if (!Number.isInteger(value.count) || (value.count as number) < 1) throw new TypeError('count must be a positive whole number');
    fault.count = value.count as number;
  }
  if (fault.kind === 'drop') {
    if (typeof value.field !== 'string' || !/^\w{1,40}$/.test(value.field)) throw new TypeError('field must name the answer field to leave out');
    fault.field = value.field;
  }
  if (value.methods !== undefined) {
    if (!Array.isArray(value.methods) || !value.methods.every((m) => typeof m === 'string')) {
      throw new TypeError('methods must be a list of upstream method names');
    }
    fault.methods = value.methods;
  }
  return fault;
}

/** The response a fault puts in place of the real answer, or undefined to send the answer (after any delay). */
export function faultyResponse(fault: Fault, answer: object): Response | undefined {
  switch (fault.kind) {
    case 'http500':
      return new Response('<html><body><h1>500 Internal Server Error</h1></body></html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      });
    case 'html':
      return new Response('<!DOCTYPE html><html><body>Warning: mysqli_connect(): Too many connections</body></html>', {
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      });
    case 'empty':
      return new Response('', { headers: { 'content-type': 'text/html; charset=UTF-8' } });
    case 'drop': {
      const { [fault.field!]: _left, ...rest } = answer as Record<string, unknown>;
      return Response.json(rest);
    }
    case 'broken':
      return new Response(JSON.stringify(answer).slice(0, 12), { headers: { 'content-type': 'text/html; charset=UTF-8' } });
    default:
      return undefined;
  }
}

/**
 * What the proxy expects each upstream answer to hold, field by field, as `upstream/parse.ts` reads it, and how an
 * answer actually looks with its values left out: nobody outside tmweasy knows the real answers for sure (design §2),
 * so `maemanee-pay doctor` shows the two side by side.
 */
import { readAmount, readId, readNumber, readPayUrl, readQr, readTimeOut } from '../../proxy/upstream/parse.ts';
import type { ExpectKey } from './texts.ts';

interface Field {
  /** What the proxy accepts, as the report words it (texts.ts), with the values it names. */
  expect: ExpectKey;
  values?: number[];
  accepts(value: unknown): boolean;
  /** Missing is allowed (the proxy does without it). */
  optional?: true;
}

const passes = (read: (value: unknown) => unknown) => (value: unknown) => {
  try {
    read(value);
    return true;
  } catch {
    return false;
  }
};

const status = (values: number[]): Field => ({
  expect: 'status',
  values,
  accepts: (v) => values.includes(readNumber(v) ?? NaN),
});
const text: Field = { expect: 'text', accepts: (v) => typeof v === 'string' };
const id: Field = { expect: 'id', accepts: passes(readId) };
const amount: Field = { expect: 'amount', accepts: passes(readAmount) };

export const SHAPES = {
  /** Any refusal: a bill that does not exist, bad credentials, not paid yet. */
  refusal: { status: status([0]), msg: text },
  create_pay: { status: status([1]), id_pay: id },
  detail_pay: {
    status: status([1]),
    ref1: text,
    amount,
    time_out: { expect: 'timeOut', accepts: passes(readTimeOut) },
    urlpay: { expect: 'payUrl', accepts: (v) => readPayUrl(v) !== undefined, optional: true },
    qr_base64_image: { expect: 'qr', accepts: passes(readQr) },
  },
  confirm_paid: { status: status([1]), ref1: text, amount },
  cancel: { status: status([1]) },
} satisfies Record<string, Record<string, Field>>;

export type ShapeName = keyof typeof SHAPES;

/** A value's kind, never the value: "string (14 chars)", "numeric string", "number". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array (${value.length})`;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return `digits string (${value.length})`;
    if (readNumber(value) !== undefined) return 'numeric string';
    if (/^https:\/\//.test(value)) return 'https URL';
    if (value.length > 200 && /^(data:image\/\w+;base64,)?[A-Za-z0-9+/\s]+={0,2}$/.test(value)) return `base64 (${Math.round((value.length * 3) / 4 / 1024)} KB)`;
    return `string (${[...value].length} chars)`;
  }
  return typeof value;
}

export interface FieldReport {
  field: string;
  /** undefined when the answer lacks it. */
  kind?: string;
  expect?: ExpectKey;
  values?: number[];
  verdict: 'ok' | 'missing' | 'unexpected' | 'extra' | 'optional_missing';
}

/** Each expected field against the answer, then the fields the proxy does not read. */
export function compareShape(name: ShapeName, answer: Record<string, unknown>): FieldReport[] {
  const shape: Record<string, Field> = SHAPES[name];
  const reports: FieldReport[] = Object.entries(shape).map(([field, spec]) => {
    const { expect, values } = spec;
    if (!(field in answer)) return { field, expect, values, verdict: spec.optional ? 'optional_missing' : 'missing' };
    return { field, kind: kindOf(answer[field]), expect, values, verdict: spec.accepts(answer[field]) ? 'ok' : 'unexpected' };
  });
  for (const field of Object.keys(answer)) if (!(field in shape)) reports.push({ field, kind: kindOf(answer[field]), verdict: 'extra' });
  return reports;
}

/** Checks what the browser sends, before anything reaches the upstream. */
import { BUYER_FIELD_KEYS, ITEM_QUANTITY_MAX as QUANTITY_MAX, LINK_ITEMS_MAX as ITEMS_MAX, LINK_LIMIT_MAX as LIMIT_MAX, LINK_REF1_PREFIX, PAYMENT_EVENT_TYPES, type BillStatus, type BuyerField, type BuyerFieldKey, type LinkItem, type PaymentEventType } from '../../contract/http.ts';
import { totalRange } from '../../contract/order.ts';
import { ApiError } from '../errors.ts';

/**
 * A merchant's own id for the payer or order, which the upstream documents as "such as username, email, uid, phone
 * number": letters, digits and . _ : - @ +, up to 64 characters, starting with a letter, a digit or a +. Nothing that
 * could be markup, a control code, an invisible or a bidirectional-override character.
 */
export const REF1_PATTERN = /^(?=.{1,64}$)\+?[A-Za-z0-9][A-Za-z0-9._:@+-]*$/;
export const ID_PATTERN = /^\d{1,20}$/;

export function parseAmount(value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApiError(400, 'invalid_amount', 'amount must be a whole number of baht');
  }
  if (value < min || value > max) throw new ApiError(400, 'invalid_amount', `amount must be between ${min} and ${max} baht`);
  return value;
}

export function parseRef1(value: unknown): string {
  if (typeof value !== 'string' || !REF1_PATTERN.test(value)) {
    throw new ApiError(400, 'invalid_ref1', 'ref1 must be 1 to 64 letters, digits or . _ : - @ +, starting with a letter, a digit or +');
  }
  return value;
}

/**
 * Whatever follows the word (`link_x`, `link.x`, `linkx`), in any case, after a + too: each reads like a link's
 * reference (`link-<id>`) to a person or a lookup.
 */
const reservedForLinks = (ref1: string) => /^\+?link/i.test(ref1);

/** A ref1 the browser chose: never one that reads like a pay link's, which the link's URL would let anyone borrow. */
export function parseBrowserRef1(value: unknown): string {
  const ref1 = parseRef1(value);
  if (reservedForLinks(ref1)) {
    throw new ApiError(400, 'invalid_ref1', `ref1 may not begin with "link" (in any case, after a + too): that prefix is reserved for pay links`);
  }
  return ref1;
}

/** A seller's own ref1 for a pay link: it begins with `link-`, which no browser-chosen ref1 may. */
export function parseLinkRef1(value: unknown): string {
  const ref1 = parseRef1(value);
  if (!ref1.startsWith(LINK_REF1_PREFIX)) {
    throw new ApiError(400, 'invalid_ref1', `a pay link's ref1 must begin with ${LINK_REF1_PREFIX}, the prefix reserved for pay links (such as ${LINK_REF1_PREFIX}order-1001)`);
  }
  return ref1;
}

/** A whole number from the query string, or its default; 400 `invalid_query` otherwise. */
export function wholeQuery(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) > max) throw new ApiError(400, 'invalid_query', `${name} must be a whole number up to ${max}`);
  return Number(value);
}

const STATUSES: readonly BillStatus[] = ['pending', 'paid', 'expired', 'cancelled', 'needs_review'];

/** `?status=`: one of the bills' statuses, or none. */
export function parseStatus(value: string | undefined): BillStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (!STATUSES.includes(value as BillStatus)) throw new ApiError(400, 'invalid_query', `status must be one of ${STATUSES.join(', ')}`);
  return value as BillStatus;
}

/** `?refresh=1`: ask the upstream before answering; absent, empty or 0: the ledger alone. */
export function parseRefresh(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new ApiError(400, 'invalid_query', 'refresh must be 1 (ask the payment service now) or 0');
}

export function parseId(value: string): string {
  if (!ID_PATTERN.test(value)) throw new ApiError(400, 'invalid_id', 'The payment id must be digits');
  return value;
}


/** An event's id: `<type>:<id_pay>`. */
export function parseEventId(value: string): string {
  const [type, id] = value.split(':');
  if (!PAYMENT_EVENT_TYPES.includes(type as PaymentEventType) || !ID_PATTERN.test(id ?? '')) {
    throw new ApiError(400, 'invalid_id', 'An event id is <type>:<id_pay>, such as payment.paid:123456789');
  }
  return value;
}

export function parseEventType(value: string | undefined): PaymentEventType | undefined {
  if (value === undefined || value === '') return undefined;
  if (!PAYMENT_EVENT_TYPES.includes(value as PaymentEventType)) throw new ApiError(400, 'invalid_query', `type must be one of ${PAYMENT_EVENT_TYPES.join(', ')}`);
  return value as PaymentEventType;
}

const DAY = 86_400;
export const LINK_DEFAULT_SECONDS = 7 * DAY;
export const LINK_MAX_SECONDS = 90 * DAY;

/** Plain text on one line: no control character, no mark that turns text around (markup is escaped where shown). */
const oneLine = (text: string, max: number) => !!text && [...text].length <= max && !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);

/** A link's plain-text description: 1 to 200 characters, no control characters (markup is escaped where shown). */
export function parseDescription(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!oneLine(text, 200)) {
    throw new ApiError(400, 'invalid_description', 'description must be 1 to 200 characters of plain text, on one line');
  }
  return text;
}

const whole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function parseItem(value: unknown, i: number, amountMax: number): LinkItem {
  const bad = (what: string) => new ApiError(400, 'invalid_items', `items[${i}]: ${what}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('each item is an object {name, price, quantity?, adjustable?}');
  const item = value as Record<string, unknown>;
  const stranger = Object.keys(item).find((k) => !['name', 'price', 'quantity', 'adjustable'].includes(k));
  if (stranger !== undefined) throw bad(`unknown field ${stranger.slice(0, 40)}`);
  const name = typeof item.name === 'string' ? item.name.trim() : '';
  if (!oneLine(name, 100)) throw bad('name must be 1 to 100 characters of plain text, on one line');
  if (!whole(item.price, 1, amountMax)) throw bad(`price must be whole baht from 1 to ${amountMax}`);
  if (item.adjustable === undefined) {
    if (item.quantity !== undefined && !whole(item.quantity, 1, QUANTITY_MAX)) throw bad(`quantity must be a whole number from 1 to ${QUANTITY_MAX}`);
    return { name, price: item.price, quantity: (item.quantity as number | undefined) ?? 1 };
  }
  const range = item.adjustable as Record<string, unknown> | null;
  if (!range || typeof range !== 'object' || Object.keys(range).some((k) => k !== 'min' && k !== 'max') || !whole(range.min, 0, QUANTITY_MAX) || !whole(range.max, 1, QUANTITY_MAX) || range.min >= range.max) {
    throw bad(`adjustable must be {min, max}: whole numbers with 0 ≤ min < max ≤ ${QUANTITY_MAX}`);
  }
  const adjustable = { min: range.min as number, max: range.max as number };
  const quantity = item.quantity ?? Math.max(adjustable.min, 1);
  if (!whole(quantity, adjustable.min, adjustable.max)) throw bad(`quantity (where the page starts) must be within adjustable, ${adjustable.min} to ${adjustable.max}`);
  return { name, price: item.price, quantity, adjustable };
}

/**
 * A shop link's items: 1 to 20, whole baht, each with its starting quantity set. Every total a buyer can pick (all
 * at their least, all at their most, and so everything between) must be within the proxy's bounds.
 */
export function parseItems(value: unknown, amountMin: number, amountMax: number): LinkItem[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > ITEMS_MAX) {
    throw new ApiError(400, 'invalid_items', `items must be a list of 1 to ${ITEMS_MAX} items`);
  }
  const items = value.map((v, i) => parseItem(v, i, amountMax));
  const { least, most } = totalRange(items);
  if (least < Math.max(1, amountMin) || most > amountMax) {
    throw new ApiError(
      400,
      'invalid_amount',
      `every total a buyer can pick must be between ${amountMin} and ${amountMax} baht; these items total from ${least} to ${most}`,
    );
  }
  return items;
}

/** The details a shop link asks for: each key at most once, each required or not. */
export function parseFields(value: unknown): BuyerField[] {
  if (value === undefined) return [];
  const bad = (what: string) => new ApiError(400, 'invalid_fields', `fields: ${what}`);
  if (!Array.isArray(value)) throw bad(`a list of {key, required}, key one of ${BUYER_FIELD_KEYS.join(', ')}`);
  const fields = value.map((v): BuyerField => {
    const field = v as Record<string, unknown> | null;
    if (!field || typeof field !== 'object' || Object.keys(field).some((k) => k !== 'key' && k !== 'required')) throw bad('each field is {key, required}');
    if (!BUYER_FIELD_KEYS.includes(field.key as BuyerFieldKey)) throw bad(`key must be one of ${BUYER_FIELD_KEYS.join(', ')}`);
    if (field.required !== undefined && typeof field.required !== 'boolean') throw bad('required must be true or false');
    return { key: field.key as BuyerFieldKey, required: field.required === true };
  });
  if (new Set(fields.map((f) => f.key)).size !== fields.length) throw bad('each key at most once');
  return fields;
}

/** `reusable` and its `limit`: a limit only for a reusable link. */
export function parseReuse(reusable: unknown, limit: unknown): { reusable: boolean; limit: number | null } {
  if (reusable !== undefined && typeof reusable !== 'boolean') throw new ApiError(400, 'invalid_limit', 'reusable must be true or false');
  if (limit === undefined) return { reusable: reusable === true, limit: null };
  if (reusable !== true) throw new ApiError(400, 'invalid_limit', 'limit is for a reusable link: add "reusable": true');
  if (!whole(limit, 1, LIMIT_MAX)) throw new ApiError(400, 'invalid_limit', `limit must be a whole number of paid orders from 1 to ${LIMIT_MAX}`);
  return { reusable: true, limit };
}

export function parseExpiresIn(value: unknown): number {
  if (value === undefined) return LINK_DEFAULT_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 60 || value > LINK_MAX_SECONDS) {
    throw new ApiError(400, 'invalid_expires_in', `expiresIn must be whole seconds from 60 to ${LINK_MAX_SECONDS} (90 days)`);
  }
  return value;
}

export function parseLang(value: unknown): 'th' | 'en' | null {
  if (value === undefined) return null;
  if (value === 'th' || value === 'en') return value;
  throw new ApiError(400, 'invalid_lang', 'lang must be th or en');
}

/**
 * Reads a JSON object body. `text/plain` is accepted as well as `application/json` so that a cross-origin create is a
 * CORS simple request, with no preflight. Unknown fields are refused rather than ignored: nothing the proxy decides
 * (the customer's IP, say) can be slipped in beside what it reads.
 */
export async function readJsonBody(
  req: { text(): Promise<string>; header(name: string): string | undefined },
  allowed: readonly string[],
): Promise<Record<string, unknown>> {
  const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const length = req.header('content-length');
  if (type !== 'application/json' && type !== 'text/plain' && !(length === '0' || (length === undefined && type === ''))) {
    // Refused unread: the connection closes rather than carry the rest of this body into the next request.
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json or text/plain JSON', { Connection: 'close' });
  }
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new ApiError(400, 'body_incomplete', 'The body was cut off before its end');
  }
  if (text === '') return {};
  if (type !== 'application/json' && type !== 'text/plain') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json or text/plain JSON');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_json', 'The body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new ApiError(400, 'unknown_field', `Unknown field: ${unknown[0].slice(0, 40)}`);
  return body as Record<string, unknown>;
}

/**
 * The rules of a buyer's order through a shop link, shared by the proxy (which decides) and the pay page's script
 * (which tells the buyer before the tap): what the buyer may choose, how their details are written, and the total.
 * Pure functions over the contract's types: the proxy computes the total from the link, never from the page.
 */
import { BUYER_FIELD_KEYS, type BuyerDetails, type BuyerField, type BuyerFieldKey, type CheckoutRequest, type LinkItem, type OrderDetails, type OrderedItem } from './http.ts';

/** The longest each detail may be, in characters (a phone's as typed, spaces and dashes included). */
export const FIELD_MAX_LENGTH: Readonly<Record<BuyerFieldKey, number>> = { name: 100, phone: 20, address: 300, note: 300 };

/** The details that may span lines (a delivery address, a note); the others are one line. */
const MULTILINE: readonly BuyerFieldKey[] = ['address', 'note'];

/**
 * Controls, and the marks that turn text around or hide it; line feeds are judged apart. Markup is no problem: it is
 * shown as text wherever a detail is shown.
 */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/;

/** A Thai mobile number as a buyer types it (spaces and dashes allowed) as its 10 digits; undefined if it is not one. */
export function thaiMobile(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return /^0[689]\d{8}$/.test(digits) ? digits : undefined;
}

/** Why an order is refused: the code the proxy answers (400), and the item or field it is about. */
export type OrderProblem =
  | { code: 'unknown_item' }
  | { code: 'invalid_quantity'; item: number }
  | { code: 'field_required'; field: BuyerFieldKey }
  | { code: 'invalid_field'; field: BuyerFieldKey }
  | { code: 'invalid_phone'; field: BuyerFieldKey }
  | { code: 'unknown_field'; field: string }
  | { code: 'invalid_amount' };

export type OrderCheck = { ok: true; amount: number; details: OrderDetails } | { ok: false; problem: OrderProblem };

/** An order checked in full: the total and what to keep, or every problem, in the order `checkOrder` finds the first. */
export type OrderReview = { ok: true; amount: number; details: OrderDetails } | { ok: false; problems: [OrderProblem, ...OrderProblem[]] };

/** What an order is checked against: the link's items (each with its starting quantity set), fields and amount. */
export interface OrderRules {
  items: LinkItem[] | null;
  fields: readonly BuyerField[];
  amount: number;
}

/** Whether a quantity may be bought of an item: its fixed quantity, or a whole number within its range. */
export function quantityAllowed(item: LinkItem, quantity: unknown): quantity is number {
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return false;
  return item.adjustable ? quantity >= item.adjustable.min && quantity <= item.adjustable.max : quantity === (item.quantity ?? 1);
}

/** The least and the most a buyer can pay for a link's items (each adjustable one at its min, then its max). */
export function totalRange(items: readonly LinkItem[]): { least: number; most: number } {
  const sum = (quantity: (item: LinkItem) => number) => items.reduce((total, item) => total + item.price * quantity(item), 0);
  return { least: sum((item) => item.adjustable?.min ?? item.quantity ?? 1), most: sum((item) => item.adjustable?.max ?? item.quantity ?? 1) };
}

/** The total of the items at these quantities, in baht. */
export const itemsTotal = (items: readonly LinkItem[], quantities: readonly number[]) => items.reduce((sum, item, i) => sum + item.price * (quantities[i] ?? 0), 0);

/** One detail as the buyer gave it, written as it is kept: trimmed, one line or lines with `\n`, a phone as 10 digits. */
export function checkDetail(key: BuyerFieldKey, value: unknown): { value: string | undefined } | { problem: OrderProblem } {
  if (typeof value !== 'string') return { problem: { code: 'invalid_field', field: key } };
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (!text) return { value: undefined };
  if ([...text].length > FIELD_MAX_LENGTH[key] || CONTROL.test(text) || (text.includes('\n') && !MULTILINE.includes(key))) {
    return { problem: { code: 'invalid_field', field: key } };
  }
  if (key !== 'phone') return { value: text.replace(/[ \t]*\n\s*/g, '\n') };
  const phone = thaiMobile(text);
  return phone ? { value: phone } : { problem: { code: 'invalid_phone', field: key } };
}

/**
 * The buyer's choices checked against the link, within the proxy's amount bounds: the total and what to keep with the
 * bill, or every problem (the items first, then details the link does not ask for, then the fields in the link's
 * order, then the total), so that a page can say each beside its own item or field at once. The total is judged only
 * when every quantity is one the link allows: it means nothing otherwise.
 */
export function reviewOrder(rules: OrderRules, request: CheckoutRequest, bounds: { min: number; max: number }): OrderReview {
  const problems: OrderProblem[] = [];
  const quantities = request.quantities ?? [];
  const items = rules.items ?? [];
  if (!Array.isArray(quantities) || quantities.length !== items.length) problems.push({ code: 'unknown_item' });
  else {
    items.forEach((item, i) => {
      if (!quantityAllowed(item, quantities[i])) problems.push({ code: 'invalid_quantity', item: i });
    });
  }
  const itemsOk = problems.length === 0;
  const given = (request.fields ?? {}) as Record<string, unknown>;
  const fields: BuyerDetails = {};
  if (typeof given !== 'object' || Array.isArray(given)) problems.push({ code: 'unknown_field', field: '' });
  else {
    for (const stranger of Object.keys(given).filter((key) => !rules.fields.some((f) => f.key === key))) {
      problems.push({ code: 'unknown_field', field: stranger.slice(0, 40) });
    }
    for (const { key, required } of rules.fields) {
      const checked = key in given ? checkDetail(key, given[key]) : { value: undefined };
      if ('problem' in checked) problems.push(checked.problem);
      else if (checked.value === undefined && required) problems.push({ code: 'field_required', field: key });
      else if (checked.value !== undefined) fields[key] = checked.value;
    }
  }
  const amount = rules.items ? itemsTotal(items, itemsOk ? quantities : []) : rules.amount;
  if (itemsOk && (amount < Math.max(1, bounds.min) || amount > bounds.max)) problems.push({ code: 'invalid_amount' });
  const [first, ...others] = problems;
  if (first) return { ok: false, problems: [first, ...others] };
  const bought: OrderedItem[] = items.flatMap((item, i) => (quantities[i] > 0 ? [{ name: item.name, price: item.price, quantity: quantities[i] }] : []));
  return { ok: true, amount, details: { items: bought, fields } };
}

/** The buyer's choices checked as `reviewOrder` checks them, with the first problem alone: the one the proxy answers. */
export function checkOrder(rules: OrderRules, request: CheckoutRequest, bounds: { min: number; max: number }): OrderCheck {
  const review = reviewOrder(rules, request, bounds);
  return review.ok ? review : { ok: false, problem: review.problems[0] };
}

/**
 * Where a pay link's paid bill's receipt page is, below the proxy's root: `/pay/<link>/receipt/<id_pay>.<signature>`,
 * the signature being the receipt token's own (HMAC-SHA256 under the proxy's secret), so that only who holds the
 * receipt (the buyer's page, the shop) can name it.
 */
export const receiptPath = (paid: { id: string; link?: string; receipt: string }) =>
  `/pay/${paid.link}/receipt/${paid.id}.${paid.receipt.slice(paid.receipt.lastIndexOf('.') + 1)}`;

/** A time as the pages show it, in the shop's zone whatever the phone's: Asia/Bangkok. */
export const bangkok = (at: number | string, lang: string, options: Intl.DateTimeFormatOptions) =>
  new Date(at).toLocaleString(lang, { ...options, timeZone: 'Asia/Bangkok' });

/** When a payment was made, as a paid page says it (the page's script writes the same once its element turns paid). */
export const paidTime = (at: string, lang: string) => bangkok(at, lang, { dateStyle: 'medium', timeStyle: 'short' });

/** Baht as the pages show it: ฿1,250.00. */
export const money = (amount: number) => `฿${amount.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What was bought, on one line: `Red shirt ×2; Tote bag ×1`; empty for no order (or one with no items). */
export const itemsText = (order: OrderDetails | null | undefined) => order?.items.map((i) => `${i.name} ×${i.quantity}`).join('; ') ?? '';

/**
 * A shop link's order in a spreadsheet's columns, for a delivery list: the items in one, then each detail the buyer may
 * give in a column of its own. The command's `payments --csv` and the console's export both write these.
 */
export const ORDER_COLUMNS = ['items', ...BUYER_FIELD_KEYS] as const;

/** An order's cells under `ORDER_COLUMNS`; empty (undefined) where there is no order or the buyer gave no such detail. */
export const orderCells = (order: OrderDetails | null | undefined): (string | undefined)[] => [itemsText(order), ...BUYER_FIELD_KEYS.map((key) => order?.fields[key])];

/**
 * The link form's draft, as the seller typed it: the form as it stands (kept across the console's tabs), what the form
 * checks before it sends, the request it sends, the totals it shows, and where the proxy's refusal (`400` of `POST /console/api/links`) belongs on it, said in the console's
 * language. The proxy's sentence is English, written for a developer (`items[1]: price must be whole baht from 1 to
 * 50000`): its code, the item it names and the bounds it gives are read from it and said again for the seller; a
 * sentence that does not read as expected still lands by its code, only without the numbers.
 */
import { BUYER_FIELD_KEYS, ITEM_QUANTITY_MAX, LINK_ITEMS_MAX, LINK_LIMIT_MAX, type BuyerField, type BuyerFieldKey, type NewLinkRequest } from '../contract/http.ts';
import { totalRange } from '../contract/order.ts';
import { format } from './i18n/index.ts';
import type { ShopStrings } from './i18n/shop.ts';

/** A part of the form: one of its fields, an item's field, or a group (the items' total, the items, the details asked). */
export type Place =
  | 'amount'
  | 'description'
  | 'expiresIn'
  | 'total'
  | 'items'
  | 'fields'
  | 'limit'
  | `item-${number}-${'name' | 'price' | 'quantity' | 'range'}`;

export interface Problem {
  place: Place;
  message: string;
}

/** An item's row as the seller typed it: text until it is sent. */
export interface ItemDraft {
  name: string;
  price: string;
  quantity: string;
  adjustable: boolean;
  min: string;
  max: string;
}

/**
 * The form as the seller filled it in: one amount, or items; the details to ask and many buyers. What the shop's
 * options hold counts only while they are open: folded, the draft has no items, no details and one buyer.
 */
export interface LinkDraft {
  amount: string;
  description: string;
  expiresIn: number;
  items: ItemDraft[];
  fields: BuyerField[];
  reusable: boolean;
  limit: string;
}

/** Whether the buyer is asked a detail, and must give it. */
export type Ask = 'no' | 'optional' | 'required';

/** A new link's lifetime unless the seller picks another, in seconds: a week. */
export const DEFAULT_EXPIRY = 7 * 24 * 3600;

/**
 * The form as it stands, every field as typed, the shop's options folded or not (what they hold is kept while folded,
 * though the draft leaves it out): what the console keeps while the seller looks elsewhere.
 */
export interface FormState {
  amount: string;
  description: string;
  expiresIn: number;
  /** Whether the shop link's options are unfolded. */
  shop: boolean;
  items: ItemDraft[];
  asks: Record<BuyerFieldKey, Ask>;
  reusable: boolean;
  limit: string;
}

export const BLANK_FORM: Readonly<FormState> = {
  amount: '',
  description: '',
  expiresIn: DEFAULT_EXPIRY,
  shop: false,
  items: [],
  asks: { name: 'no', phone: 'no', address: 'no', note: 'no' },
  reusable: false,
  limit: '',
};

/** A kept form (`kept-draft.ts`) over the blank one: a field of an unexpected type (an older console's) is left blank. */
export function formFrom(kept: unknown): FormState {
  const form: Record<string, unknown> = { ...BLANK_FORM };
  if (kept && typeof kept === 'object') {
    for (const [key, blank] of Object.entries(BLANK_FORM)) {
      const value = (kept as Record<string, unknown>)[key];
      if (typeof value === typeof blank && Array.isArray(value) === Array.isArray(blank)) form[key] = value;
    }
  }
  return form as unknown as FormState;
}

/** Whether the form is as it opens, with nothing to keep. */
export const isBlank = (form: FormState) => JSON.stringify(form) === JSON.stringify(BLANK_FORM);

export const newItem = (): ItemDraft => ({ name: '', price: '', quantity: '1', adjustable: false, min: '1', max: '5' });

/** What the form holds, as the request will be made of it: the shop's options only while they are open. */
export function draftOf(form: FormState): LinkDraft {
  const { shop } = form;
  return {
    amount: shop && form.items.length ? '' : form.amount,
    description: form.description,
    expiresIn: form.expiresIn,
    items: shop ? form.items : [],
    fields: shop ? BUYER_FIELD_KEYS.filter((key) => form.asks[key] !== 'no').map((key): BuyerField => ({ key, required: form.asks[key] === 'required' })) : [],
    reusable: shop && form.reusable,
    limit: shop && form.reusable ? form.limit : '',
  };
}

const wholeIn = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;
/** Plain text on one line, as the proxy takes a name or a description: no control, no mark that turns text around. */
const oneLine = (text: string, max: number) => !!text.trim() && [...text.trim()].length <= max && !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);

/** Whether an item's range reads as one: whole numbers, 0 ≤ min < max ≤ 99. */
export const rangeOk = (item: Pick<ItemDraft, 'min' | 'max'>) =>
  wholeIn(item.min, 0, ITEM_QUANTITY_MAX - 1) && wholeIn(item.max, 1, ITEM_QUANTITY_MAX) && Number(item.min) < Number(item.max);

/** The request a checked draft makes: with items, no amount (the proxy totals them), and no description unless given. */
export function requestOf(draft: LinkDraft): NewLinkRequest {
  const description = draft.description.trim();
  return {
    ...(draft.items.length
      ? {
          items: draft.items.map((item) => ({
            name: item.name.trim(),
            price: Number(item.price),
            ...(item.adjustable ? { adjustable: { min: Number(item.min), max: Number(item.max) } } : { quantity: Number(item.quantity) }),
          })),
        }
      : { amount: Number(draft.amount) }),
    ...(description ? { description } : {}),
    expiresIn: draft.expiresIn,
    ...(draft.fields.length ? { fields: draft.fields } : {}),
    ...(draft.reusable ? { reusable: true, ...(draft.limit.trim() ? { limit: Number(draft.limit) } : {}) } : {}),
  };
}

/**
 * The items' totals as the seller types, in baht (what is not yet a number counts 0): where the page starts (an
 * adjustable item at its least, but at least one, as the proxy starts it), and the least and the most a buyer can pay.
 * The proxy computes the real ones.
 */
export function draftTotals(items: readonly ItemDraft[]): { start: number; least: number; most: number } {
  const n = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : 0);
  const start = items.reduce((total, item) => total + n(item.price) * (item.adjustable ? Math.max(n(item.min), 1) : n(item.quantity)), 0);
  const priced = items.map((item) => ({ name: '', price: n(item.price), quantity: n(item.quantity), ...(item.adjustable ? { adjustable: { min: n(item.min), max: n(item.max) } } : {}) }));
  return { start, ...totalRange(priced) };
}

/** What the form checks before it sends: each field the proxy would refuse for its own shape (the bounds are the proxy's). */
export function checkDraft(s: ShopStrings, draft: LinkDraft): Problem[] {
  const problems: Problem[] = [];
  if (!draft.items.length && !wholeIn(draft.amount, 1, Number.MAX_SAFE_INTEGER)) problems.push({ place: 'amount', message: s.needAmount });
  if ((draft.description.trim() || !draft.items.length) && !oneLine(draft.description, 200)) problems.push({ place: 'description', message: s.needDescription });
  draft.items.forEach((item, i) => {
    if (!oneLine(item.name, 100)) problems.push({ place: `item-${i}-name`, message: s.needName });
    if (!wholeIn(item.price, 1, Number.MAX_SAFE_INTEGER)) problems.push({ place: `item-${i}-price`, message: s.needPrice });
    if (item.adjustable ? !rangeOk(item) : !wholeIn(item.quantity, 1, ITEM_QUANTITY_MAX)) {
      problems.push(item.adjustable ? { place: `item-${i}-range`, message: s.needRange } : { place: `item-${i}-quantity`, message: s.needQuantity });
    }
  });
  if (draft.reusable && draft.limit.trim() && !wholeIn(draft.limit, 1, LINK_LIMIT_MAX)) problems.push({ place: 'limit', message: s.needLimit });
  return problems;
}

/**
 * The proxy's refusal of a new link, placed and said for the seller; undefined for a refusal that is no field's (the
 * view says it as any failed call).
 */
export function placeRefusal(s: ShopStrings, error: { code: string; message: string }, withItems: boolean): Problem | undefined {
  const { message } = error;
  switch (error.code) {
    case 'invalid_amount': {
      const [, min, max] = /between (\d+) and (\d+) baht/.exec(message) ?? [];
      if (!withItems) return { place: 'amount', message: min ? format(s.amountBounds, { min, max }) : s.amountRefused };
      const [, least, most] = /total from (\d+) to (\d+)/.exec(message) ?? [];
      return { place: 'total', message: min && least ? format(s.totalBounds, { min, max, least, most }) : s.totalRefused };
    }
    case 'invalid_items': {
      const [, index, what] = /^items\[(\d+)\]: (\w+)/.exec(message) ?? [];
      const i = Number(index);
      if (what === 'name') return { place: `item-${i}-name`, message: s.needName };
      if (what === 'price') {
        const [, max] = /from 1 to (\d+)/.exec(message) ?? [];
        return { place: `item-${i}-price`, message: max ? format(s.priceBounds, { max }) : s.needPrice };
      }
      if (what === 'quantity') return { place: `item-${i}-quantity`, message: s.needQuantity };
      if (what === 'adjustable') return { place: `item-${i}-range`, message: s.needRange };
      return { place: 'items', message: format(s.needItems, { max: LINK_ITEMS_MAX }) };
    }
    case 'invalid_description':
      return { place: 'description', message: s.needDescription };
    case 'invalid_limit':
      return { place: 'limit', message: s.needLimit };
    case 'invalid_fields':
      return { place: 'fields', message: s.detailsRefused };
    case 'invalid_expires_in':
      return { place: 'expiresIn', message: s.expiryRefused };
  }
  return undefined;
}

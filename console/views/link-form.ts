/**
 * `<console-link-form>`: makes a pay link. The plain link first (one amount, a description, how long it stays open);
 * "sell items" unfolds the shop link's options from it: items (each with its price, and a fixed quantity or the range
 * the buyer picks from), the buyer's details to ask, many buyers with an optional limit. The total follows what the
 * seller types; the proxy computes the real one. A problem, the form's own or the proxy's refusal, is said beside its
 * field in the console's language, tied to it for a screen reader, and the focus goes there. Dispatches
 * `console-link-made` with the new `Link`.
 */
import { css, html, nothing } from 'lit';
import { BUYER_FIELD_KEYS, ITEM_QUANTITY_MAX, LINK_ITEMS_MAX, LINK_LIMIT_MAX, type BuyerField, type BuyerFieldKey, type Link } from '../../contract/http.ts';
import { ApiError } from '../api.ts';
import { money } from '../format.ts';
import { format } from '../i18n/index.ts';
import { SHOP_TEXTS } from '../i18n/shop.ts';
import { checkDraft, draftTotals, placeRefusal, requestOf, type ItemDraft, type LinkDraft, type Place, type Problem } from '../link-draft.ts';
import { styles } from '../styles.ts';
import { ConsoleView } from '../view.ts';

const HOUR = 3600;
const EXPIRIES = [
  ['expiry1h', HOUR],
  ['expiry1d', 24 * HOUR],
  ['expiry7d', 7 * 24 * HOUR],
  ['expiry30d', 30 * 24 * HOUR],
  ['expiry90d', 90 * 24 * HOUR],
] as const;
const DEFAULT_EXPIRY = 7 * 24 * HOUR;

type Ask = 'no' | 'optional' | 'required';
const NO_ASKS: Record<BuyerFieldKey, Ask> = { name: 'no', phone: 'no', address: 'no', note: 'no' };

const newItem = (): ItemDraft => ({ name: '', price: '', quantity: '1', adjustable: false, min: '1', max: '5' });

/** Where the focus goes for a problem with a group rather than a field. */
const FOCUS: Partial<Record<Place, string>> = { total: '#item-0-price', items: '[data-add-item]', fields: '#field-name' };

export class LinkForm extends ConsoleView {
  static override styles = [
    styles,
    css`
      .check {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        min-height: 44px;
      }
      .check input {
        width: 1.5rem;
        height: 1.5rem;
        min-height: 0;
        margin: 0;
        flex: none;
      }
      fieldset fieldset {
        border: 1px solid var(--line);
        border-radius: 10px;
        padding: 0.75rem;
      }
      legend {
        font-weight: 700;
        padding: 0 0.25rem;
      }
      .field-error {
        color: var(--bad);
        font-weight: 600;
      }
      .total {
        font-size: 1.1rem;
      }
    `,
  ];

  static override properties = {
    ...ConsoleView.properties,
    shop: { state: true },
    items: { state: true },
    asks: { state: true },
    reusable: { state: true },
    problems: { state: true },
    creating: { state: true },
  };

  /** Whether the shop link's options are unfolded. */
  private shop = false;
  private items: ItemDraft[] = [];
  private asks: Record<BuyerFieldKey, Ask> = { ...NO_ASKS };
  private reusable = false;
  private problems: Problem[] = [];
  private creating = false;

  private get s() {
    return SHOP_TEXTS[this.t.lang];
  }

  /** What the form holds, as the request will be made of it: the shop's options only while they are open. */
  private draft(data: FormData): LinkDraft {
    const text = (name: string) => String(data.get(name) ?? '');
    return {
      amount: text('amount'),
      description: text('description'),
      expiresIn: Number(data.get('expiresIn')),
      items: this.shop ? this.items : [],
      fields: this.shop ? BUYER_FIELD_KEYS.filter((key) => this.asks[key] !== 'no').map((key): BuyerField => ({ key, required: this.asks[key] === 'required' })) : [],
      reusable: this.shop && this.reusable,
      limit: text('limit'),
    };
  }

  private create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const draft = this.draft(new FormData(form));
    const problems = checkDraft(this.s, draft);
    if (problems.length) return this.fail(problems);
    this.problems = [];
    this.creating = true;
    let refused: Problem | undefined;
    const link = await this.run(async () => {
      try {
        return await this.api.createLink(requestOf(draft));
      } catch (error) {
        refused = error instanceof ApiError && error.status === 400 ? placeRefusal(this.s, error, draft.items.length > 0) : undefined;
        if (!refused) throw error;
        return undefined;
      }
    });
    this.creating = false;
    if (refused) return this.fail([refused]);
    if (!link) return;
    form.reset();
    this.shop = false;
    this.items = [];
    this.asks = { ...NO_ASKS };
    this.reusable = false;
    this.dispatchEvent(new CustomEvent<Link>('console-link-made', { detail: link, bubbles: true, composed: true }));
  };

  /** Says each problem beside its place, and takes the focus to the first. */
  private async fail(problems: Problem[]) {
    this.problems = problems;
    await this.updateComplete;
    const first = problems[0].place;
    // A field's place is its control's id, but a range's, whose first end takes the focus.
    this.renderRoot.querySelector<HTMLElement>(FOCUS[first] ?? `#${first.replace(/-range$/, '-min')}`)?.focus();
  }

  private problem = (place: Place) => this.problems.find((p) => p.place === place)?.message ?? '';

  /** A field's problem is done with once the seller changes it. */
  private clear(place: Place) {
    if (this.problem(place)) this.problems = this.problems.filter((p) => p.place !== place);
  }

  private editItem(i: number, change: Partial<ItemDraft>, place: Place) {
    this.items = this.items.map((item, j) => (j === i ? { ...item, ...change } : item));
    this.clear(place);
    this.clear('total');
  }

  private addItem = async () => {
    this.items = [...this.items, newItem()];
    this.clear('items');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#item-${this.items.length - 1}-name`)?.focus();
  };

  private removeItem(i: number) {
    this.items = this.items.filter((_, j) => j !== i);
    // Their places are by index: what was said of the items no longer points where it did.
    this.problems = this.problems.filter((p) => !p.place.startsWith('item-') && p.place !== 'total');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-add-item]')?.focus());
  }

  /** A field's wiring to its problem: marked invalid, described by it. */
  private invalid = (place: Place) => (this.problem(place) ? 'true' : 'false');

  private said(place: Place) {
    const message = this.problem(place);
    return html`<p id="e-${place}" class="field-error" ?hidden=${!message}>${message}</p>`;
  }

  override render() {
    const { t, s } = this;
    const withItems = this.shop && this.items.length > 0;
    return html`<form class="card" novalidate aria-label=${t.newLink} @submit=${this.create}>
      <fieldset ?disabled=${this.creating}>
        ${withItems
          ? ''
          : html`<label
                >${t.amount}
                <input
                  id="amount"
                  name="amount"
                  type="number"
                  inputmode="numeric"
                  min="1"
                  step="1"
                  autocomplete="off"
                  aria-invalid=${this.invalid('amount')}
                  aria-describedby="e-amount"
                  @input=${() => this.clear('amount')}
                />
              </label>
              ${this.said('amount')}`}
        <label
          >${t.description}
          <input
            id="description"
            name="description"
            maxlength="200"
            autocomplete="off"
            ?required=${!withItems}
            aria-invalid=${this.invalid('description')}
            aria-describedby="description-help e-description"
            @input=${() => this.clear('description')}
          />
          <small id="description-help">${withItems ? s.descriptionOptional : t.descriptionHelp}</small>
        </label>
        ${this.said('description')}
        <label
          >${t.expiry}
          <select id="expiresIn" name="expiresIn" aria-invalid=${this.invalid('expiresIn')} aria-describedby="e-expiresIn" @change=${() => this.clear('expiresIn')}>
            ${EXPIRIES.map(([key, seconds]) => html`<option value=${seconds} ?selected=${seconds === DEFAULT_EXPIRY}>${t[key]}</option>`)}
          </select>
        </label>
        ${this.said('expiresIn')}
        <button type="button" class="quiet" data-shop aria-expanded=${this.shop ? 'true' : 'false'} aria-controls="shop" @click=${() => (this.shop = !this.shop)}>
          ${s.shopOptions}
        </button>
        <div id="shop" class="shop" ?hidden=${!this.shop}>
          <p class="help">${s.shopHelp}</p>
          ${this.itemsView()} ${this.detailsView()} ${this.buyersView()}
        </div>
      </fieldset>
      <p role="alert" class=${this.problems.length ? 'field-error' : 'visually-hidden'}>${this.problems.length ? s.fix : ''}</p>
      ${this.errorView()}
      <button type="submit" ?disabled=${this.creating}>${this.creating ? t.creating : t.create}</button>
    </form>`;
  }

  private itemsView() {
    const s = this.s;
    const totals = draftTotals(this.items);
    return html`<fieldset aria-describedby="items-help e-items e-total">
      <legend>${s.items}</legend>
      <small id="items-help" class="help">${s.itemsHelp}</small>
      ${this.items.map((item, i) => this.itemView(item, i))}
      ${this.items.length
        ? html`<p class="total" data-total>
            <strong>${format(s.total, { amount: money(totals.start) })}</strong>
            ${totals.least !== totals.most
              ? html`<br /><span class="muted">${format(s.totalRange, { least: money(totals.least), most: money(totals.most) })}</span>`
              : ''}
          </p>`
        : ''}
      ${this.said('total')} ${this.said('items')}
      ${this.items.length < LINK_ITEMS_MAX
        ? html`<button type="button" class="quiet" data-add-item @click=${this.addItem}>${s.addItem}</button>`
        : html`<p class="help" data-items-max>${format(s.itemsMax, { max: LINK_ITEMS_MAX })}</p>`}
    </fieldset>`;
  }

  private itemView(item: ItemDraft, i: number) {
    const s = this.s;
    const place = (part: 'name' | 'price' | 'quantity' | 'range'): Place => `item-${i}-${part}`;
    /** A whole number of the item's, tied to the problem of its place (the range's for its two ends). */
    const number = (part: 'price' | 'quantity' | 'min' | 'max', label: string, min: number, max: number | undefined, at: Place) => html`<label
      >${label}
      <input
        id="item-${i}-${part}"
        name="item-${i}-${part}"
        type="number"
        inputmode="numeric"
        min=${min}
        max=${max ?? nothing}
        step="1"
        autocomplete="off"
        .value=${item[part]}
        aria-invalid=${this.invalid(at)}
        aria-describedby="e-${at}"
        @input=${(e: Event) => this.editItem(i, { [part]: (e.target as HTMLInputElement).value }, at)}
      />
    </label>`;
    return html`<fieldset data-item=${i}>
      <legend>${format(s.itemN, { n: i + 1 })}</legend>
      <label
        >${s.itemName}
        <input
          id="item-${i}-name"
          name="item-${i}-name"
          maxlength="100"
          autocomplete="off"
          .value=${item.name}
          aria-invalid=${this.invalid(place('name'))}
          aria-describedby="e-${place('name')}"
          @input=${(e: Event) => this.editItem(i, { name: (e.target as HTMLInputElement).value }, place('name'))}
        />
      </label>
      ${this.said(place('name'))}
      <div class="grid2">
        ${number('price', s.itemPrice, 1, undefined, place('price'))}
        ${item.adjustable ? '' : number('quantity', s.itemQuantity, 1, ITEM_QUANTITY_MAX, place('quantity'))}
      </div>
      ${this.said(place('price'))} ${item.adjustable ? '' : this.said(place('quantity'))}
      <label class="check">
        <input
          type="checkbox"
          name="item-${i}-adjustable"
          .checked=${item.adjustable}
          @change=${(e: Event) => this.editItem(i, { adjustable: (e.target as HTMLInputElement).checked }, place(item.adjustable ? 'range' : 'quantity'))}
        />
        ${s.itemAdjustable}
      </label>
      ${item.adjustable
        ? html`<div class="grid2">
              ${number('min', s.itemMin, 0, ITEM_QUANTITY_MAX - 1, place('range'))} ${number('max', s.itemMax, 1, ITEM_QUANTITY_MAX, place('range'))}
            </div>
            ${this.said(place('range'))}`
        : ''}
      <button type="button" class="quiet" data-remove @click=${() => this.removeItem(i)}>${format(s.removeItem, { n: i + 1 })}</button>
    </fieldset>`;
  }

  private detailsView() {
    const s = this.s;
    const options: [Ask, string][] = [
      ['no', s.askNo],
      ['optional', s.askOptional],
      ['required', s.askRequired],
    ];
    return html`<fieldset aria-describedby="details-help e-fields">
      <legend>${s.details}</legend>
      <small id="details-help" class="help">${s.detailsHelp}</small>
      <div class="grid2">
        ${BUYER_FIELD_KEYS.map(
          (key) => html`<label
            >${s.field[key]}
            <select
              id="field-${key}"
              name="field-${key}"
              @change=${(e: Event) => {
                this.asks = { ...this.asks, [key]: (e.target as HTMLSelectElement).value as Ask };
                this.clear('fields');
              }}
            >
              ${options.map(([ask, label]) => html`<option value=${ask} ?selected=${this.asks[key] === ask}>${label}</option>`)}
            </select>
          </label>`,
        )}
      </div>
      ${this.said('fields')}
    </fieldset>`;
  }

  private buyersView() {
    const s = this.s;
    return html`<label class="check">
        <input
          type="checkbox"
          name="reusable"
          aria-describedby="reusable-help"
          .checked=${this.reusable}
          @change=${(e: Event) => {
            this.reusable = (e.target as HTMLInputElement).checked;
            this.clear('limit');
          }}
        />
        ${s.reusable}
      </label>
      <small id="reusable-help" class="help">${s.reusableHelp}</small>
      ${this.reusable
        ? html`<label
              >${s.limit}
              <input
                id="limit"
                name="limit"
                type="number"
                inputmode="numeric"
                min="1"
                max=${LINK_LIMIT_MAX}
                step="1"
                autocomplete="off"
                aria-invalid=${this.invalid('limit')}
                aria-describedby="limit-help e-limit"
                @input=${() => this.clear('limit')}
              />
              <small id="limit-help">${s.limitHelp}</small>
            </label>
            ${this.said('limit')}`
        : ''}`;
  }
}

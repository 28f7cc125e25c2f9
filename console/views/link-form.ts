/**
 * `<console-link-form>`: makes a pay link. The plain link first (one amount, a description, how long it stays open);
 * "sell items" unfolds the shop link's options from it: items (each with its price, and a fixed quantity or the range
 * the buyer picks from), the buyer's details to ask, many buyers with an optional limit. The total follows what the
 * seller types; the proxy computes the real one. A problem, the form's own or the proxy's refusal, is said beside its
 * field in the console's language, tied to it for a screen reader, and the focus goes there. What the seller typed is
 * kept for the tab (`kept-draft.ts`) until the link is made or the form cleared. Dispatches `console-link-made` with
 * the new `Link`.
 */
import { css, html, nothing } from 'lit';
import { BUYER_FIELD_KEYS, ITEM_QUANTITY_MAX, LINK_ITEMS_MAX, LINK_LIMIT_MAX, type Link } from '../../contract/http.ts';
import { ApiError } from '../api.ts';
import { money } from '../format.ts';
import { format } from '../i18n/index.ts';
import { SHOP_TEXTS } from '../i18n/shop.ts';
import { forgetDraft, keepDraft, keptDraft } from '../kept-draft.ts';
import { BLANK_FORM, checkDraft, draftOf, draftTotals, formFrom, isBlank, newItem, placeRefusal, requestOf, type Ask, type FormState, type ItemDraft, type Place, type Problem } from '../link-draft.ts';
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
    form: { state: true },
    problems: { state: true },
    creating: { state: true },
  };

  /** The form as the seller left it in this tab, or blank. */
  private form: FormState = formFrom(keptDraft());
  private problems: Problem[] = [];
  private creating = false;

  private get s() {
    return SHOP_TEXTS[this.t.lang];
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    // A blank form (cleared, or its link made) keeps no draft.
    if (!changed.has('form')) return;
    if (isBlank(this.form)) forgetDraft();
    else keepDraft(this.form);
  }

  /** A change to the form as it stands; `place`: the problem it answers. */
  private edit(change: Partial<FormState>, ...places: Place[]) {
    this.form = { ...this.form, ...change };
    for (const place of places) this.clear(place);
  }

  /** The text a field's event carries. */
  private typed = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;

  private clearForm = async () => {
    this.form = { ...BLANK_FORM };
    this.problems = [];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#amount')?.focus();
  };

  private create = async (event: SubmitEvent) => {
    event.preventDefault();
    const draft = draftOf(this.form);
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
    this.form = { ...BLANK_FORM };
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
    this.edit({ items: this.form.items.map((item, j) => (j === i ? { ...item, ...change } : item)) }, place, 'total');
  }

  private addItem = async () => {
    this.edit({ items: [...this.form.items, newItem()] }, 'items');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#item-${this.form.items.length - 1}-name`)?.focus();
  };

  private removeItem(i: number) {
    this.edit({ items: this.form.items.filter((_, j) => j !== i) });
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
    const { t, s, form } = this;
    const withItems = form.shop && form.items.length > 0;
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
                  .value=${form.amount}
                  aria-invalid=${this.invalid('amount')}
                  aria-describedby="e-amount"
                  @input=${(e: Event) => this.edit({ amount: this.typed(e) }, 'amount')}
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
            .value=${form.description}
            aria-invalid=${this.invalid('description')}
            aria-describedby="description-help e-description"
            @input=${(e: Event) => this.edit({ description: this.typed(e) }, 'description')}
          />
          <small id="description-help">${withItems ? s.descriptionOptional : t.descriptionHelp}</small>
        </label>
        ${this.said('description')}
        <label
          >${t.expiry}
          <select
            id="expiresIn"
            name="expiresIn"
            aria-invalid=${this.invalid('expiresIn')}
            aria-describedby="e-expiresIn"
            @change=${(e: Event) => this.edit({ expiresIn: Number(this.typed(e)) }, 'expiresIn')}
          >
            ${EXPIRIES.map(([key, seconds]) => html`<option value=${seconds} .selected=${seconds === form.expiresIn}>${t[key]}</option>`)}
          </select>
        </label>
        ${this.said('expiresIn')}
        <button type="button" class="quiet" data-shop aria-expanded=${form.shop ? 'true' : 'false'} aria-controls="shop" @click=${() => this.edit({ shop: !form.shop })}>
          ${s.shopOptions}
        </button>
        <div id="shop" class="shop" ?hidden=${!form.shop}>
          <p class="help">${s.shopHelp}</p>
          ${this.itemsView()} ${this.detailsView()} ${this.buyersView()}
        </div>
      </fieldset>
      <p role="alert" class=${this.problems.length ? 'field-error' : 'visually-hidden'}>${this.problems.length ? s.fix : ''}</p>
      ${this.errorView()}
      <div class="actions">
        <button type="submit" ?disabled=${this.creating}>${this.creating ? t.creating : t.create}</button>
        <button type="button" class="quiet" data-clear ?disabled=${this.creating} @click=${this.clearForm}>${s.clearForm}</button>
      </div>
    </form>`;
  }

  private itemsView() {
    const s = this.s;
    const { items } = this.form;
    const totals = draftTotals(items);
    return html`<fieldset aria-describedby="items-help e-items e-total">
      <legend>${s.items}</legend>
      <small id="items-help" class="help">${s.itemsHelp}</small>
      ${items.map((item, i) => this.itemView(item, i))}
      ${items.length
        ? html`<p class="total" data-total>
            <strong>${format(s.total, { amount: money(totals.start) })}</strong>
            ${totals.least !== totals.most
              ? html`<br /><span class="muted">${format(s.totalRange, { least: money(totals.least), most: money(totals.most) })}</span>`
              : ''}
          </p>`
        : ''}
      ${this.said('total')} ${this.said('items')}
      ${items.length < LINK_ITEMS_MAX
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
              @change=${(e: Event) => this.edit({ asks: { ...this.form.asks, [key]: this.typed(e) as Ask } }, 'fields')}
            >
              ${options.map(([ask, label]) => html`<option value=${ask} .selected=${this.form.asks[key] === ask}>${label}</option>`)}
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
          .checked=${this.form.reusable}
          @change=${(e: Event) => this.edit({ reusable: (e.target as HTMLInputElement).checked }, 'limit')}
        />
        ${s.reusable}
      </label>
      <small id="reusable-help" class="help">${s.reusableHelp}</small>
      ${this.form.reusable
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
                .value=${this.form.limit}
                aria-invalid=${this.invalid('limit')}
                aria-describedby="limit-help e-limit"
                @input=${(e: Event) => this.edit({ limit: this.typed(e) }, 'limit')}
              />
              <small id="limit-help">${s.limitHelp}</small>
            </label>
            ${this.said('limit')}`
        : ''}`;
  }
}

/**
 * A shop link's form: steppers for the quantities a buyer may pick, a total that follows them, and the buyer's details,
 * checked with the proxy's own rules (`contract/order.ts`) before the tap, every problem said at once beside its own
 * field (and tied to it for a screen reader). The tap sends the choices to the proxy in a POST body; the proxy checks
 * them again, totals them, holds a place and answers a signed order, which the element then pays: the bill is made at
 * the tap.
 */
import type { Checkout, CheckoutRequest, ErrorBody, PaidPayment } from '../contract/http.ts';
import { itemsTotal, money, type OrderProblem, type OrderRules, reviewOrder } from '../contract/order.ts';

/** What the proxy wrote into the form for its script: the rules, the amount bounds, and the texts in the page's language. */
interface FormData {
  rules: OrderRules;
  bounds: { min: number; max: number };
  texts: Record<string, string>;
  /** The pay button's words, with `{amount}`. */
  pay: string;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

export function runForm(form: HTMLFormElement): void {
  const data = JSON.parse(form.dataset.order!) as FormData;
  const { rules, texts } = data;
  const quantities = [...form.querySelectorAll<HTMLInputElement>('input[data-price]')];
  const fields = rules.fields.map(({ key }) => form.querySelector<Field>(`#f-${key}`)!);
  const total = form.querySelector('#total')!;
  const pay = form.querySelector<HTMLButtonElement>('.pay')!;
  const formError = form.querySelector<HTMLElement>('#form-error')!;
  const element = document.querySelector<HTMLElement & { start(): Promise<void> }>('maemanee-pay')!;
  let busy = false;

  const picked = () => quantities.map((q) => (q.value.trim() === '' ? NaN : Number(q.value)));

  function update(): void {
    const amount = itemsTotal(rules.items ?? [], picked().map((n) => (Number.isFinite(n) ? n : 0)));
    const shown = money(rules.items ? amount : rules.amount);
    total.textContent = shown;
    pay.textContent = data.pay.replace('{amount}', shown);
  }

  /** Where a problem is said: beside its item or field, else under the form. */
  function place(problem: OrderProblem): { control?: Field; message: HTMLElement } {
    if (problem.code === 'invalid_quantity') return { control: quantities[problem.item], message: form.querySelector(`#eq${problem.item}`)! };
    if ('field' in problem && problem.code !== 'unknown_field') {
      return { control: form.querySelector<Field>(`#f-${problem.field}`)!, message: form.querySelector(`#e-${problem.field}`)! };
    }
    return { message: formError };
  }

  function clear(control: Field | undefined, message: HTMLElement): void {
    control?.removeAttribute('aria-invalid');
    message.hidden = true;
    message.textContent = '';
  }

  /** Shows a message where it belongs. */
  function show(message: HTMLElement, text: string): void {
    message.textContent = text;
    message.hidden = false;
  }

  /**
   * Says every problem at once, each beside its own item or field (marked invalid), and focuses the first of those;
   * one that belongs to no field (the proxy's refusal, a total out of bounds) is said under the form, with a word that
   * the marked fields need correcting when there are some.
   */
  function say(problems: readonly (OrderProblem | { code: string })[]): void {
    for (const message of form.querySelectorAll<HTMLElement>('.error')) clear(undefined, message);
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    const general: string[] = [];
    const marked: Field[] = [];
    for (const problem of problems) {
      const { control, message } = 'item' in problem || 'field' in problem ? place(problem as OrderProblem) : { message: formError };
      const text = texts[problem.code] ?? texts.other;
      if (!control) {
        if (!general.includes(text)) general.push(text);
        continue;
      }
      show(message, text);
      control.setAttribute('aria-invalid', 'true');
      marked.push(control);
    }
    if (marked.length) general.push(texts.fix);
    show(formError, general.join(' '));
    marked[0]?.focus();
  }

  /**
   * Paid: what the buyer ordered, in the summary the proxy put beside the form (a line for each item and detail of the
   * link, in its order), as their paid order's page lists it: the items they took, the total paid, the details kept.
   */
  function summarize(paid: PaidPayment): void {
    const summary = document.querySelector('.summary[data-paid]');
    if (!summary) return;
    const counts = picked();
    summary.querySelectorAll<HTMLElement>('tbody tr').forEach((row, i) => {
      const [, count, amount] = row.children;
      row.hidden = !(counts[i] > 0);
      count.textContent = `× ${counts[i]}`;
      amount.textContent = money(rules.items![i].price * counts[i]);
    });
    summary.querySelector('tfoot td:last-child')!.textContent = money(paid.amount);
    const [terms, values] = [summary.querySelectorAll<HTMLElement>('dt'), summary.querySelectorAll<HTMLElement>('dd')];
    rules.fields.forEach(({ key }, i) => {
      const value = paid.order?.fields[key];
      terms[i].hidden = values[i].hidden = !value;
      values[i].textContent = value ?? '';
    });
  }

  form.addEventListener('click', (event) => {
    const step = (event.target as Element).closest<HTMLButtonElement>('button.step');
    if (!step || busy) return;
    const input = form.querySelector<HTMLInputElement>(`#${step.dataset.for}`)!;
    const now = Number(input.value) || 0;
    input.value = String(Math.min(Number(input.max), Math.max(Number(input.min), now + Number(step.dataset.step))));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

  form.addEventListener('input', (event) => {
    const control = event.target as Field;
    const message = control.getAttribute('aria-describedby')?.split(' ').pop();
    if (message) clear(control, form.querySelector<HTMLElement>(`#${message}`)!);
    clear(undefined, formError);
    update();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const request: CheckoutRequest = {
      quantities: picked(),
      fields: Object.fromEntries(rules.fields.map(({ key }, i) => [key, fields[i].value])),
    };
    const checked = reviewOrder(rules, request, data.bounds);
    if (!checked.ok) return say(checked.problems);
    busy = true;
    form.setAttribute('aria-busy', 'true');
    let answer: Response;
    try {
      answer = await fetch(`${location.pathname.replace(/\/+$/, '')}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        credentials: 'same-origin',
      });
    } catch {
      answer = Response.error();
    }
    const body = (await answer.json().catch(() => ({}))) as Checkout & Partial<ErrorBody>;
    busy = false;
    form.removeAttribute('aria-busy');
    if (!answer.ok) {
      const code = answer.type === 'error' ? 'network' : (body.error?.code ?? 'other');
      // Another tab of this browser ordered first: the page shows that order.
      if (code === 'order_in_progress') return location.reload();
      return say([{ code }]);
    }
    // The choices are made: they stay in view, fixed, while the element pays the order.
    for (const control of form.elements) (control as HTMLInputElement).disabled = true;
    pay.hidden = true;
    element.setAttribute('order', body.order);
    element.hidden = false;
    await customElements.whenDefined('maemanee-pay');
    await element.start();
    element.scrollIntoView({ block: 'start' });
  });

  element.addEventListener('maemanee-paid', (event) => summarize((event as CustomEvent<PaidPayment>).detail));
  update();
}

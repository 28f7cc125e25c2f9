/**
 * The demo page's own script: what a merchant's page does around the element. It asks its server for a signed
 * order, listens to the element's events, hands the receipt to its server, and shows what the server verified.
 */
const proxyUrl = document.querySelector<HTMLMetaElement>('meta[name="maemanee-proxy"]')!.content;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** The latest bill, for the sandbox panel; kept across reloads like the element keeps its bill. */
let currentBill = sessionStorage.getItem('demo-current-bill') ?? '';

function showBill(id: string) {
  currentBill = id;
  sessionStorage.setItem('demo-current-bill', id);
  $('current-bill').textContent = id;
}

/** An event's detail for the log, without the QR image and with long tokens cut short. */
function summarise(event: CustomEvent): string {
  const { qr: _qr, token, receipt, ...rest } = event.detail ?? {};
  const short = (value: unknown) => (value ? `${String(value).slice(0, 12)}…` : undefined);
  return `${event.type} ${JSON.stringify({ ...rest, token: short(token), receipt: short(receipt) })}`;
}

/** A logged time as a Thai shop reads it: Bangkok's clock, in the page's language (again when it changes). */
const showTime = (time: HTMLTimeElement) =>
  (time.textContent = new Date(time.dateTime).toLocaleTimeString(document.documentElement.lang, { timeZone: 'Asia/Bangkok' }));

for (const name of ['created', 'paid', 'expired', 'cancelled', 'error']) {
  document.addEventListener(`maemanee-${name}`, (e) => {
    const event = e as CustomEvent;
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.dateTime = new Date().toISOString();
    showTime(time);
    item.append(time, ` ${summarise(event)}`);
    $('events').prepend(item);
    if (name === 'created') showBill(event.detail.id);
    if (name === 'paid') void handOver(event.detail.receipt);
  });
}

/** The merchant's loop: the page passes the receipt on; the shop's server verifies it and credits the order. */
async function handOver(receipt: string) {
  await fetch('/api/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
  await showLedger();
}

async function showLedger() {
  const rows = (await (await fetch('/api/ledger')).json()) as { id: string; ref1: string; amount: number; via: string[] }[];
  $('ledger').replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.id = row.id;
      for (const cell of [row.id, row.ref1, `฿${row.amount.toFixed(2)}`, row.via.join(' + ')]) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function payElement(attributes: Record<string, string>): HTMLElement {
  const element = document.createElement('maemanee-pay');
  element.setAttribute('endpoint', proxyUrl);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The product's price is signed by the shop's server; a reload keeps the same order, so the same bill resumes. */
async function showProduct() {
  let order = sessionStorage.getItem('demo-order');
  if (!order) {
    order = await (await fetch('/api/orders/coffee', { method: 'POST' })).text();
    sessionStorage.setItem('demo-order', order);
  }
  const { order: token, name, amount } = JSON.parse(order);
  $('product-name').textContent = name;
  $('product-price').textContent = `฿${amount.toFixed(2)}`;
  $('product-pay').replaceChildren(payElement({ order: token }));
}

$('topup').addEventListener('submit', (event) => {
  event.preventDefault();
  const amount = $<HTMLInputElement>('topup-amount').value;
  $('topup-pay').replaceChildren(payElement({ amount, ref1: `topup-${Date.now().toString(36)}`, autostart: '' }));
});

async function sandbox(path: string, init: RequestInit) {
  if (!currentBill && path.includes('payments')) return;
  await fetch(`${proxyUrl}${path.replace(':id', currentBill)}`, init);
}
$('sim-pay').addEventListener('click', () => sandbox('/sandbox/payments/:id/pay', { method: 'POST' }));
$('sim-expire').addEventListener('click', () => sandbox('/sandbox/payments/:id/expire', { method: 'POST' }));
$('sim-fault').addEventListener('click', () =>
  sandbox('/sandbox/fault', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ kind: 'html', count: 1 }) }),
);

$('lang').addEventListener('click', () => {
  const next = document.documentElement.lang === 'th' ? 'en' : 'th';
  document.documentElement.lang = next;
  $('lang').textContent = next === 'th' ? 'English' : 'ภาษาไทย';
  for (const el of document.querySelectorAll<HTMLElement>('[data-th]')) el.textContent = el.dataset[next]!;
  for (const time of document.querySelectorAll<HTMLTimeElement>('#events time')) showTime(time);
  for (const pay of document.querySelectorAll<HTMLElement & { requestUpdate(): void }>('maemanee-pay')) pay.requestUpdate();
});

if (currentBill) showBill(currentBill);
void showProduct();
void showLedger();
export {}; // a module, so nothing here leaks into the global scope

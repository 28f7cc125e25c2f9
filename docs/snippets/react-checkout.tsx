// React 19 sets the element's properties and adds its event listeners itself.
import 'maemanee-pay';
import type { PaidDetail } from 'maemanee-pay';

export function Checkout({ order }: { order: string }) {
  const onPaid = (event: CustomEvent<PaidDetail>) =>
    fetch('/api/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt: event.detail.receipt }) });
  return <maemanee-pay endpoint="https://pay.example.com" order={order} onmaemanee-paid={onPaid} />;
}

// The page posts the receipt of maemanee-paid to your server, which verifies it, then credits the bill once.
import { verifyReceipt } from 'maemanee-pay/server';

export async function onReceipt(receipt) {
  const { id, ref1, amount, paidAt } = await verifyReceipt(process.env.MAEMANEE_SECRET, receipt);
  // INSERT … ON CONFLICT (id_pay) DO NOTHING with id, ref1, amount, paidAt; then mark order ref1 paid if amount matches
}

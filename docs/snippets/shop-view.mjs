// What the ledger knows, without waiting for a webhook: each call mints its own merchant token.
import { getPayment, listEvents, listPayments } from 'maemanee-pay/server';

const endpoint = 'https://pay.example.com';
const secret = process.env.MAEMANEE_SECRET;
const { payments } = await listPayments(endpoint, secret, { ref1: 'order-1001' }); // what happened to order 1001?
const bill = await getPayment(endpoint, secret, '123456789'); // { status, amount, paidAt, late, link, … }
const now = await getPayment(endpoint, secret, '123456789', { refresh: true }); // asks the upstream first
const { events, next } = await listEvents(endpoint, secret, { type: 'payment.paid', after: '0' }); // keep `next`

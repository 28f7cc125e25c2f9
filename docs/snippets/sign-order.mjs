// Your server signs a fixed-price order; the page carries it, and no browser can change it.
import { signOrder } from 'maemanee-pay/server';

const order = await signOrder(process.env.MAEMANEE_SECRET, { ref1: 'order-1001', amount: 390, expiresInSeconds: 1800 });
// render: <maemanee-pay endpoint="https://pay.example.com" order="${order}"></maemanee-pay>

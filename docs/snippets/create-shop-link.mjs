// A shop link from your server: two items (the buyer picks how many shirts), the buyer's details, many buyers, 20 in stock.
import { createLink } from 'maemanee-pay/server';

const link = await createLink('https://pay.example.com', process.env.MAEMANEE_SECRET, {
  items: [
    { name: 'Red shirt', price: 250, adjustable: { min: 1, max: 5 } },
    { name: 'Tote bag', price: 120 },
  ],
  fields: [
    { key: 'name', required: true },
    { key: 'phone', required: true },
    { key: 'address', required: true },
    { key: 'note', required: false },
  ],
  reusable: true,
  limit: 20,
});
console.log(link.url, link.amount); // https://pay.example.com/pay/Xb3… 370: the total the page starts at

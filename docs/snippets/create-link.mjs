// A pay link from your server: a merchant token is minted from MAEMANEE_SECRET for the call.
import { createLink } from 'maemanee-pay/server';

const link = await createLink('https://pay.example.com', process.env.MAEMANEE_SECRET, { amount: 250, description: 'Red shirt, size M' });
console.log(link.url); // https://pay.example.com/pay/Xb3…: paste it in the chat

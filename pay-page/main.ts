/**
 * The pay pages' script, served by the proxy from its own origin (`/pay/page@<version>.js`) under the pages' strict
 * Content Security Policy with Trusted Types enforced: it writes no markup, only text and attributes. On a shop
 * link's page it runs the form; on any pay page, once the element turns paid, it shows the payment as a reload
 * would; on a receipt page, it adds the buttons that print it and save it as an image.
 */
import { runForm } from './form.ts';
import { showPaid, watchElement } from './paid.ts';
import { runReceipt } from './receipt.ts';

const form = document.querySelector<HTMLFormElement>('form#order');
if (form) runForm(form);
watchElement(document, showPaid);
const receipt = document.getElementById('receipt');
if (receipt) runReceipt(receipt);

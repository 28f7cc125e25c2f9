/**
 * `maemanee-pay/server`: what a merchant's own backend needs, on WebCrypto alone (Node 20+, Workers, Deno, Bun).
 */
export { signOrder, verifyReceipt, TokenError, type Order, type ReceiptFacts, type VerifyOptions } from './tokens.ts';
export { verifyWebhook, signWebhook, WebhookError, SIGNATURE_HEADER, type PaidEvent } from './webhook-signature.ts';

/**
 * `maemanee-pay/server`: what a merchant's own backend needs, on WebCrypto alone (Node 20+, Workers, Deno, Bun).
 */
export type { ReceiptFacts, PaymentEvent, EventsPage, Link, NewLinkRequest, LinkStatus } from '../../contract/http.ts';
export { signOrder, signMerchantToken, verifyReceipt, TokenError, type Order, type VerifyOptions } from '../tokens/tokens.ts';
export { verifyWebhook, signWebhook, WebhookError, SIGNATURE_HEADER } from '../webhook/signature.ts';
export { listEvents, createLink, getLink, disableLink, MerchantApiError } from './merchant-api.ts';

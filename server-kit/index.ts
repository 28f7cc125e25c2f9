/**
 * `maemanee-pay/server`: what a merchant's own backend needs, on WebCrypto alone (Node 20+, Workers, Deno, Bun).
 */
export type {
  ReceiptFacts,
  PaymentEvent,
  WebhookEvent,
  WebhookTestEvent,
  EventsPage,
  Link,
  NewLinkRequest,
  LinkStatus,
  LinkItem,
  LinkPayment,
  BuyerField,
  BuyerFieldKey,
  BuyerDetails,
  OrderDetails,
  OrderedItem,
  BillSummary,
  BillStatus,
  PaymentsPage,
} from '../contract/http.ts';
export { signOrder, signMerchantToken, verifyReceipt, TokenError, type Order, type VerifyOptions } from './tokens.ts';
export { verifyWebhook, signWebhook, newWebhookSecret, WebhookError, ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, type WebhookHeaders } from './webhook-signature.ts';
export type { Invite, NewInviteRequest, Role } from '../contract/console.ts';
export { listEvents, listPayments, getPayment, createLink, getLink, disableLink, createConsoleInvite, MerchantApiError } from './merchant-api.ts';

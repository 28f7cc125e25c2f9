/**
 * The sandbox's QR image: a Thai QR Payment bill-payment payload (built by promptparse, a maintained EMVCo library)
 * drawn as a PNG. Tests read it back with their own decoder, so the QR is never checked by the code that wrote it.
 */
import { billPayment } from 'promptparse/generate';
import { encode } from 'uqr';
import { encodeMatrixPng, toBase64 } from './png.ts';

/** References in tag 30 are upper-case alphanumerics of at most 20 characters. */
export function qrReference(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 20) || '0';
}

export interface BillQr {
  billerId: string;
  reference1: string;
  reference2?: string;
  /** Baht. */
  amount: number;
}

export function billPaymentPayload(bill: BillQr): string {
  return billPayment({
    billerId: bill.billerId,
    ref1: qrReference(bill.reference1),
    ref2: bill.reference2 ? qrReference(bill.reference2) : undefined,
    amount: bill.amount,
  });
}

/** The bill's QR as bare base64 PNG, as `qr_base64_image` carries it. */
export async function billQrBase64(bill: BillQr): Promise<string> {
  return toBase64(await encodeMatrixPng(encode(billPaymentPayload(bill), { ecc: 'M', border: 0 }).data, 6));
}

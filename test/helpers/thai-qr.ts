/**
 * An independent reader of Thai QR Payment (EMVCo merchant-presented) bill-payment payloads, for tests: the sandbox
 * writes them with promptparse, and this reads them back by the Bank of Thailand's layout, so a QR is never checked
 * by the code that wrote it. Tag 30 carries the bill-payment AID, the biller id and up to two references; tag 54 the
 * amount; tag 63 a CRC-16/CCITT-FALSE over everything before its value.
 */

export const BILL_PAYMENT_AID = 'A000000677010112';

export interface BillPayment {
  /** Tax id (13 digits) plus a two-digit suffix. */
  billerId: string;
  reference1: string;
  reference2?: string;
  /** Baht, at most two decimals. */
  amount: number;
  merchantName?: string;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as four upper-case hex digits. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Splits an EMVCo TLV string into its fields; throws on a malformed one. */
export function parseTlv(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const id = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length) || at + 4 + length > text.length) {
      throw new SyntaxError(`malformed EMVCo field at ${at}`);
    }
    fields.set(id, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** Reads a bill-payment payload back, checking its CRC and its fixed fields. */
export function parseBillPayment(payload: string): BillPayment {
  const fields = parseTlv(payload);
  const crc = fields.get('63');
  if (!crc || crc16(payload.slice(0, -4)) !== crc) throw new SyntaxError('bad CRC');
  if (fields.get('53') !== '764' || fields.get('58') !== 'TH') throw new SyntaxError('not a Thai baht payload');
  const merchant = parseTlv(fields.get('30') ?? '');
  if (merchant.get('00') !== BILL_PAYMENT_AID) throw new SyntaxError('not a bill-payment payload');
  return {
    billerId: merchant.get('01') ?? '',
    reference1: merchant.get('02') ?? '',
    reference2: merchant.get('03'),
    amount: Number(fields.get('54')),
    merchantName: fields.get('59'),
  };
}

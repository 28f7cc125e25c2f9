/** The sandbox's Thai QR bill payments, read back by an independent reader: CRC, fields, and no real money. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from 'uqr';
import { encodeMatrixPng, toBase64 } from '../../sandbox/png.ts';
import { billPaymentPayload, qrReference } from '../../sandbox/qr.ts';
import { SANDBOX_BILLER_ID } from '../../sandbox/simulator.ts';
import { crc16, parseBillPayment } from '../helpers/thai-qr.ts';
import { decodeQrDataUrl } from '../helpers/qr.ts';

test('CRC-16/CCITT-FALSE matches the standard check value', () => {
  assert.equal(crc16('123456789'), '29B1');
});

test('a bill-payment payload carries the AID, amount, currency, country and a valid CRC', () => {
  const payload = billPaymentPayload({ billerId: '099400016550100', reference1: '123456', reference2: 'order-1001', amount: 50 });
  assert.ok(payload.startsWith('000201010212'), 'payload format 01, dynamic (12)');
  assert.match(payload, /30\d{2}0016A000000677010112/);
  assert.match(payload, /5303764/);
  assert.match(payload, /540550\.00/);
  assert.match(payload, /5802TH/);
  const back = parseBillPayment(payload);
  assert.deepEqual(back, { billerId: '099400016550100', reference1: '123456', reference2: 'ORDER1001', amount: 50, merchantName: undefined });
});

test('a tampered payload fails its CRC', () => {
  const payload = billPaymentPayload({ billerId: '099400016550100', reference1: '1', amount: 50 });
  assert.throws(() => parseBillPayment(payload.replace('50.00', '90.00')), /CRC/);
});

test('references are reduced to what tag 30 allows', () => {
  assert.equal(qrReference('order-1001/ก'), 'ORDER1001');
  assert.equal(qrReference('x'.repeat(30)).length, 20);
});

test('the PNG encoder produces an image a QR reader decodes', async () => {
  const payload = billPaymentPayload({ billerId: '099400016550100', reference1: '42', amount: 1234.5 });
  const png = await encodeMatrixPng(encode(payload, { ecc: 'M', border: 0 }).data, 4);
  assert.equal(decodeQrDataUrl(`data:image/png;base64,${toBase64(png)}`), payload);
});

test('the sandbox QR cannot move real money: its biller\'s tax id fails the Thai checksum', () => {
  const taxId = SANDBOX_BILLER_ID.slice(0, 13);
  const digits = [...taxId].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (13 - i), 0);
  assert.notEqual((11 - (sum % 11)) % 10, digits[12], `${taxId} passes the checksum`);
  const payload = billPaymentPayload({ billerId: SANDBOX_BILLER_ID, reference1: '1', amount: 5 });
  assert.equal(parseBillPayment(payload).billerId, SANDBOX_BILLER_ID, 'still a valid EMVCo bill payment');
});

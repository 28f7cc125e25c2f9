/** Reading the upstream's answers: numbers as numbers or strings, ids, QR images, pay URLs, bodies that are faults. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAmount, readBody, readNumber, readId, readPayUrl, readQr, readStatus, readTimeOut, UpstreamFault } from '../../proxy/upstream/parse.ts';

const fault = (kind: string) => (error: unknown) => error instanceof UpstreamFault && error.kind === kind;

test('status: numbers and strings, anything else is a fault', () => {
  assert.equal(readStatus({ status: 1 }), 1);
  assert.equal(readStatus({ status: '1' }), 1);
  assert.equal(readStatus({ status: 0 }), 0);
  assert.equal(readStatus({ status: '0' }), 0);
  for (const status of [undefined, null, 'ok', true, 2, '1x', '']) {
    assert.throws(() => readStatus({ status }), fault('bad_response'), `status ${JSON.stringify(status)}`);
  }
});

test('amount and time_out: numbers or numeric strings', () => {
  assert.equal(readAmount(50), 50);
  assert.equal(readAmount('50.00'), 50);
  assert.equal(readAmount('50.37'), 50.37);
  assert.equal(readAmount(0.1 + 0.2), 0.3);
  for (const bad of ['', 'abc', null, undefined, -5, 0, '1e3']) assert.throws(() => readAmount(bad), fault('bad_response'));
  assert.equal(readTimeOut(599), 599);
  assert.equal(readTimeOut('599'), 599);
  assert.equal(readTimeOut('-3'), -3);
  assert.throws(() => readTimeOut('soon'), fault('bad_response'));
});

test('id_pay: digits as a string or a number', () => {
  assert.equal(readId('123456'), '123456');
  assert.equal(readId(123456), '123456');
  for (const bad of ['12a', '', null, 1.5, '../1']) assert.throws(() => readId(bad), fault('bad_response'));
});

test('qr_base64_image: bare base64 or a data URL, always a PNG data URL out', () => {
  assert.equal(readQr('iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(readQr('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(readQr('iVBORw0K\nGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.throws(() => readQr('<svg onload=alert(1)>'), fault('bad_response'));
  assert.throws(() => readQr(undefined), fault('bad_response'));
});

test('urlpay: only https is passed on, or http to this machine (the standalone simulator\'s bill page)', () => {
  assert.equal(readPayUrl('https://pay.example/1'), 'https://pay.example/1');
  assert.equal(readPayUrl('http://127.0.0.1:8788/sandbox/payments/1'), 'http://127.0.0.1:8788/sandbox/payments/1');
  assert.equal(readPayUrl('http://localhost:8788/sandbox/payments/1'), 'http://localhost:8788/sandbox/payments/1');
  assert.equal(readPayUrl('http://pay.example/1'), undefined, 'in the clear over a network');
  assert.equal(readPayUrl('http://192.168.1.20/sandbox/payments/1'), undefined);
  assert.equal(readPayUrl('ftp://localhost/1'), undefined);
  assert.equal(readPayUrl('javascript:alert(1)'), undefined);
  assert.equal(readPayUrl(42), undefined);
});

test('bodies: HTML, empty, broken JSON and 5xx are faults, never a refusal', async () => {
  const body = (text: string, status = 200) => readBody(new Response(text, { status }));
  assert.deepEqual(await body('{"status":"0","msg":"ไม่พบ"}'), { status: '0', msg: 'ไม่พบ' });
  assert.deepEqual(await body('\uFEFF{"status":1}'), { status: 1 });
  await assert.rejects(body('<html>error</html>'), fault('not_json'));
  await assert.rejects(body(''), fault('empty'));
  await assert.rejects(body('   '), fault('empty'));
  await assert.rejects(body('{"status":1,"id_'), fault('not_json'));
  await assert.rejects(body('[1]'), fault('bad_response'));
  await assert.rejects(body('{"status":1}', 500), (e) => e instanceof UpstreamFault && e.httpStatus === 500);
  await assert.rejects(body('', 302), fault('http_status'));
});

test('numbers with thousands separators parse', () => {
  assert.equal(readNumber('1,000.00'), 1000);
  assert.equal(readAmount('12,345.50'), 12345.5);
  assert.equal(readNumber('1,00'), undefined, 'not a thousands separator');
});

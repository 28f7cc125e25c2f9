/**
 * Hardening, round two: each test names the attack or the upstream document it answers. Every one of them failed
 * before its fix.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import { billPaymentPayload } from '../../sandbox/qr.ts';
import { SANDBOX_BILLER_ID } from '../../sandbox/simulator.ts';
import { readAmount, readNumber } from '../../proxy/upstream/parse.ts';
import { call, createPayment } from '../helpers/flow.ts';
import { LIVE_ENV, recordedApp } from '../helpers/sandbox-app.ts';
import { parseBillPayment } from '../helpers/thai-qr.ts';





// 5 ---------------------------------------------------------------------------------------------------------------
test('5. the Node entry: a client that never finishes its headers is cut; a cut-off body is a 400; an early refusal closes', async () => {
  const proxy = await startNodeProxy({ ...LIVE_ENV, MAEMANEE_UPSTREAM: 'https://127.0.0.1:9/api_mn.php', MAEMANEE_DB: ':memory:' }, 0, {
    log: () => {},
    headersTimeoutMs: 600,
  });
  try {
    const { port } = new URL(proxy.url);
    const raw = (send: (s: import('node:net').Socket) => void) =>
      new Promise<{ data: string; closedAfterMs: number }>((resolve) => {
        const started = Date.now();
        const socket = connect(Number(port), '127.0.0.1', () => send(socket));
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve({ data, closedAfterMs: Date.now() - started }));
        socket.on('error', () => {});
        setTimeout(() => socket.destroy(), 5000);
      });
    const slow = await raw((s) => s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\n'));
    assert.ok(slow.closedAfterMs < 4000, `cut after ${slow.closedAfterMs} ms`);
    const cut = await raw((s) => {
      s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"amount":');
      setTimeout(() => s.end(), 100);
    });
    assert.doesNotMatch(cut.data, /HTTP\/1\.1 500/);
    const big = await raw((s) => s.write('POST /v1/payments HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 99999\r\n\r\n'));
    assert.match(big.data, /HTTP\/1\.1 413/);
    assert.match(big.data, /connection: close/i);
    assert.ok(big.closedAfterMs < 4000);
  } finally {
    await proxy.close();
  }
});



// 9 ---------------------------------------------------------------------------------------------------------------
test('9. the sandbox QR cannot move real money: its biller\'s tax id fails the Thai checksum', () => {
  const taxId = SANDBOX_BILLER_ID.slice(0, 13);
  const digits = [...taxId].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (13 - i), 0);
  assert.notEqual((11 - (sum % 11)) % 10, digits[12], `${taxId} passes the checksum`);
  const payload = billPaymentPayload({ billerId: SANDBOX_BILLER_ID, reference1: '1', amount: 5 });
  assert.equal(parseBillPayment(payload).billerId, SANDBOX_BILLER_ID, 'still a valid EMVCo bill payment');
});



// 13 --------------------------------------------------------------------------------------------------------------
test('13. an account-level refusal is a 502 upstream_refused, logged; /health says so', async () => {
  const ctx = await recordedApp(LIVE_ENV);
  const bill = await createPayment(ctx.target, 50, 'acct-1');
  ctx.simulator.credentials.password = 'changed-by-the-merchant';
  const read = await call(ctx.target, `/v1/payments/${bill.id}`, { token: bill.token });
  assert.deepEqual([read.status, read.body.id], [200, bill.id], 'a read is the ledger\'s, and asks the upstream nothing');
  for (const ref1 of ['acct-2', 'acct-3']) {
    const create = await call(ctx.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1 } });
    assert.deepEqual([create.status, create.body.error?.code], [502, 'upstream_refused']);
  }
  assert.ok(ctx.logs.some((l) => l.includes('upstream_refused') && l.includes('upstreamMsg')));
  assert.ok(!ctx.logs.some((l) => l.includes(LIVE_ENV.TMWEASY_PASSWORD)));
  const health = await call(ctx.target, '/health');
  assert.equal(health.body.upstream, 'refusing');
  ctx.stop();
});

// 14 --------------------------------------------------------------------------------------------------------------
test('14. numbers with thousands separators parse', () => {
  assert.equal(readNumber('1,000.00'), 1000);
  assert.equal(readAmount('12,345.50'), 12345.5);
  assert.equal(readNumber('1,00'), undefined, 'not a thousands separator');
});

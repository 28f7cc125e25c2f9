/**
 * The proxy on Node over real HTTP, in this process: on its embedded sandbox, in live mode in front of two standalone
 * simulator hosts (the official host and its mirror) with the first one failing in each way the upstream is known to
 * fail, and the Node entry's handling of slow, cut-off and oversized requests. What needs the build or real time:
 * test/node/node-proxy.test.ts.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_SECRET } from '../../proxy/config.ts';
import { startNodeProxy } from '../../proxy/runtime/node.ts';
import type { Fault } from '../../sandbox/index.ts';
import { call, overHttp, runFlow } from '../helpers/flow.ts';
import { LIVE_ENV } from '../helpers/sandbox-app.ts';
import { deadUrl, simulatorProxyEnv, startUpstreams } from '../helpers/servers.ts';

const PASSWORD = 'sim-password-4f9c1e';
const SECRET = 'http-test-secret-0123456789abcdef-xyz';
const TIMEOUT_MS = 300;

test('the whole flow over HTTP against the embedded sandbox', async () => {
  const proxy = await startNodeProxy({ MAEMANEE_CHECK_GAP_MS: '0', MAEMANEE_DB: ':memory:' }, 0, { log: () => {} });
  try {
    await runFlow(overHttp(proxy.url), overHttp(proxy.url), SANDBOX_SECRET);
  } finally {
    await proxy.close();
  }
});

describe('failover between two upstream hosts', () => {
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  const logs: string[] = [];
  const bodies: string[] = [];
  before(async () => {
    upstreams = await startUpstreams();
    upstreams.simulator.credentials.password = PASSWORD;
  });
  after(async () => {
    await upstreams.close();
    const everything = logs.join('\n') + bodies.join('\n');
    for (const secret of [PASSWORD, SECRET, 'api_mn.php?']) assert.ok(!everything.includes(secret), `leaked ${secret}`);
  });

  async function proxyOver(urls: string[]) {
    return startNodeProxy(
      simulatorProxyEnv(urls, { TMWEASY_PASSWORD: PASSWORD, MAEMANEE_SECRET: SECRET, MAEMANEE_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) }),
      0,
      { log: (e) => logs.push(JSON.stringify(e)) },
    );
  }

  test('first host down: every call, create included, goes through the second', async () => {
    const proxy = await proxyOver([await deadUrl(), upstreams.urls[1]]);
    try {
      await runFlow(overHttp(proxy.url), overHttp(upstreams.hosts[1].url), SECRET);
    } finally {
      await proxy.close();
    }
  });

  const faults: [string, Fault, number][] = [
    ['slow past the timeout', { kind: 'delay', delayMs: TIMEOUT_MS * 3 }, 504],
    ['answering HTML', { kind: 'html' }, 502],
    ['answering 500', { kind: 'http500' }, 502],
    ['answering an empty body', { kind: 'empty' }, 502],
    ['answering broken JSON', { kind: 'broken' }, 502],
  ];
  for (const [name, fault, status] of faults) {
    test(`first host ${name}: the first create fails safely, the retry and the flow complete through the second`, async () => {
      upstreams.hosts[0].setFault(fault);
      const proxy = await proxyOver(upstreams.urls);
      try {
        const target = overHttp(proxy.url);
        const started = Date.now();
        const first = await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'first-try' } });
        bodies.push(JSON.stringify(first.body));
        assert.equal(first.status, status, 'the first host may have created the bill, so create does not fail over');
        assert.ok(Date.now() - started < TIMEOUT_MS + 1000);
        await runFlow(target, overHttp(upstreams.hosts[1].url), SECRET);
      } finally {
        upstreams.hosts[0].setFault({ kind: 'none' });
        await proxy.close();
      }
    });
  }

  test('first host failing reads only: reads fail over with no error at all', async () => {
    upstreams.hosts[0].setFault({ kind: 'html', methods: ['detail_pay', 'confirm', 'cancel'] });
    const proxy = await proxyOver(upstreams.urls);
    try {
      await runFlow(overHttp(proxy.url), overHttp(upstreams.hosts[1].url), SECRET);
    } finally {
      upstreams.hosts[0].setFault({ kind: 'none' });
      await proxy.close();
    }
  });

  test('both hosts down: 502 at once; both slow: 504 within two timeouts', async () => {
    let proxy = await proxyOver([await deadUrl(), await deadUrl()]);
    try {
      const res = await call(overHttp(proxy.url), '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
      bodies.push(JSON.stringify(res.body));
      assert.deepEqual([res.status, res.body.error.code], [502, 'upstream_error']);
    } finally {
      await proxy.close();
    }
    for (const host of upstreams.hosts) host.setFault({ kind: 'delay', delayMs: TIMEOUT_MS * 4 });
    proxy = await proxyOver(upstreams.urls);
    try {
      const target = overHttp(proxy.url);
      const started = Date.now();
      const res = await call(target, '/v1/payments', { method: 'POST', json: { amount: 50, ref1: 'a' } });
      bodies.push(JSON.stringify(res.body));
      assert.deepEqual([res.status, res.body.error.code], [504, 'upstream_timeout']);
      assert.ok(Date.now() - started < 2 * TIMEOUT_MS + 500, 'a create tries one host only on a timeout');
    } finally {
      for (const host of upstreams.hosts) host.setFault({ kind: 'none' });
      await proxy.close();
    }
  });
});

test('the Node entry: a client that never finishes its headers is cut; a cut-off body is a 400; an early refusal closes', async () => {
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

/** The upstream client over scripted hosts: what it sends, when it fails over, and what it never tells. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUpstream, notCarriedOut, UpstreamFault } from '../../proxy/upstream/client.ts';
import { scrubSecrets } from '../../proxy/safe-text.ts';

type Reply = () => Response | Promise<Response>;
const json = (body: unknown) => () => Response.json(body);
const refused = () => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
};
const timedOut = () => {
  throw new DOMException('The operation timed out', 'TimeoutError');
};

/** A client over scripted hosts; records which host each call reached. */
function client(hosts: Record<string, Reply[]>) {
  const seen: string[] = [];
  const faults: unknown[] = [];
  const upstream = createUpstream({
    urls: Object.keys(hosts).map((h) => `https://${h}/api_mn.php`),
    user: 'merchant',
    password: 'hunter2-secret',
    conId: '77',
    timeoutMs: 1000,
    onFault: (e) => faults.push(e),
    fetch: async (input) => {
      const url = new URL(String(input));
      seen.push(`${url.host} ${url.searchParams.get('method')}`);
      const next = hosts[url.host].shift();
      if (!next) throw new Error(`unexpected call to ${url.host}`);
      return next();
    },
  });
  return { upstream, seen, faults };
}

test('sends the credentials and parameters the upstream expects', async () => {
  let query: URLSearchParams | undefined;
  const upstream = createUpstream({
    urls: ['https://a/api_mn.php'],
    user: 'u',
    password: 'p',
    conId: '9',
    timeoutMs: 1000,
    fetch: async (input) => {
      query = new URL(String(input)).searchParams;
      return Response.json({ status: '1', id_pay: 555 });
    },
  });
  assert.deepEqual(await upstream.createPay(50, 'order-1'), { ok: true, id: '555' });
  assert.deepEqual(Object.fromEntries(query!), { username: 'u', password: 'p', con_id: '9', method: 'create_pay', amount: '50', ref1: 'order-1' });
});

test('a refusal is not a fault: no failover, the message is passed on', async () => {
  const { upstream, seen } = client({ a: [json({ status: 0, msg: 'ยังไม่พบการชำระเงิน' })], b: [] });
  assert.deepEqual(await upstream.confirm('1', '1.1.1.1'), { paid: false, msg: 'ยังไม่พบการชำระเงิน' });
  assert.deepEqual(seen, ['a confirm']);
});

test('reads fail over on every kind of fault', async () => {
  const faults: Reply[] = [refused, timedOut, () => new Response('<html>', { status: 200 }), () => new Response('', { status: 200 }), () => new Response('x', { status: 500 }), json({ status: 'ok' })];
  for (const fault of faults) {
    const { upstream, seen } = client({ a: [fault], b: [json({ status: 1, ref1: 'r', amount: '50.00', time_out: 60 })] });
    assert.equal((await upstream.detailPay('1', false)).ok, true);
    assert.deepEqual(seen, ['a detail_pay', 'b detail_pay']);
  }
});

test('create_pay and confirm fail over only where the first host cannot have carried the call out', async () => {
  const calls = {
    create_pay: (u: ReturnType<typeof client>['upstream']) => u.createPay(50, 'r'),
    confirm: (u: ReturnType<typeof client>['upstream']) => u.confirm('9', '1.1.1.1'),
  };
  for (const [method, run] of Object.entries(calls)) {
    for (const fault of [refused, () => new Response('busy', { status: 503 }), () => new Response('slow down', { status: 429 })]) {
      const { upstream, seen } = client({ a: [fault], b: [json({ status: 1, id_pay: '9' })] });
      const result = await run(upstream);
      assert.ok('ok' in result ? result.ok : result.paid);
      assert.deepEqual(seen, [`a ${method}`, `b ${method}`]);
    }
    for (const fault of [timedOut, () => new Response('<html>', { status: 200 }), () => new Response('', { status: 200 }), () => new Response('x', { status: 500 }), () => new Response('{"status":1,"id', { status: 200 })]) {
      const { upstream, seen } = client({ a: [fault], b: [] });
      await assert.rejects(run(upstream), UpstreamFault);
      assert.deepEqual(seen, [`a ${method}`], 'the second host is not asked: the first may have carried the call out');
    }
  }
});

test('a host that faulted is tried last for a while, so the customer\'s retry reaches the healthy one', async () => {
  const { upstream, seen } = client({ a: [timedOut], b: [json({ status: 1, id_pay: '2' })] });
  await assert.rejects(upstream.createPay(50, 'r'));
  assert.deepEqual(await upstream.createPay(50, 'r'), { ok: true, id: '2' });
  assert.deepEqual(seen, ['a create_pay', 'b create_pay']);
});

test('a real timeout aborts the attempt', async () => {
  const upstream = createUpstream({
    urls: ['https://a/api_mn.php'],
    user: 'u',
    password: 'p',
    conId: '1',
    timeoutMs: 100,
    fetch: (_input, init) =>
      new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))),
  });
  const started = Date.now();
  const keepAlive = setTimeout(() => {}, 5000); // AbortSignal.timeout's timer does not hold the event loop open
  await assert.rejects(upstream.detailPay('1', false), (e) => e instanceof UpstreamFault && e.kind === 'timeout');
  clearTimeout(keepAlive);
  assert.ok(Date.now() - started < 1000);
});

test('faults never carry the URL, the query or a credential', async () => {
  const { upstream, faults } = client({ a: [refused], b: [() => new Response('x', { status: 500 })] });
  const error = await upstream.detailPay('1', true).catch((e) => e);
  const everything = JSON.stringify([String(error), error.message, error.stack, faults]);
  for (const secret of ['hunter2-secret', 'merchant', 'con_id', 'api_mn.php', 'https://']) assert.ok(!everything.includes(secret), secret);
});

test('which faults of a call that changes something allow a failover is stated in one place', () => {
  assert.equal(notCarriedOut(new UpstreamFault('unreachable', 'x')), true);
  assert.equal(notCarriedOut(new UpstreamFault('http_status', 'x', 503)), true);
  assert.equal(notCarriedOut(new UpstreamFault('timeout', 'x')), false);
  assert.equal(notCarriedOut(new UpstreamFault('http_status', 'x', 500)), false);
  assert.equal(notCarriedOut(new UpstreamFault('not_json', 'x')), false);
});

test('a refusal that echoes the credentials has them scrubbed before anyone logs it', async () => {
  const { upstream } = client({ a: [json({ status: 0, msg: 'login failed for merchant with password hunter2-secret (con_id 77)' })] });
  const result = await upstream.createPay(50, 'r');
  assert.equal(result.ok, false);
  assert.ok(!('msg' in result && (result.msg.includes('hunter2-secret') || result.msg.includes('merchant'))), JSON.stringify(result));
  // The two-digit con_id too, where it stands alone: not inside other numbers or words.
  assert.equal('msg' in result && result.msg, 'login failed for *** with password *** (con_id ***)');
  const { upstream: again } = client({ a: [json({ status: 0, msg: 'bill 17770 for shop 77: no' })] });
  assert.equal(((await again.createPay(50, 'r')) as { msg: string }).msg, 'bill 17770 for shop ***: no');
});

test('every credential is scrubbed wherever it stands, whatever its length, in Thai or English; a con_id stays only inside a longer number', () => {
  const long = 'p9Lk3Jh7Gf2Ds5Aq8Wz1Xc4Vb6Nm0Qr3Te7Yu2Io';
  assert.equal(long.length, 40);
  for (const password of ['x', 'Zq', 'k9w', long]) {
    // Thai puts no space between words: a credential touches the letters around it.
    assert.equal(scrubSecrets(`รหัสผ่าน${password}ไม่ถูกต้อง`, [password, 'shop', '7']), 'รหัสผ่าน***ไม่ถูกต้อง', password);
    assert.equal(scrubSecrets(`bad password${password}for login shop.`, [password, 'shop', '7']), 'bad password***for login ***.', password);
    assert.equal(scrubSecrets(`pw=${password.toUpperCase()};`, [password]), 'pw=***;', `${password}, in another case`);
  }
  // A user of one letter goes wherever it appears, even inside words: nothing of a credential is ever shown.
  assert.equal(scrubSecrets('user q unknown (qa)', ['q']), 'user *** unknown (***a)');
  // An all-digit con_id is scrubbed where it stands, touching letters too, but not inside a longer run of digits.
  for (const conId of ['4', '12', '305', '7305918264730591826473059182647305918264']) {
    assert.equal(scrubSecrets(`con_id${conId}ผิด ร้าน ${conId}: ไม่พบ`, [conId]), 'con_id***ผิด ร้าน ***: ไม่พบ', conId);
    assert.equal(scrubSecrets(`no shop ${conId}x; bill 9${conId}0 for ${conId}0 บาท`, [conId]), `no shop ***x; bill 9${conId}0 for ${conId}0 บาท`, conId);
  }
  assert.equal(scrubSecrets('ยอด 120 บาท ร้าน12ปิด', ['12']), 'ยอด 120 บาท ร้าน***ปิด');
});

test('an answer far larger than any real one is a fault, read no further', async () => {
  let pulled = 0;
  const endless = () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
      }),
    );
  const { upstream, seen } = client({ a: [endless], b: [json({ status: 1, ref1: 'r', amount: 5, time_out: 60 })] });
  assert.equal((await upstream.detailPay('1', false)).ok, true);
  assert.deepEqual(seen, ['a detail_pay', 'b detail_pay']);
  assert.ok(pulled < 40, `read ${pulled} chunks`);
});

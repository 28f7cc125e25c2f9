/**
 * docs/deploy-node.md's backup, as written: SQLite's online backup (the sqlite3 tool's `.backup`, and `VACUUM INTO`)
 * of the ledger while a proxy runs on it; a proxy started on the copy knows the paid bill.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createClient } from '@libsql/client';
import { signMerchantToken } from '../../server-kit/tokens.ts';
import { call } from '../helpers/flow.ts';
import { proxyProcess, simulatorProxyEnv, startUpstreams, stopProxyProcesses } from '../helpers/servers.ts';

after(() => stopProxyProcesses());

test('a backup taken while the proxy runs, by the line in docs/deploy-node.md and by VACUUM INTO, holds the paid bill', async () => {
  const upstreams = await startUpstreams();
  const dir = mkdtempSync(join(tmpdir(), 'maemanee-backup-'));
  const env = simulatorProxyEnv(upstreams.urls, { MAEMANEE_DB: join(dir, 'ledger.sqlite') });
  const proxy = await proxyProcess(env);
  try {
    const bill = (await call(proxy.target, '/v1/payments', { method: 'POST', json: { amount: 120, ref1: 'backup-1' } })).body;
    upstreams.simulator.pay(bill.id);
    const paid = (await call(proxy.target, `/v1/payments/${bill.id}/confirm`, { method: 'POST', token: bill.token })).body;
    assert.equal(paid.status, 'paid');
    // More writes while the backups run: they must not tear the copy or fail the proxy.
    const busy = Promise.all(Array.from({ length: 20 }, (_, i) => call(proxy.target, '/v1/payments', { method: 'POST', json: { amount: 5, ref1: `busy-${i}` } })));

    const line = /^sqlite3 \S+ .*$/m.exec(readFileSync('docs/deploy-node.md', 'utf8'))![0];
    const copy = join(dir, 'copy.sqlite');
    const script = line.replace('/var/lib/maemanee-pay/ledger.sqlite', join(dir, 'ledger.sqlite')).replace(/'\/var\/backups\/[^']+'/, `'${copy}'`);
    execFileSync('sh', ['-c', script]);
    const client = createClient({ url: `file:${join(dir, 'ledger.sqlite')}` });
    await client.execute(`VACUUM INTO '${join(dir, 'vacuumed.sqlite')}'`);
    client.close();
    assert.ok((await busy).every((r) => r.status === 201), 'the proxy kept taking bills');

    for (const file of [copy, join(dir, 'vacuumed.sqlite')]) {
      const restored = await proxyProcess({ ...env, MAEMANEE_DB: file });
      try {
        const seen = await call(restored.target, `/v1/payments/${bill.id}`, { token: await signMerchantToken(env.MAEMANEE_SECRET) });
        assert.deepEqual([seen.status, seen.body.status, seen.body.paidAt], [200, 'paid', paid.paidAt], file);
      } finally {
        await restored.stop();
      }
    }
  } finally {
    await proxy.stop();
    await upstreams.close();
  }
});

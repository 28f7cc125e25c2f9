/** A ledger file as the released schema-2 code wrote it, for the tests of its upgrade. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { SCHEMA_2 } from '../../proxy/ledger/schema.ts';

/**
 * A ledger file as the released schema-2 code wrote it: its tables, and a row in each, written with that code's own
 * statements (the links table had no base then).
 */
export async function schema2File(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'maemanee-v2-')), 'ledger.sqlite');
  const client = createClient({ url: `file:${path}` });
  const t = 1_800_000_000_000;
  await client.batch(
    [
      ...SCHEMA_2,
      `INSERT INTO meta (k, v) VALUES ('schema', '2')`,
      {
        sql: `INSERT INTO bills (id, ref1, amount, expires_at, order_key, link_id, sandbox, client_ip, created_at, next_check_at, qr, pay_url)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: ['700', 'link-old', 45, t + 600_000, 'link:oldLinkAAAAAAAAAAAAAA', 'oldLinkAAAAAAAAAAAAAA', 0, '192.0.2.1', t, t + 40_000, 'data:image/png;base64,AA==', null],
      },
      { sql: `UPDATE bills SET status = 'paid', paid = ? WHERE id = '700'`, args: [JSON.stringify({ status: 'paid', id: '700', ref1: 'link-old', amount: 45, paidAt: 'p', late: false, sandbox: false, receipt: 'r' })] },
      { sql: `INSERT INTO events (id, bill_id, type, body) VALUES ('payment.paid:700', '700', 'payment.paid', ?)`, args: [JSON.stringify({ id: 'payment.paid:700', type: 'payment.paid', created: 'c', data: { id: '700' } })] },
      { sql: `INSERT INTO deliveries (event_id, endpoint, next_attempt_at) VALUES ('payment.paid:700', 'https://a.example/hook', ?)`, args: [t] },
      {
        sql: `INSERT INTO links (id, amount, description, ref1, lang, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: ['oldLinkAAAAAAAAAAAAAA', 45, 'Old scarf', 'link-old', 'th', t, t + 86_400_000],
      },
      { sql: `INSERT INTO order_claims (order_key, until) VALUES ('["o",1]', ?)`, args: [t] },
    ],
    'write',
  );
  client.close();
  return path;
}

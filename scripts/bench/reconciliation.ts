/** What the ledger's own work costs: writes per second into the file, and the upstream calls of the proxy's checks. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ledger } from '../../proxy/ledger/ledger.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { DEFAULT_SCHEDULE, nextCheckAt, nextDeliveryAt } from '../../proxy/payments/schedule.ts';
import { row } from './table.ts';

/** A bill's QR as the ledger keeps it: a PNG data URL of the size the simulator makes. */
const QR = `data:image/png;base64,${'A'.repeat(4000)}`;

/** Bills recorded one after another into a ledger, each in a commit of its own, per second. */
export async function billsPerSecond(ledger: Ledger, n = 2000): Promise<string> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = Date.now();
    await ledger.recordBill({ id: String(i), ref1: 'w', amount: 1, expiresAt: t + 600_000, orderKey: null, linkId: null, order: null,
      sandbox: false, clientIp: '127.0.0.1', createdAt: t, nextCheckAt: t + 40_000, qr: QR, payUrl: null });
  }
  return `${Math.round(n / ((performance.now() - started) / 1000))} bills/s`;
}

export async function reconciliation(): Promise<void> {
  const ledger = await openSqliteLedger(join(await mkdtemp(join(tmpdir(), 'maemanee-bench-')), 'ledger.sqlite'));
  row('ledger on Node: bills recorded one after another into the SQLite file (rollback journal, every commit synced)', await billsPerSecond(ledger));
  ledger.close();

  // Computed from the default schedule, as the proxy runs it, for a 10-minute bill that no browser watches.
  const s = DEFAULT_SCHEDULE;
  let at = 0;
  let inWindow = 0;
  let inGrace = 0;
  while (at < 600_000 + s.graceMs) {
    at = nextCheckAt(600_000, at, s);
    if (at <= 600_000) inWindow++;
    else inGrace++;
  }
  row('upstream confirms by the proxy itself for one unwatched 10-minute bill that is never paid', `${inWindow + inGrace}`, `${inWindow} while payable (every ${s.reconcileMs / 1000} s), ${inGrace} in the 3-hour grace; a watched bill's own checks push these back`);
  row('longest wait from payment to the proxy finding it with no browser (default schedule)', `${s.reconcileMs / 1000 + 1} s`, 'bar: 60 s (check interval plus the 1 s scheduler tick)');
  let attempt = 1;
  let when = 0;
  for (let next = nextDeliveryAt(1, 0, 0, s); next !== null; next = nextDeliveryAt(++attempt, 0, when, s)) when = next;
  row('webhook retries for an endpoint that never answers', `${attempt} attempts over ${(when / 3600_000).toFixed(1)} h`, 'bar: at least 72 hours');
}

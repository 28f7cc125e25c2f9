/**
 * Where payments are recorded. A running proxy (`--endpoint`) is asked for its /health, which writes to its ledger
 * (the only way to check a Worker's Durable Objects); otherwise the Node ledger file is opened and written, or, if
 * it does not exist yet, its folder is checked.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Health } from '../../contract/http.ts';
import type { ProxyConfig } from '../../proxy/config.ts';
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';
import { LedgerFault } from '../../proxy/ledger/ledger.ts';
import type { Report } from './report.ts';

export async function checkRunningProxy(report: Report, endpoint: string, config: ProxyConfig): Promise<void> {
  const { t } = report;
  report.section(t.runningProxy(endpoint));
  let health: Health;
  const start = performance.now();
  try {
    const response = await fetch(`${endpoint.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    health = (await response.json()) as Health;
    if (typeof health?.ok !== 'boolean') throw new Error(t.notHealth);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    report.line('fail', `/health: ${cause ?? (error as Error).message}`);
    return;
  }
  report.line('ok', t.healthIn(Math.round(performance.now() - start)));
  report.line(health.ledger === 'ok' ? 'ok' : 'fail', health.ledger === 'ok' ? t.ledgerWritable : t.ledgerNotWritable);
  if (health.mode !== config.mode) report.line('fail', t.modeDiffers(health.mode, config.mode));
  else report.line('ok', t.modeSame(health.mode));
  if (health.upstream === 'refusing') report.line('fail', t.upstreamRefusing);
}

export async function checkLedgerFile(report: Report, config: ProxyConfig): Promise<void> {
  const { t } = report;
  report.section(t.ledgerNode);
  const file = resolve(config.db);
  if (config.db === ':memory:') return report.line('warn', t.ledgerMemory);
  if (!existsSync(file)) {
    let folder = dirname(file);
    while (!existsSync(folder)) folder = dirname(folder);
    try {
      accessSync(folder, constants.W_OK);
      report.line('ok', t.ledgerWillCreate(config.db, folder));
    } catch {
      report.line('fail', t.ledgerCannotCreate(config.db, folder));
    }
    return;
  }
  try {
    const ledger = await openSqliteLedger(config.db, { log: () => {} });
    ledger.close();
    report.line('ok', t.ledgerOk(config.db));
  } catch (error) {
    if (!(error instanceof LedgerFault)) throw error;
    report.line('fail', `${config.db}: ${error.message}`);
  }
}

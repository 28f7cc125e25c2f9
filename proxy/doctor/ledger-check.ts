/**
 * Where payments are recorded. A running proxy (`--endpoint`) is asked for its /health, which writes to its ledger
 * (the only way to check a Worker's Durable Objects); otherwise the Node ledger file is opened and written, or, if
 * it does not exist yet, its folder is checked.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Health } from '../../contract/http.ts';
import type { ProxyConfig } from '../config.ts';
import { openSqliteLedger } from '../ledger/libsql.ts';
import { LedgerFault } from '../ledger/ledger.ts';
import type { Report } from './report.ts';

export async function checkRunningProxy(report: Report, endpoint: string, config: ProxyConfig): Promise<void> {
  report.section(`The running proxy at ${endpoint}`);
  let health: Health;
  const start = performance.now();
  try {
    const response = await fetch(`${endpoint.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    health = (await response.json()) as Health;
    if (typeof health?.ok !== 'boolean') throw new Error('not a maemanee-pay /health answer');
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    report.line('fail', `/health: ${cause ?? (error as Error).message}`);
    return;
  }
  report.line('ok', `answered /health in ${Math.round(performance.now() - start)} ms`);
  report.line(health.ledger === 'ok' ? 'ok' : 'fail', health.ledger === 'ok' ? 'its ledger is writable' : 'its ledger cannot be written: payments cannot be recorded');
  if (health.mode !== config.mode) report.line('fail', `it runs in ${health.mode} mode, these settings in ${config.mode} mode: not the same configuration`);
  else report.line('ok', `${health.mode} mode, as these settings`);
  if (health.upstream === 'refusing') report.line('fail', 'its last upstream calls were refused: check its credentials');
}

export async function checkLedgerFile(report: Report, config: ProxyConfig): Promise<void> {
  report.section('Ledger (Node)');
  const file = resolve(config.db);
  if (config.db === ':memory:') return report.line('warn', 'MAEMANEE_DB=:memory:: payments are forgotten when the process ends');
  if (!existsSync(file)) {
    let folder = dirname(file);
    while (!existsSync(folder)) folder = dirname(folder);
    try {
      accessSync(folder, constants.W_OK);
      report.line('ok', `${config.db} does not exist yet; the proxy will create it (${folder} is writable)`);
    } catch {
      report.line('fail', `${config.db} cannot be created: ${folder} is not writable`);
    }
    return;
  }
  try {
    const ledger = await openSqliteLedger(config.db, { log: () => {} });
    ledger.close();
    report.line('ok', `${config.db}: opened and written`);
  } catch (error) {
    if (!(error instanceof LedgerFault)) throw error;
    report.line('fail', `${config.db}: ${error.message}`);
  }
}

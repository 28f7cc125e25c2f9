/**
 * Where payments are recorded. A running proxy (`--endpoint`) is asked for its /health, which writes to its ledger
 * (the only way to check a Worker's Durable Objects); otherwise the Node ledger (its file or its database) is opened
 * and written, or, for a file that does not exist yet, its folder is checked.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Health } from '../../contract/http.ts';
import { shownLedger, type ProxyConfig } from '../../proxy/config.ts';
import { openNodeLedger } from '../../proxy/runtime/node-ledger.ts';
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

export async function checkLedger(report: Report, config: ProxyConfig): Promise<void> {
  const { t } = report;
  report.section(t.ledgerNode);
  const shown = shownLedger(config.db);
  if (config.db.engine === 'sqlite') {
    const { path } = config.db;
    if (path === ':memory:') return report.line('warn', t.ledgerMemory);
    const file = resolve(path);
    if (!existsSync(file)) {
      let folder = dirname(file);
      while (!existsSync(folder)) folder = dirname(folder);
      try {
        accessSync(folder, constants.W_OK);
        report.line('ok', t.ledgerWillCreate(path, folder));
      } catch {
        report.line('fail', t.ledgerCannotCreate(path, folder));
      }
      return;
    }
  }
  try {
    // A database not answering is reported within seconds: doctor does not wait 30 s for it as a starting proxy does.
    const ledger = await openNodeLedger(config.db, { log: () => {}, startWaitMs: config.db.engine === 'postgres' ? 3000 : undefined });
    await ledger.close();
    report.line('ok', t.ledgerOk(shown));
  } catch (error) {
    if (!(error instanceof LedgerFault)) throw error;
    report.line('fail', `${shown}: ${error.message}`);
  }
}

/**
 * The ledger on PostgreSQL beside the SQLite file, in the same run: a create, a pending bill's check inside the 2 s
 * gap (the ledger answers it: a read and a claim it refuses) and a paid bill's confirm, through one proxy process on
 * each; then three proxy processes on one database with the load spread over them; and bills written one after
 * another. The database is a PostgreSQL server the bench starts on loopback (test/helpers/postgres.ts), fsync on.
 */
import { cpus } from 'node:os';
import type autocannon from 'autocannon';
import { openPostgresLedger } from '../../proxy/ledger/postgres.ts';
import { startPostgres } from '../../test/helpers/postgres.ts';
import { create, fmt, measure, post, type Load } from './proxy-load.ts';
import { billsPerSecond } from './reconciliation.ts';
import { startBenchServers, type BenchServers } from './servers-process.ts';
import { row } from './table.ts';

/** What the load asks of a proxy: set up on it (a bill to check) before it is measured. */
type LoadOn = (servers: BenchServers, proxy: string) => Promise<autocannon.Options>;

const LOADS: { what: string; on: LoadOn }[] = [
  { what: 'create', on: async (_, proxy) => post(`${proxy}/v1/payments`, { amount: 50, ref1: 'bench' }) },
  {
    what: 'confirm of a pending bill inside the 2 s check gap (the ledger answers)',
    on: async (_, proxy) => {
      const bill = await create(proxy, 'bench-gap');
      return post(`${proxy}/v1/payments/${bill.id}/confirm`, { token: bill.token });
    },
  },
  {
    what: 'confirm of a paid bill (no upstream call)',
    on: async (servers, proxy) => {
      const bill = await create(proxy, 'bench-paid');
      await servers.pay(bill.id);
      await fetch(`${proxy}/v1/payments/${bill.id}/confirm`, post('', { token: bill.token }));
      return post(`${proxy}/v1/payments/${bill.id}/confirm`, { token: bill.token });
    },
  },
];

/** The same load on each of the servers' proxies at once, 8 connections each: requests summed, the worst latencies. */
async function spread(servers: BenchServers, on: LoadOn): Promise<Load> {
  const options = await Promise.all(servers.proxies.map((proxy) => on(servers, proxy)));
  const loads = await Promise.all(options.map((o) => measure(o, 8)));
  return loads.reduce((a, b) => ({ rps: a.rps + b.rps, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99), errors: a.errors + b.errors }));
}

export async function postgresLoad(): Promise<void> {
  const database = await startPostgres({ durable: true });
  const sqlite = await startBenchServers();
  const postgres = await startBenchServers({ MAEMANEE_DB: await database.database() });
  const three = await startBenchServers({ MAEMANEE_DB: await database.database() }, undefined, 3);
  try {
    for (const [i, { what, on }] of LOADS.entries()) {
      const file = await spread(sqlite, on);
      row(`${what}, 8 connections, one proxy process, ledger in an SQLite file`, fmt(file));
      const one = await spread(postgres, on);
      row(`${what}, 8 connections, one proxy process, ledger in PostgreSQL`, fmt(one), `${(one.rps / file.rps).toFixed(2)}× the SQLite file`);
      if (i > 1) continue;
      const all = await spread(three, on);
      row(`${what}: three proxy processes on one PostgreSQL database, 8 connections each`, fmt(all), `${(all.rps / one.rps).toFixed(2)}× one process (${cpus().length} cores in all)`);
    }
    const ledger = await openPostgresLedger(await database.database());
    row('ledger on PostgreSQL: bills recorded one after another (each commit synced)', await billsPerSecond(ledger));
    await ledger.close();
  } finally {
    sqlite.stop();
    postgres.stop();
    three.stop();
    await database.stop();
  }
}

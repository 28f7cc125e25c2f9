/**
 * A Worker for tests only: runs the ledger contract in workerd. Each case runs twice where it can: inside one fresh
 * object, against that object's own SQLite (the engine), and through the sharded front the proxy uses (bill objects,
 * order objects, the feed), with a fresh prefix. GET / answers `[{name, ok, error?}]`.
 */
import { ledgerContract } from '../contract/ledger-contract.ts';
import { durableLedger, LedgerObject, type LedgerNamespace, type LedgerStub } from '../../proxy/ledger/durable-object.ts';

interface Env {
  LEDGER: LedgerNamespace;
}
type ContractStub = LedgerStub & { runLocal(name: string): Promise<string | null> };

export class ContractLedger extends LedgerObject<Env> {
  protected async runDue(): Promise<void> {}

  protected objectNamed(name: string): LedgerStub {
    return this.env.LEDGER.get(this.env.LEDGER.idFromName(name));
  }

  /** Runs one contract case against this object's own ledger; null if it passed, else why not. */
  async runLocal(name: string): Promise<string | null> {
    try {
      await ledgerContract.find((c) => c.name === name)!.run(this.ledger);
      return null;
    } catch (error) {
      return String((error as Error)?.message ?? error);
    }
  }
}

export default {
  async fetch(_request: Request, env: Env) {
    const results = [];
    for (const c of ledgerContract) {
      const local = await (env.LEDGER.get(env.LEDGER.idFromName(crypto.randomUUID())) as ContractStub).runLocal(c.name);
      results.push({ name: `${c.name} (one object's SQLite)`, ok: local === null, error: local ?? undefined });
      if (c.scans) continue;
      try {
        await c.run(durableLedger(env.LEDGER, `${crypto.randomUUID()}:`));
        results.push({ name: `${c.name} (sharded front)`, ok: true });
      } catch (error) {
        results.push({ name: `${c.name} (sharded front)`, ok: false, error: String((error as Error)?.message ?? error) });
      }
    }
    return Response.json(results);
  },
};

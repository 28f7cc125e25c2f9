/**
 * A Worker for tests only: runs the ledger contract against the Durable Object engine in workerd. Each case gets a
 * fresh object (a random name) and runs through the same RPC front the proxy uses. GET / answers
 * `[{name, ok, error?}]`.
 */
import { ledgerContract } from '../contract/ledger-contract.ts';
import { durableLedger, LedgerObject, type LedgerNamespace } from '../../proxy/ledger/durable-object.ts';

export class ContractLedger extends LedgerObject {
  protected async runDue(): Promise<void> {}
}

export default {
  async fetch(_request: Request, env: { LEDGER: LedgerNamespace }) {
    const results = [];
    for (const c of ledgerContract) {
      const name = crypto.randomUUID();
      const namespace: LedgerNamespace = { idFromName: () => env.LEDGER.idFromName(name), get: (id) => env.LEDGER.get(id) };
      try {
        await c.run(durableLedger(namespace));
        results.push({ name: c.name, ok: true });
      } catch (error) {
        results.push({ name: c.name, ok: false, error: String((error as Error)?.message ?? error) });
      }
    }
    return Response.json(results);
  },
};

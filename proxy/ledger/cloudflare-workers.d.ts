/** The little of `cloudflare:workers` the ledger uses, typed here rather than pulling in all of workers-types. */
declare module 'cloudflare:workers' {
  export interface SqlStorageCursor {
    toArray(): Record<string, string | number | null>[];
    one(): Record<string, string | number | null>;
  }
  export interface DurableObjectStorage {
    sql: { exec(query: string, ...bindings: unknown[]): SqlStorageCursor };
    transactionSync<T>(fn: () => T): T;
    getAlarm(): Promise<number | null>;
    setAlarm(at: number): Promise<void>;
    deleteAlarm(): Promise<void>;
  }
  export interface DurableObjectState {
    storage: DurableObjectStorage;
    blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
  }
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}

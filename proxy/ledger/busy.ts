/**
 * Waiting out another process's hold on the ledger file. Runtime-agnostic (the payments service retries a paid
 * write through it); only the Node engine ever reports SQLITE_BUSY, since a Durable Object is its storage's one writer.
 */

/** The SQLite error code of a failure, if it is one (libsql puts it on `code`; a LedgerFault keeps it). */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Runs a step again while another process holds the file, until `deadlineMs` has passed. Any other error, and a
 * busy one past the deadline, is thrown.
 */
export async function whileBusy<T>(step: () => Promise<T>, { deadlineMs = 10_000, pauseMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!sqliteCode(error)?.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, pauseMs + Math.random() * pauseMs));
    }
  }
}

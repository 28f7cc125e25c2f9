/**
 * A process that opens the ledger file at a given instant, so that a test can have several open one new file at
 * the same moment, as proxy instances started together do. Prints "open" once it could.
 */
import { openSqliteLedger } from '../../proxy/ledger/libsql.ts';

const [path, at] = [process.argv[2], Number(process.argv[3])];
while (Date.now() < at) {
  // Spinning, not a timer: a timer's lateness would spread the processes apart again.
}
(await openSqliteLedger(path)).close();
console.log('open');

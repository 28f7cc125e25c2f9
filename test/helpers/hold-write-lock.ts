/**
 * Another process holding the ledger file's lock: prints "ready", and on a line from standard input takes the lock,
 * prints "locked", holds it for the given milliseconds, then lets go and exits. `immediate` (the default) holds the
 * write lock, as a process writing does, so others may still read; `exclusive` holds the lock a commit takes while
 * it writes the file, so others can neither read nor write.
 * `node --import tsx test/helpers/hold-write-lock.ts <file> <ms> [immediate|exclusive]`.
 */
import { once } from 'node:events';
import { createClient } from '@libsql/client';

const [file, ms, how = 'immediate'] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const client = createClient({ url: `file:${file}` });
await client.execute('PRAGMA busy_timeout = 10000');
console.log('ready');
await once(process.stdin, 'data');
await client.execute(how === 'exclusive' ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE');
console.log('locked');
await new Promise((r) => setTimeout(r, ms));
await client.execute('COMMIT');
client.close();
process.exit(0);

/**
 * Another process holding the ledger file's write lock: prints "ready", and on a line from standard input takes the
 * lock, prints "locked", holds it for the given milliseconds, then lets go and exits.
 * `node --import tsx test/helpers/hold-write-lock.ts <file> <ms>`.
 */
import { once } from 'node:events';
import { createClient } from '@libsql/client';

const [file, ms] = [process.argv[2], Number(process.argv[3])];
const client = createClient({ url: `file:${file}` });
await client.execute('PRAGMA busy_timeout = 10000');
console.log('ready');
await once(process.stdin, 'data');
await client.execute('BEGIN IMMEDIATE');
console.log('locked');
await new Promise((r) => setTimeout(r, ms));
await client.execute('COMMIT');
client.close();
process.exit(0);

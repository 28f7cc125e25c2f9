/** Another process that holds the ledger file's lock for a while, through test/helpers/hold-write-lock.ts. */
import { spawn } from 'node:child_process';

/**
 * Starts the process and resolves once it is ready to take the lock of `file` and hold it for `ms`: the write lock
 * (`immediate`) or the lock a commit holds while it writes the file (`exclusive`: nobody may even read).
 */
export async function writeLocker(file: string, ms: number, how: 'immediate' | 'exclusive' = 'immediate') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/hold-write-lock.ts', file, String(ms), how], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => String(chunk).includes(text) && (child.stdout.off('data', onData), resolve());
      child.stdout.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
  await line('ready');
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    /** Takes the lock; resolves once it is held. */
    lock: () => (child.stdin.write('go\n'), line('locked')),
    released,
    /** Ends it early, whatever it holds (a test that failed). */
    stop: () => child.kill(),
  };
}

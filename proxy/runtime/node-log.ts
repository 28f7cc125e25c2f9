/**
 * The proxy's JSON log on Node: one line per entry on standard output, written once per turn of the event loop.
 * Standard output to a pipe (a supervisor, journald, a container runtime) is written synchronously on Linux, so a
 * line per request was a system call per request, the biggest single cost of a poll; batched, it is one per turn.
 * A warning or an error is written at once (with what is pending before it), the rest when the process exits.
 */
import type { Log } from '../log.ts';

export function stdoutLog(write: (text: string) => unknown = (text) => process.stdout.write(text)): Log {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  process.once('exit', flush);
  return (entry) => {
    pending.push(`${JSON.stringify(entry)}\n`);
    if (entry.level === 'error' || entry.level === 'warn') flush();
    else if (pending.length === 1) setImmediate(flush);
  };
}

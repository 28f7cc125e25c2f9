/**
 * The `maemanee-pay` command run in this process, as cli/bin.ts runs it on a process's arguments, streams and signals:
 * `main()` with an environment, standard input and a stop (the Ctrl-C of the commands that run until stopped).
 */
import assert from 'node:assert/strict';
import type { Io } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { sleep } from './wait.ts';

export interface CommandOptions {
  env: Record<string, string | undefined>;
  /** Standard input, as a pipe would give it. */
  input?: string;
}

/** A command started: what it printed so far, its exit status once it ended, and its stop. */
export function startCli(args: string[], { env, input = '' }: CommandOptions) {
  let stdout = '';
  let stderr = '';
  let output = '';
  let status: number | null = null;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const io: Io = {
    out: (text) => void ((stdout += text), (output += text)),
    err: (text) => void ((stderr += text), (output += text)),
    env: { ...env },
    stdin: async () => input,
    stopped,
  };
  const done = main(args, io).then((code) => (status = code));
  return {
    done,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Standard output and error as they came. */
    output: () => output,
    /** The exit status, or null while it runs. */
    status: () => status,
    /** Resolves with the first match of `pattern` in its output; fails if it ends or `ms` pass first. */
    async ready(pattern: RegExp, ms = 10_000): Promise<RegExpExecArray> {
      const end = Date.now() + ms;
      for (;;) {
        const found = pattern.exec(output);
        if (found) return found;
        if (status !== null || Date.now() > end) assert.fail(`no ${pattern} in the output of maemanee-pay ${args.join(' ')}:\n${output}`);
        await sleep(20);
      }
    },
    /** Stops it as Ctrl-C would, and waits for it to end. */
    stop: () => (stop(), done),
  };
}

/** A command run to its end: its exit status and what it printed. */
export async function runCli(args: string[], options: CommandOptions) {
  const run = startCli(args, options);
  const status = await run.done;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

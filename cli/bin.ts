/** The `maemanee-pay` executable: the command line on this process's arguments, streams and signals. */
import { CliError, type Io } from './command.ts';
import { main } from './main.ts';

let stopped: Promise<void> | undefined;

const io: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  async stdin() {
    if (process.stdin.isTTY) throw new CliError('nothing on standard input: pipe or redirect what to check into it (maemanee-pay verify --help)');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  // Only the commands that run until stopped take Ctrl-C over; for the others it ends the process as usual.
  get stopped() {
    stopped ??= new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    return stopped;
  },
};

const status = await main(process.argv.slice(2), io);
// A finished command exits now, without waiting on kept-alive sockets; a long-running one returned once stopped.
process.stdout.write('', () => process.exit(status));

/**
 * `maemanee-pay`: the merchant's command line. `maemanee-pay --help` lists the commands; each has its own `--help`.
 * Every failure the user can act on ends in one line on standard error and a non-zero exit; no configured secret is
 * ever printed.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '../proxy/config.ts';
import { LedgerFault } from '../proxy/ledger/ledger.ts';
import { MerchantApiError } from '../server-kit/merchant-api.ts';
import { TokenError } from '../server-kit/tokens.ts';
import { printable } from '../proxy/safe-text.ts';
import { VERSION } from '../proxy/version.ts';
import { WebhookError } from '../server-kit/webhook-signature.ts';
import { CliError, parseCommandArgs, type Command, type Io } from './command.ts';
import { doctorCommand } from './commands/doctor.ts';
import { eventsCommand } from './commands/events.ts';
import { consoleCommand } from './commands/console.ts';
import { linkCommand } from './commands/link.ts';
import { migrateCommand } from './commands/migrate.ts';
import { paymentsCommand } from './commands/payments.ts';
import { proxyCommand } from './commands/proxy.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { secretCommand } from './commands/secret.ts';
import { verifyCommand } from './commands/verify.ts';

export const COMMANDS: Command[] = [proxyCommand, sandboxCommand, doctorCommand, migrateCommand, secretCommand, linkCommand, consoleCommand, paymentsCommand, eventsCommand, verifyCommand] as Command[];

const overview = () => `maemanee-pay ${VERSION}: PromptPay payments through tmweasy Mae Manee

Usage: maemanee-pay <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

maemanee-pay <command> --help tells more. The commands read the proxy's settings from the environment
(TMWEASY_USER, MAEMANEE_SECRET, …); \`--env FILE\` (or \`--env=FILE\`) before the command loads a file of them first.
`;

/** Failures that are the user's to fix (or the network's), as opposed to a bug, which keeps its stack. */
function oneLine(error: unknown): string | undefined {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof LedgerFault || error instanceof MerchantApiError) return error.message;
  if (error instanceof TokenError || error instanceof WebhookError) return `not valid: ${error.message}`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (error instanceof TypeError && error.message === 'fetch failed') return `cannot reach the proxy: ${cause?.code ?? cause?.message ?? 'the connection failed'}`;
  return undefined;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let args = argv;
  let prefix: string[] = [];
  try {
    // `--env-file` is Node's own option too: Node 20 reads it anywhere on the command line and stops first on a
    // missing file (exit 9), so the documented spelling is `--env`; this one is kept for when Node lets it through.
    const envOption = /^(--env(?:-file)?)(?:=(.*))?$/s.exec(args[0] ?? '');
    if (envOption) {
      // `--env FILE` or, as one word, `--env=FILE`.
      const [name, joined] = [envOption[1], envOption[2]];
      const words = joined === undefined ? 2 : 1;
      const file = joined ?? args[1];
      if (!file) throw new CliError(`${name} needs a file name`);
      loadEnvFile(file, io.env);
      [prefix, args] = [args.slice(0, words), args.slice(words)];
    }
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(overview());
      return name === undefined ? 1 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new CliError(`no command "${name}": one of ${COMMANDS.map((c) => c.name).join(', ')} (maemanee-pay --help)`);
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values.help) {
      io.out(`Usage: maemanee-pay ${command.name} ${command.usage}\n\n${command.help.trim()}\n`);
      return 0;
    }
    const status = await command.run({ ...parsed, prefix }, io);
    return typeof status === 'number' ? status : 0;
  } catch (error) {
    const line = oneLine(error);
    if (line === undefined) throw error;
    // The line may carry a proxy's or a receiver's words: one line, and nothing a terminal would act on.
    io.err(`maemanee-pay${args[0] && COMMANDS.some((c) => c.name === args[0]) ? ` ${args[0]}` : ''}: ${printable(line)}\n`);
    return 1;
  }
}

/** `--env FILE`: Node's own parser (the format of `node --env-file` and `.dev.vars`); variables already set win, as there. */
function loadEnvFile(file: string, env: Record<string, string | undefined>): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const [name, value] of Object.entries(parseEnv(text))) env[name] ??= value;
}

/**
 * What every subcommand of `maemanee-pay` shares: its declaration (usage, options, help) and the one error that ends
 * it with a single clear line on standard error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A failure the user can act on: printed as one line, exit status 1. Never carries a secret. */
export class CliError extends Error {
  name = 'CliError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command<O extends Options = Options> {
  name: string;
  /** One line for `maemanee-pay --help`. */
  summary: string;
  /** `maemanee-pay <name> …`, after the name. */
  usage: string;
  /** The rest of `--help`: what it does, each option, the environment it reads. */
  help: string;
  options: O;
  /** Whether positional arguments are taken. */
  positionals?: boolean;
  run(args: CommandArgs, io: Io): Promise<number | void>;
}

/** What a command was given. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** What came before the command's name (`--env FILE`), so that a hint can give the whole command again. */
  prefix: string[];
}

/** Where a command writes and what it reads; the process's by default, a test's in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  stdin(): Promise<string>;
  /** Resolves when the user asks to stop (Ctrl-C), for the commands that run until then. */
  stopped: Promise<void>;
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** The command's own arguments, strictly: an unknown option or a missing value is a CliError naming it. */
export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...command.options }, allowPositionals: command.positionals ?? false, strict: true });
  } catch (error) {
    // Node's messages end with advice about `--`, which means nothing here.
    throw new CliError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option')} (maemanee-pay ${command.name} --help)`);
  }
}

/** A whole number within bounds, from an option or argument, or a CliError that names it. */
export function wholeNumberArg(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return Number(value);
}

/** A word as a shell reads it back: bare when nothing in it is special to a shell, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line that runs `command` again as it was given (what came before its name, then every option it was
 * given, in the order its options are declared), with `changes` at the end in place of their options: a hint that
 * continues (`--after CURSOR`) and runs as printed.
 */
export function commandLine(command: Command, args: CommandArgs, changes: Record<string, string>): string {
  const words = ['maemanee-pay', ...args.prefix, command.name];
  for (const name of Object.keys(command.options)) {
    const value = args.values[name];
    if (name in changes || value === undefined || value === false) continue;
    words.push(`--${name}`, ...(value === true ? [] : [String(value)]));
  }
  for (const [name, value] of Object.entries(changes)) words.push(`--${name}`, value);
  return words.map(shellWord).join(' ');
}

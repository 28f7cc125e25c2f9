/**
 * The doctor's report: sections of findings, each good, a warning or a problem, written as it goes (some checks
 * wait on the network) in plain text a merchant can paste into a support chat. Nothing secret goes in: secrets
 * appear as `abcd…wxyz` at most, credentials not at all.
 */
import { compareShape, type ShapeName } from './shapes.ts';

export type Level = 'ok' | 'warn' | 'fail' | 'info';

const MARK: Record<Level, string> = { ok: '✓', warn: '!', fail: '✗', info: '·' };

export class Report {
  problems = 0;
  warnings = 0;

  constructor(private readonly write: (text: string) => void) {}

  section(title: string): void {
    this.write(`\n${title}\n`);
  }

  line(level: Level, text: string, indent = 1): void {
    if (level === 'fail') this.problems++;
    if (level === 'warn') this.warnings++;
    this.write(`${'  '.repeat(indent)}${MARK[level]} ${text}\n`);
  }

  /** Text as it is, indented (a terminal QR). */
  block(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** An answer's fields, kinds only, against what the proxy expects; a missing or unexpected field is a problem. */
  shape(title: string, name: ShapeName, answer: Record<string, unknown>): void {
    this.line('info', `${title}:`, 2);
    const width = Math.max(...Object.keys(answer).concat('status').map((f) => f.length));
    for (const f of compareShape(name, answer)) {
      const field = f.field.padEnd(width);
      if (f.verdict === 'ok') this.line('ok', `${field}  ${f.kind}`, 3);
      else if (f.verdict === 'extra') this.line('info', `${field}  ${f.kind}: not read by the proxy`, 3);
      else if (f.verdict === 'optional_missing') this.line('warn', `${field}  missing: the proxy expects ${f.expect}, and does without it`, 3);
      else this.line('fail', `${field}  ${f.verdict === 'missing' ? 'missing' : f.kind}: the proxy expects ${f.expect}`, 3);
    }
  }

  summary(): string {
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return this.problems === 0 && this.warnings === 0
      ? 'All good.'
      : `${count(this.problems, 'problem')}, ${count(this.warnings, 'warning')}.`;
  }
}

/** A secret as a report may show it: its first and last four characters when at least 16 remain hidden. */
export function redact(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  const body = secret.slice(prefix.length);
  return body.length >= 24 ? `${prefix}${body.slice(0, 4)}…${body.slice(-4)}` : `${prefix}…`;
}

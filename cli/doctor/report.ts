/**
 * The doctor's report: sections of findings, each good, a warning or a problem, written as it goes (some checks
 * wait on the network) in plain text a merchant can paste into a support chat. Nothing secret goes in: secrets
 * appear as `…wxyz` (their last four characters) at most, credentials not at all. Findings quote the upstream, a
 * receiver or a proxy, so each is printed on one line with nothing in it a terminal would act on.
 */
import { printable } from '../../proxy/safe-text.ts';
import { compareShape, type ShapeName } from './shapes.ts';
import { DOCTOR_TEXTS, type DoctorLang, type DoctorTexts } from './texts.ts';

export type Level = 'ok' | 'warn' | 'fail' | 'info';

const MARK: Record<Level, string> = { ok: '✓', warn: '!', fail: '✗', info: '·' };

export class Report {
  problems = 0;
  warnings = 0;

  /** The report's sentences, in its language; every check words its findings with them. */
  readonly t: DoctorTexts;

  constructor(
    private readonly write: (text: string) => void,
    lang: DoctorLang = 'en',
  ) {
    this.t = DOCTOR_TEXTS[lang];
  }

  section(title: string): void {
    this.write(`\n${printable(title)}\n`);
  }

  line(level: Level, text: string, indent = 1): void {
    if (level === 'fail') this.problems++;
    if (level === 'warn') this.warnings++;
    this.write(`${'  '.repeat(indent)}${MARK[level]} ${printable(text)}\n`);
  }

  /** Text as it is, indented (a terminal QR). */
  block(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** An answer's fields, kinds only, against what the proxy expects; a missing or unexpected field is a problem. */
  shape(title: string, name: ShapeName, answer: Record<string, unknown>): void {
    this.line('info', `${title}:`, 2);
    const { t } = this;
    const width = Math.max(...Object.keys(answer).concat('status').map((f) => f.length));
    for (const f of compareShape(name, answer)) {
      const field = f.field.padEnd(width);
      const expected = f.expect && t.expect[f.expect](f.values ?? []);
      if (f.verdict === 'ok') this.line('ok', `${field}  ${f.kind}`, 3);
      else if (f.verdict === 'extra') this.line('info', `${field}  ${f.kind}: ${t.notRead}`, 3);
      else if (f.verdict === 'optional_missing') this.line('warn', `${field}  ${t.doesWithout(expected!)}`, 3);
      else this.line('fail', `${field}  ${f.verdict === 'missing' ? t.missing : f.kind}: ${t.expects(expected!)}`, 3);
    }
  }

  summary(): string {
    return this.problems === 0 && this.warnings === 0 ? this.t.allGood : this.t.counts(this.problems, this.warnings);
  }
}

/**
 * A secret as a report may show it, to tell which one is set: its last four characters when at least 20 others stay
 * hidden, else nothing of it.
 */
export function redact(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  const body = secret.slice(prefix.length);
  return body.length >= 24 ? `${prefix}…${body.slice(-4)}` : `${prefix}…`;
}

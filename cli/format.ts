/**
 * How the command shows things to a person, the same in every subcommand: in Thai or English, times in
 * `Asia/Bangkok` (or the zone asked for), baht with two decimals. What a program reads (`--json`, `--csv`) keeps
 * the wire's ISO UTC times and plain numbers.
 */
import { CliError } from './command.ts';

export type Lang = 'th' | 'en';

export const DEFAULT_ZONE = 'Asia/Bangkok';

/** `--lang`, else the locale's (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them); undefined for a `--lang` not th or en. */
export function commandLang(option: string | undefined, env: Record<string, string | undefined>): Lang | undefined {
  if (option !== undefined) return option === 'th' || option === 'en' ? option : undefined;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^th([_.@-]|$)/i.test(locale) ? 'th' : 'en';
}

/** `--lang` as a command takes it, or a CliError (in English: the language is what is in doubt). */
export function langOption(option: unknown, env: Record<string, string | undefined>): Lang {
  const lang = commandLang(option as string | undefined, env);
  if (!lang) throw new CliError(`--lang must be th or en, not "${option}"`);
  return lang;
}

const ZONE_REFUSED: Record<Lang, (zone: string) => string> = {
  en: (zone) => `--tz must be an IANA time zone such as Asia/Bangkok, not "${zone}"`,
  th: (zone) => `--tz ต้องเป็นชื่อเขตเวลา IANA เช่น Asia/Bangkok ไม่ใช่ "${zone}"`,
};

/** `--tz` checked against the zones this Node knows, or Asia/Bangkok. */
export function zoneOption(option: unknown, lang: Lang): string {
  if (option === undefined) return DEFAULT_ZONE;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: option as string }).resolvedOptions().timeZone;
  } catch {
    throw new CliError(ZONE_REFUSED[lang](String(option)));
  }
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** An ISO time as a person in `zone` reads it, `2026-11-29 17:00:00`: sortable, and the same in both languages. */
export function localTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clocks.set(zone, clock);
  }
  const part = Object.fromEntries(clock.formatToParts(time).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** Baht as a person reads it: ฿1,250.00. */
export const baht = (amount: number) => `฿${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * How the console writes money, times and days. Times on the wire are ISO UTC; a seller reads them in Asia/Bangkok
 * whatever the phone's own zone, and a day is a Bangkok day, as the proxy counts them.
 */
import { format, type Strings } from './i18n/index.ts';

export const ZONE = 'Asia/Bangkok';

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(locale, { timeZone: ZONE, ...options })));
  return found;
}

let baht: Intl.NumberFormat | undefined;
/** ฿1,234.50 in both languages, as Thai shops write it. Made on first use: the start screen shows no money. */
export const money = (amount: number) => (baht ??= new Intl.NumberFormat('th-TH', { style: 'currency', currency: 'THB', minimumFractionDigits: 2 })).format(amount);

/** 14:05, in Bangkok. */
export const clock = (t: Strings, iso: string) => dateFormat(t.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** 6 ธ.ค. 2569 14:05 / 6 Dec 2026, 14:05, in Bangkok. */
export const when = (t: Strings, iso: string) =>
  dateFormat(t.locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** The Bangkok day of a moment, `YYYY-MM-DD`, as the API's `from`, `to` and `day` are written. */
export const bangkokDay = (at: number | Date = Date.now()) => dateFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** What is said aloud for an amount: whole baht, then satang if any ("250 บาท", "99 บาท 50 สตางค์"). */
export function spokenAmount(t: Strings, amount: number): string {
  const satang = Math.round(amount * 100);
  const baht = Math.floor(satang / 100);
  return satang % 100 ? format(t.spokenSatang, { baht, satang: satang % 100 }) : format(t.spokenBaht, { baht });
}

/** A Bangkok day (`YYYY-MM-DD`) as a seller reads it: วันอาทิตย์ที่ 6 ธันวาคม 2569 / Sunday 6 December 2026. */
export const dayName = (t: Strings, day: string) =>
  dateFormat(t.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00+07:00`));

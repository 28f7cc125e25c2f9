/** The console's languages: one object of texts per language, as the element's are. */
import { en } from './en.ts';
import { th, type Strings } from './th.ts';

export type { Strings };
export type Lang = Strings['lang'];

export const TEXTS: Record<Lang, Strings> = { th, en };

export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name) => `${values[name]}`);
}

const KEY = 'maemanee-console-lang';

/** `?lang=` first, then the seller's own choice on this device, then the browser's language; Thai unless English. */
export function pickLang(search: string, stored: string | null, languages: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang') ?? stored;
  if (asked === 'th' || asked === 'en') return asked;
  const first = languages.find((l) => /^(th|en)\b/i.test(l));
  return first && /^en/i.test(first) ? 'en' : 'th';
}

export const storedLang = () => localStorage.getItem(KEY);
export const storeLang = (lang: Lang) => localStorage.setItem(KEY, lang);

/** The element's languages: one object of texts per language, so a third language is one more file. */
import { en } from './en.ts';
import { th, type Strings } from './th.ts';

export type { Strings };
export type Lang = 'th' | 'en';

export const TEXTS: Record<Lang, Strings> = { th, en };

export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name) => `${values[name]}`);
}

/** The element's own `lang`, else the closest `lang` in the page, else Thai. */
export function pickLang(element: HTMLElement): Lang {
  return /^en/i.test(element.lang || element.closest('[lang]')?.getAttribute('lang') || '') ? 'en' : 'th';
}

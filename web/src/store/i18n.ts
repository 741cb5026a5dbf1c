/**
 * The storefront's two languages, English and Afrikaans: one typed dictionary each (a missing key is a type
 * error), the buyer's choice remembered in localStorage, the default taken from the browser's languages.
 * Money and dates are formatted with Intl in the matching locale.
 */
import type { Lang, Messages } from './messages';
import { af } from './messages-af';
import { en } from './messages-en';

export { LANGS, type Lang, type Messages } from './messages';

export const MESSAGES: Record<Lang, Messages> = { en, af };

/**
 * The buyer's own choice if there is one, else the first browser language we speak, else the organizer's language
 * (the event's `locale`, once the page knows it), else English.
 */
export function pickLang(stored: string | null | undefined, browser: readonly string[], organizer?: string | null): Lang {
  if (isLang(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return isLang(organizer) ? organizer : 'en';
}

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'af';
}

/**
 * The Intl locale for formatting: the browser's own regional variant of the chosen language when it has one
 * (en-GB stays en-GB), else South African (the platform's home: R 350,00 and 24-hour times).
 */
export function intlLocale(lang: Lang, browser: readonly string[]): string {
  for (const tag of browser) {
    if (tag.toLowerCase().split('-')[0] === lang && tag.includes('-')) return tag;
  }
  return lang === 'af' ? 'af-ZA' : 'en-ZA';
}

/** "a, b and c" in the chosen language. */
export function joinList(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = lang === 'af' ? 'en' : 'and';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

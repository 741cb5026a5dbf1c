/** The chosen language for the whole storefront, the switcher, and <html lang> kept in step. */
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { formatInZone, formatMoney } from '../api/client';
import { intlLocale, LANGS, MESSAGES, pickLang, type Lang, type Messages } from './i18n';

const STORAGE_KEY = 'vge.lang';

type I18n = {
  lang: Lang;
  t: Messages;
  locale: string;
  setLang: (lang: Lang) => void;
  /** The organizer's language: used when the buyer has not chosen one and the browser prefers none we have. */
  setOrganizerLang: (lang: string | null) => void;
  money: (minor: number, currency: string) => string;
  dateTime: (iso: string, timeZone: string, opts?: Intl.DateTimeFormatOptions) => string;
};

const Ctx = createContext<I18n | null>(null);

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [chosen, setChosen] = useState<string | null>(readStored);
  const [organizer, setOrganizerLang] = useState<string | null>(null);
  const lang = pickLang(chosen, browserLanguages(), organizer);
  const setLang = useCallback((next: Lang) => {
    setChosen(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const locale = intlLocale(lang, browserLanguages());
    return {
      lang,
      t: MESSAGES[lang],
      locale,
      setLang,
      setOrganizerLang,
      money: (minor, currency) => formatMoney(minor, currency, locale),
      dateTime: (iso, timeZone, opts) => formatInZone(iso, timeZone, locale, opts),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function LanguageSwitcher() {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className="lang-switch">
      <label htmlFor={id}>{t.language}</label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {MESSAGES[l].langName}
          </option>
        ))}
      </select>
    </div>
  );
}

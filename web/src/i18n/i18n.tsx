/**
 * The application's two languages. Every string the interface shows comes from the message tables
 * (messages/*.ts) in Chinese and English; Chinese is the default, the choice is kept in the browser.
 * Text that comes from the server in both languages (error messages, names with nameEn) is picked
 * with `pick`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type MessageKey } from './messages/index.js';

export type Locale = 'zh' | 'en';
export type Params = Record<string, string | number>;

const STORAGE_KEY = 'lantu.locale';

export function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
}

/** The message in the locale, with `{name}` placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const entry = messages[key];
  let text: string = entry ? entry[locale] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  /** The server's bilingual text: `{zh, en}`, or a Chinese name with its optional English one. */
  pick(zh: { zh: string; en: string } | string | null | undefined, en?: string | null): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(locale, 'app.documentTitle');
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      pick: (zh, en) => {
        if (zh === null || zh === undefined) return en ?? '';
        if (typeof zh === 'object') return zh[locale] || zh.zh;
        return locale === 'en' && en ? en : zh;
      },
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * The UI language: Ukrainian by default, English on request, remembered in localStorage.
 * Components read strings through `useT()` so a switch re-renders every screen at once.
 */
import type { Locale } from 'date-fns';
import { format as formatDate } from 'date-fns';
import { enUS, uk } from 'date-fns/locale';
import { useMemo } from 'react';
import { create } from 'zustand';
import { t, tDynamic, type Lang, type MessageKey } from '../../../shared/i18n/index.js';
import { formatDuration, zonedFormat, type ZonedFormat } from '../../../shared/i18n/time-format.js';

const LANG_KEY = 'spilno.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'en' ? 'en' : 'uk';
}

interface I18nState {
  lang: Lang;
  setLang(lang: Lang): void;
}

export const useI18nStore = create<I18nState>((set) => ({
  lang: initialLang(),
  setLang: (lang) => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
    set({ lang });
  },
}));

export const DATE_LOCALES: Record<Lang, Locale> = { uk, en: enUS };

export interface Translator {
  lang: Lang;
  t: (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;
  /** Keys built at run time: enum labels (`status.${s}`), validation keys from zod issues. */
  td: (key: string, params?: Readonly<Record<string, string | number>>) => string;
  dateLocale: Locale;
  /** A date-fns pattern in the current language ("d MMM yyyy, HH:mm"). */
  fmt: (iso: string | Date, pattern?: string) => string;
  /** Times on a zone's clock (an operation's), 24-hour, with the clock named: the time policy. */
  zoned: (zone?: string) => ZonedFormat;
  /** "1 год 20 хв". */
  duration: (minutes: number) => string;
}

export function makeTranslator(lang: Lang): Translator {
  const dateLocale = DATE_LOCALES[lang];
  return {
    lang,
    t: (key, params) => t(lang, key, params),
    td: (key, params) => tDynamic(lang, key, params),
    dateLocale,
    fmt: (iso, pattern = 'd MMM yyyy, HH:mm') => {
      const d = typeof iso === 'string' ? new Date(iso) : iso;
      return Number.isNaN(d.getTime()) ? '' : formatDate(d, pattern, { locale: dateLocale });
    },
    zoned: (zone) => zonedFormat(lang, zone),
    duration: (minutes) => formatDuration(minutes, lang),
  };
}

export function useT(): Translator {
  const lang = useI18nStore((s) => s.lang);
  return useMemo(() => makeTranslator(lang), [lang]);
}

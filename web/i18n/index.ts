import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de.ts';
import { en } from './en.ts';

export const SUPPORTED_LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** The profile's language when it has one we speak, else the browser's first one we speak, else German. */
export function pickLanguage(profileLocale: string | null | undefined, browserLanguages: readonly string[]): Language {
  for (const candidate of [profileLocale ?? '', ...browserLanguages]) {
    const base = candidate.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'de';
}

export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: pickLanguage(null, navigator.languages ?? [navigator.language]),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}

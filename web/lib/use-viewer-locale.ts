import { useTranslation } from 'react-i18next';
import { regionalLocale } from './format.ts';

/** The viewer's locale with region (en-GB, de-AT) for dates, numbers and sorting. */
export function useViewerLocale(): string {
  const { i18n } = useTranslation();
  return regionalLocale(i18n.language, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
}

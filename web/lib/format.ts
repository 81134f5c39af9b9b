/** Dates and numbers in the viewer's locale and time zone (Intl), cached per combination. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string | undefined, style: 'short' | 'long'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${style}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = style === 'short' ? { dateStyle: 'short', timeStyle: 'short' } : { dateStyle: 'full', timeStyle: 'long' };
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(locale, options);
    }
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string, locale: string, timeZone?: string, style: 'short' | 'long' = 'short'): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter(locale, timeZone, style).format(date);
}

export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/**
 * The locale for dates and sorting: the viewer's language with the region of their browser
 * when the browser speaks that language ("en" + en-GB → "en-GB": 01/03/2026, not 3/1/2026),
 * else the language alone.
 */
export function regionalLocale(language: string, browserLanguages: readonly string[]): string {
  const base = language.toLowerCase().split('-')[0];
  const match = browserLanguages.find((tag) => tag.toLowerCase().split('-')[0] === base && tag.includes('-'));
  if (!match) return language;
  try {
    return Intl.getCanonicalLocales(match)[0] ?? language;
  } catch {
    return language;
  }
}

const collators = new Map<string, Intl.Collator>();

/** Compares names as people of that language sort them (Bäckerei before Buchhaltung in German). */
export function compareNames(locale: string): (a: string, b: string) => number {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, collator);
  }
  return collator.compare;
}

/** A copy of the list sorted by the name the viewer reads. */
export function sortByName<T>(items: readonly T[], locale: string, nameOf: (item: T) => string): T[] {
  const compare = compareNames(locale);
  return [...items].sort((a, b) => compare(nameOf(a), nameOf(b)));
}

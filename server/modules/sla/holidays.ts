import Holidays from 'date-holidays';

/**
 * Public holidays from the date-holidays library (its rules per country and state, e.g. DE/BY
 * has Heilige Drei Könige and Fronleichnam, DE/BE does not). Only days of type "public" close
 * a calendar; bank and optional days (Heiligabend) do not — add them as extra closed days.
 */
const directory = new Holidays();

/** A sentence for a person when the country or state is unknown, else undefined. */
export function holidayRegionProblem(country: string, state: string | undefined): string | undefined {
  const countries = directory.getCountries('en') as Record<string, string> | undefined;
  if (!countries?.[country]) return `"${country}" is not a country the holiday calendar knows; use a two-letter code such as DE, AT or CH.`;
  if (state === undefined) return undefined;
  const states = (directory.getStates(country, 'en') ?? {}) as Record<string, string>;
  if (!states[state]) {
    const known = Object.keys(states);
    return known.length > 0 ? `"${state}" is not a state of ${country}; use one of ${known.join(', ')}.` : `${country} has no states in the holiday calendar; leave the state out.`;
  }
  return undefined;
}

const cache = new Map<string, Set<string>>();

/** The public holidays of a region in one year, as local dates "YYYY-MM-DD". */
export function publicHolidays(country: string, state: string | null, year: number): Set<string> {
  const key = `${country}/${state ?? ''}/${year}`;
  let dates = cache.get(key);
  if (!dates) {
    const holidays = state ? new Holidays(country, state) : new Holidays(country);
    dates = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    cache.set(key, dates);
  }
  return dates;
}

/** The closed-day test of a calendar: its region's public holidays and its extra closed dates. */
export function closedDays(holidays: { country: string; state: string | null } | null, extraClosed: readonly string[]): (localDate: string) => boolean {
  const extra = new Set(extraClosed);
  return (localDate) => extra.has(localDate) || (holidays !== null && publicHolidays(holidays.country, holidays.state, Number(localDate.slice(0, 4))).has(localDate));
}

/** Every country the library knows with its states (for the calendar form), names in the locale asked for. */
type Region = { code: string; name: string; states: Array<{ code: string; name: string }> };
const regionsCache = new Map<string, Region[]>();

export function holidayRegions(locale: 'de' | 'en'): Region[] {
  const cached = regionsCache.get(locale);
  if (cached) return cached;
  const regions = listRegions(locale);
  regionsCache.set(locale, regions);
  return regions;
}

function listRegions(locale: 'de' | 'en'): Region[] {
  const countries = (directory.getCountries(locale) ?? {}) as Record<string, string>;
  return Object.entries(countries)
    .map(([code, name]) => ({
      code,
      name,
      states: Object.entries((directory.getStates(code, locale) ?? {}) as Record<string, string>)
        .map(([state, stateName]) => ({ code: state, name: stateName }))
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

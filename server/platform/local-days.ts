import { invalid } from './errors.ts';

/**
 * Calendar days in a person's time zone, as UTC instants: reports take `from`/`to` as local
 * dates (inclusive) and count what happened between the first local midnight and the one after
 * the last day. Times in the database are ISO 8601 UTC strings, so a period is a string range.
 */

/** The zone used when a stored one is unknown to this Node (the installation's default for new users). */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** A zone this Node knows, else the default. */
export function usableTimeZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    formatterOf(zone);
    return zone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of local midnight starting the date `YYYY-MM-DD` in the zone. */
export function startOfLocalDay(date: string, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00.000Z`);
  // Two rounds settle days where the offset changes (the offset after the change applies).
  let instant = wall - offsetAt(zone, wall);
  instant = wall - offsetAt(zone, instant);
  return new Date(instant);
}

/** The local date `YYYY-MM-DD` of an instant in the zone. */
export function localDateOf(instant: Date, zone: string): string {
  return new Date(instant.getTime() + offsetAt(zone, instant.getTime())).toISOString().slice(0, 10);
}

/** The date `n` days after a `YYYY-MM-DD` date (calendar arithmetic, no zone). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export interface LocalPeriod {
  from: string;
  to: string;
  zone: string;
  /** ISO UTC: first instant of `from`, and first instant after `to`. */
  start: string;
  end: string;
}

/**
 * Checks a period of local dates (400 with a message a person understands) and turns it into
 * UTC bounds: `start` ≤ t < `end`.
 */
export function localPeriod(from: string, to: string, zone: string, maxDays = 366): LocalPeriod {
  if (from > to) throw invalid('"from" must not be after "to".', { from: 'After "to".' });
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  if (days > maxDays) throw invalid(`Choose a period of at most ${maxDays} days.`, { to: `At most ${maxDays} days including "from".` });
  const usable = usableTimeZone(zone);
  return { from, to, zone: usable, start: startOfLocalDay(from, usable).toISOString(), end: startOfLocalDay(addDays(to, 1), usable).toISOString() };
}

export type BucketSize = 'day' | 'week' | 'month';

export interface Bucket {
  /** `YYYY-MM-DD` for days and weeks (the Monday), `YYYY-MM` for months. */
  key: string;
  start: string;
  end: string;
}

/** The period cut into local days, ISO weeks (Monday first) or months; the first and last are clipped to the period. */
export function localBuckets(period: LocalPeriod, size: BucketSize): Bucket[] {
  const out: Bucket[] = [];
  let day = period.from;
  while (day <= period.to) {
    let next: string;
    let key: string;
    if (size === 'day') {
      key = day;
      next = addDays(day, 1);
    } else if (size === 'week') {
      const weekday = (new Date(`${day}T00:00:00.000Z`).getUTCDay() + 6) % 7;
      key = addDays(day, -weekday);
      next = addDays(key, 7);
    } else {
      key = day.slice(0, 7);
      const [y, m] = key.split('-').map(Number) as [number, number];
      next = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    }
    const last = next > period.to ? addDays(period.to, 1) : next;
    out.push({ key, start: startOfLocalDay(day, period.zone).toISOString(), end: startOfLocalDay(last, period.zone).toISOString() });
    day = last;
  }
  return out;
}

import { remembered } from '../../platform/remembered.ts';

/**
 * Business-time arithmetic, pure: no database, no clock of its own. A calendar is opening
 * hours per weekday in a time zone plus the local dates it is closed (public holidays, extra
 * closed days). Times are converted between the zone's wall clock and UTC with Intl, so DST
 * changes (a 23- or 25-hour day) are counted as the hours that really pass.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening intervals per weekday, local "HH:MM" (end may be "24:00"), sorted and disjoint. */
export type WeeklyHours = Record<Weekday, Array<[string, string]>>;

export interface BusinessCalendar {
  timeZone: string;
  hours: WeeklyHours;
  /** True for a local date ("YYYY-MM-DD") on which the calendar is closed all day. */
  closedOn(localDate: string): boolean;
}

/** How far the arithmetic looks ahead before it gives up (a calendar that is never open). */
const MAX_DAYS = 20 * 366;
const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA time zone name this Node.js knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +2 h). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock time names. In the hour a DST change skips, the time is read
 * with the offset before the change (02:30 on the last Sunday of March in Berlin is 03:30
 * CEST); in the hour it repeats, the earlier of the two instants.
 */
export function zonedToInstant(localDate: string, minutes: number, timeZone: string): number {
  return instants(`${timeZone} ${localDate} ${minutes}`, () => computeZonedInstant(localDate, minutes, timeZone));
}

/**
 * Instants already converted, by zone, local date and minute of the day. Each conversion asks
 * Intl for the wall clock three times (about 10 µs each), and every due time walks the opening
 * hours day by day from the clock's start: when 500 old tickets closed at once, the SLA
 * subscriber held the event loop for 200–300 ms per chunk of 25 events (`anlauf serve` at
 * 1,000,000 tickets), and a five-day due time took 0.29 ms (0.016 now). The days of all
 * tickets' clocks are mostly the same ones.
 */
const instants = remembered<string, number>(100_000);

function computeZonedInstant(localDate: string, minutes: number, timeZone: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  const before = offsetAt(naive - 86_400_000, timeZone);
  const candidate = naive - before;
  const after = offsetAt(candidate, timeZone);
  if (after === before) return candidate;
  const shifted = naive - after;
  // The wall time exists with the later offset (we are past the change): use it; otherwise it
  // fell into the gap and the earlier offset gives the instant just after the gap.
  return offsetAt(shifted, timeZone) === after ? shifted : candidate;
}

/** The local date ("YYYY-MM-DD") of an instant in a time zone. */
export function localDateOf(instant: number, timeZone: string): string {
  return new Date(Math.floor(instant / 1000) * 1000 + offsetInHour(instant, timeZone)).toISOString().slice(0, 10);
}

/**
 * The zone's offset at an instant, remembered per hour of UTC where it is the same at the hour's
 * first and last second (a zone changes its offset at most once within an hour, so then it holds
 * for the whole hour). Every SLA clock's due times begin with the local date of its start.
 */
function offsetInHour(instant: number, timeZone: string): number {
  const hour = Math.floor(instant / 3_600_000);
  const offset = hourOffsets(`${timeZone} ${hour}`, () => {
    const first = offsetAt(hour * 3_600_000, timeZone);
    return first === offsetAt((hour + 1) * 3_600_000 - 1000, timeZone) ? first : Number.NaN;
  });
  // NaN: the offset changes within this hour; asked at the instant itself.
  return Number.isNaN(offset) ? offsetAt(instant, timeZone) : offset;
}
const hourOffsets = remembered<string, number>(100_000);

function nextDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function weekdayOf(localDate: string): Weekday {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** "08:30" → 510; "24:00" → 1440. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The open intervals of one local date as UTC instants [start, end), and the date after it. */
interface Day {
  intervals: Array<[number, number]>;
  next: string;
}

/**
 * The days of a calendar already worked out. A calendar object is built from its row for a chunk
 * of events (sla.queries.ts) and never changed, so what it says about a date holds as long as
 * the object lives; every clock of the chunk walks mostly the same days.
 */
const daysOf = new WeakMap<BusinessCalendar, (localDate: string, compute: () => Day) => Day>();

function day(calendar: BusinessCalendar, localDate: string): Day {
  let days = daysOf.get(calendar);
  if (!days) daysOf.set(calendar, (days = remembered<string, Day>(20_000)));
  return days(localDate, () => ({
    intervals: calendar.closedOn(localDate)
      ? []
      : calendar.hours[weekdayOf(localDate)].map(([from, to]) => [zonedToInstant(localDate, minutesOfDay(from), calendar.timeZone), zonedToInstant(localDate, minutesOfDay(to), calendar.timeZone)]),
    next: nextDate(localDate),
  }));
}

/**
 * The instant `ms` of business time after `start`. Zero business time from outside the opening
 * hours gives the next opening; a span ending exactly at closing time ends there.
 */
export function addBusinessTime(start: Date, ms: number, calendar: BusinessCalendar): Date {
  let remaining = Math.max(0, ms);
  const from = start.getTime();
  // Begin one day early: the local date of `start` may have intervals before it, and a DST
  // night may shift where the day begins.
  let date = localDateOf(from - 86_400_000, calendar.timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    const today = day(calendar, date);
    date = today.next;
    for (const [open, close] of today.intervals) {
      const begin = Math.max(open, from);
      if (begin >= close) continue;
      if (close - begin >= remaining) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new Error(`The calendar in ${calendar.timeZone} has no opening hours within ${MAX_DAYS} days.`);
}

export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  return addBusinessTime(start, minutes * MINUTE, calendar);
}

/** The business time (ms) between two instants; 0 when `to` is not after `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  let date = localDateOf(a - 86_400_000, calendar.timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    const today = day(calendar, date);
    for (const [open, close] of today.intervals) total += Math.max(0, Math.min(close, b) - Math.max(open, a));
    // Stop once the whole day lies after `to` (its first possible instant is past `b`).
    if (zonedToInstant(date, 0, calendar.timeZone) > b) return total;
    date = today.next;
  }
  return total;
}

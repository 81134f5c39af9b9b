/**
 * Wall-clock times in the agent's time zone for the pending reminder: the quick choices
 * (tomorrow 9:00, in 3 days, next Monday) and the value of a datetime-local input, which has
 * no zone of its own. Intl gives the zone's offset at an instant; one correction step covers
 * the hour around a DST change.
 */
interface Wall {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function wallClock(at: Date, timeZone: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short', hourCycle: 'h23' }).formatToParts(
    at,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    weekday: WEEKDAYS.indexOf(part('weekday')),
  };
}

/** The instant when the clocks in `timeZone` show this date and time (days past the month's end roll over). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    guess += wanted - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  }
  return new Date(guess);
}

export type QuickChoice = 'tomorrow' | 'inThreeDays' | 'nextMonday';
export const QUICK_CHOICES: QuickChoice[] = ['tomorrow', 'inThreeDays', 'nextMonday'];

/** 9:00 in the agent's zone: tomorrow, in three days, or the coming Monday (a week on when today is Monday). */
export function quickChoice(choice: QuickChoice, now: Date, timeZone: string): Date {
  const today = wallClock(now, timeZone);
  const days = choice === 'tomorrow' ? 1 : choice === 'inThreeDays' ? 3 : (8 - today.weekday) % 7 || 7;
  return zonedInstant(today.year, today.month, today.day + days, 9, 0, timeZone);
}

const two = (n: number) => String(n).padStart(2, '0');

/** ISO instant → "2026-12-01T09:00" as the agent's clocks show it (a datetime-local value). */
export function toLocalInput(iso: string, timeZone: string): string {
  const w = wallClock(new Date(iso), timeZone);
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

/** A datetime-local value read in the agent's zone → ISO instant; undefined when incomplete. */
export function fromLocalInput(value: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return zonedInstant(y, mo, d, h, mi, timeZone).toISOString();
}

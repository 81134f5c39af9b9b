import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, type BusinessCalendar, businessTimeBetween, localDateOf, type WeeklyHours, zonedToInstant } from './business-clock.ts';
import { closedDays, holidayRegionProblem } from './holidays.ts';

// Pure arithmetic: every instant is given, nothing reads the real clock.
const office: WeeklyHours = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']], sat: [], sun: [] };
const allDay: WeeklyHours = {
  mon: [['00:00', '24:00']],
  tue: [['00:00', '24:00']],
  wed: [['00:00', '24:00']],
  thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']],
  sat: [['00:00', '24:00']],
  sun: [['00:00', '24:00']],
};

const bavaria: BusinessCalendar = { timeZone: 'Europe/Berlin', hours: office, closedOn: closedDays({ country: 'DE', state: 'BY' }, []) };
const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', hours: office, closedOn: closedDays({ country: 'DE', state: 'BE' }, []) };
const noHolidays: BusinessCalendar = { timeZone: 'Europe/Berlin', hours: office, closedOn: closedDays(null, []) };
const roundTheClock: BusinessCalendar = { timeZone: 'Europe/Berlin', hours: allDay, closedOn: closedDays(null, []) };
const add = (calendar: BusinessCalendar, from: string, minutes: number) => addBusinessMinutes(new Date(from), minutes, calendar).toISOString();
const between = (calendar: BusinessCalendar, from: string, to: string) => businessTimeBetween(new Date(from), new Date(to), calendar) / 60_000;

describe('business clock: office hours Mon–Fri 08:00–17:00 in Europe/Berlin', () => {
  it.each([
    // [start (UTC), business minutes, due (UTC)] — winter: Berlin = UTC+1
    ['2026-01-13T09:00:00.000Z', 60, '2026-01-13T10:00:00.000Z'], // Tue 10:00 local + 1 h
    ['2026-01-13T15:00:00.000Z', 60, '2026-01-13T16:00:00.000Z'], // Tue 16:00 + 1 h → ends at closing time, 17:00
    ['2026-01-13T15:00:00.000Z', 120, '2026-01-14T08:00:00.000Z'], // Tue 16:00 + 2 h → over the night to Wed 09:00
    ['2026-01-13T16:00:00.000Z', 0, '2026-01-14T07:00:00.000Z'], // at closing time [open, close) is over → next opening
    ['2026-01-13T16:00:00.000Z', 1, '2026-01-14T07:01:00.000Z'], // at closing + 1 min → Wed 08:01
    ['2026-01-13T20:00:00.000Z', 0, '2026-01-14T07:00:00.000Z'], // at night, zero minutes → next opening
    ['2026-01-13T05:00:00.000Z', 30, '2026-01-13T07:30:00.000Z'], // before opening → opening + 30 min
    ['2026-01-16T15:30:00.000Z', 60, '2026-01-19T07:30:00.000Z'], // Fri 16:30 + 1 h → over the weekend to Mon 08:30
    ['2026-01-17T10:00:00.000Z', 60, '2026-01-19T08:00:00.000Z'], // Saturday → Mon 09:00
    ['2026-01-13T07:00:00.000Z', 9 * 60, '2026-01-13T16:00:00.000Z'], // a whole day ends at closing time
    ['2026-01-13T07:00:00.000Z', 5 * 9 * 60, '2026-01-19T16:00:00.000Z'], // a working week from Tue 08:00 → Mon 17:00
  ])('%s + %i min → %s', (from, minutes, due) => {
    expect(add(noHolidays, from, minutes)).toBe(due);
  });

  it('skips Heilige Drei Könige (6 January) in Bavaria but not in Berlin', () => {
    // Mon 5 Jan 2026, 16:00 local + 2 h: Bavaria is closed on Tue 6 Jan, Berlin is open.
    expect(add(bavaria, '2026-01-05T15:00:00.000Z', 120)).toBe('2026-01-07T08:00:00.000Z');
    expect(add(berlin, '2026-01-05T15:00:00.000Z', 120)).toBe('2026-01-06T08:00:00.000Z');
  });

  it('skips Fronleichnam in Bavaria and the Easter weekend everywhere in Germany', () => {
    // Wed 3 Jun 2026 16:00 + 2 h: Thu 4 Jun is Fronleichnam in BY.
    expect(add(bavaria, '2026-06-03T14:00:00.000Z', 120)).toBe('2026-06-05T07:00:00.000Z');
    expect(add(berlin, '2026-06-03T14:00:00.000Z', 120)).toBe('2026-06-04T07:00:00.000Z');
    // Thu 2 Apr 2026 16:00 + 2 h: Good Friday and Easter Monday are closed → Tue 7 Apr 09:00.
    expect(add(berlin, '2026-04-02T14:00:00.000Z', 120)).toBe('2026-04-07T07:00:00.000Z');
  });

  it('skips extra closed days of the calendar', () => {
    const closedOnChristmasEve: BusinessCalendar = { ...berlin, closedOn: closedDays({ country: 'DE', state: 'BE' }, ['2026-12-24']) };
    // Wed 23 Dec 16:00 + 2 h: 24 Dec is closed (extra), 25 and 26 are holidays, 27 a Sunday → Mon 28 Dec 09:00.
    expect(add(closedOnChristmasEve, '2026-12-23T15:00:00.000Z', 120)).toBe('2026-12-28T08:00:00.000Z');
    expect(add(berlin, '2026-12-23T15:00:00.000Z', 120)).toBe('2026-12-24T08:00:00.000Z');
  });

  it('handles split days (lunch break) and several intervals', () => {
    const split: BusinessCalendar = {
      ...noHolidays,
      hours: {
        ...office,
        tue: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
    };
    // Tue 11:30 local + 60 min: 30 before lunch, 30 after → 13:30 local.
    expect(add(split, '2026-01-13T10:30:00.000Z', 60)).toBe('2026-01-13T12:30:00.000Z');
    expect(between(split, '2026-01-13T07:00:00.000Z', '2026-01-13T16:00:00.000Z')).toBe(8 * 60);
  });

  it('counts business minutes between two instants across nights and weekends', () => {
    expect(between(noHolidays, '2026-01-16T15:00:00.000Z', '2026-01-19T08:00:00.000Z')).toBe(60 + 60); // Fri 16–17, Mon 08–09
    expect(between(noHolidays, '2026-01-17T08:00:00.000Z', '2026-01-18T20:00:00.000Z')).toBe(0); // the weekend
    expect(between(noHolidays, '2026-01-19T08:00:00.000Z', '2026-01-16T15:00:00.000Z')).toBe(0); // backwards
    expect(between(bavaria, '2026-01-05T15:00:00.000Z', '2026-01-07T08:00:00.000Z')).toBe(120);
  });

  it('is the inverse of adding business minutes', () => {
    for (const start of ['2026-01-13T09:17:00.000Z', '2026-03-27T15:45:00.000Z', '2026-10-23T14:00:00.000Z', '2026-12-31T12:00:00.000Z']) {
      for (const minutes of [1, 59, 540, 1000, 5000]) {
        const due = addBusinessMinutes(new Date(start), minutes, bavaria);
        expect(businessTimeBetween(new Date(start), due, bavaria) / 60_000).toBe(minutes);
      }
    }
  });
});

describe('business clock across DST changes (Europe/Berlin: last Sunday of March and October)', () => {
  it('converts local wall times on the change days', () => {
    expect(new Date(zonedToInstant('2026-03-29', 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T00:00:00.000Z'); // 01:00 CET
    expect(new Date(zonedToInstant('2026-03-29', 180, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(new Date(zonedToInstant('2026-03-29', 150, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 does not exist → 03:30 CEST
    expect(new Date(zonedToInstant('2026-03-29', 1440, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z'); // 24:00 = Mon 00:00 CEST
    expect(new Date(zonedToInstant('2026-10-25', 150, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 twice → the first (CEST)
    expect(new Date(zonedToInstant('2026-10-25', 180, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T02:00:00.000Z'); // 03:00 CET
    expect(localDateOf(Date.parse('2026-10-24T22:30:00.000Z'), 'Europe/Berlin')).toBe('2026-10-25');
  });

  it('a 24/7 calendar counts the real hours: the March Sunday has 23, the October Sunday 25', () => {
    expect(between(roundTheClock, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z')).toBe(23 * 60);
    expect(between(roundTheClock, '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z')).toBe(25 * 60);
    // Sat 28 Mar 23:00 local + 4 h of real time → Sun 04:00 CEST (one wall-clock hour skipped).
    expect(add(roundTheClock, '2026-03-28T22:00:00.000Z', 240)).toBe('2026-03-29T02:00:00.000Z');
    expect(add(roundTheClock, '2026-10-24T22:00:00.000Z', 25 * 60)).toBe('2026-10-25T23:00:00.000Z');
  });

  it('office hours keep their local times on both sides of the change', () => {
    // Fri 27 Mar 16:00 CET + 2 h → Mon 30 Mar 09:00 CEST (= 07:00 UTC, no longer 08:00 UTC).
    expect(add(noHolidays, '2026-03-27T15:00:00.000Z', 120)).toBe('2026-03-30T07:00:00.000Z');
    // Fri 23 Oct 16:00 CEST + 2 h → Mon 26 Oct 09:00 CET (= 08:00 UTC).
    expect(add(noHolidays, '2026-10-23T14:00:00.000Z', 120)).toBe('2026-10-26T08:00:00.000Z');
    // A whole working week over the March change: Mon 23 Mar 08:00 CET + 45 h → Fri 27 17:00 CET.
    expect(add(noHolidays, '2026-03-23T07:00:00.000Z', 45 * 60)).toBe('2026-03-27T16:00:00.000Z');
  });

  it('other zones: New York changes on other dates than Berlin', () => {
    const newYork: BusinessCalendar = { timeZone: 'America/New_York', hours: allDay, closedOn: () => false };
    // 8 Mar 2026 is the US change: a 23-hour Sunday.
    expect(between(newYork, '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z')).toBe(23 * 60);
  });

  it('gives the local date of every instant around offset changes, in zones with odd offsets too', () => {
    const reference = (instant: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
    // Berlin's and New York's spring and autumn changes, Lord Howe's half-hour changes (one of them at half past a UTC hour),
    // Kathmandu's +05:45 (and its change from +05:30 at 18:30 UTC), Chatham's +12:45/+13:45.
    const around: Array<[string, string]> = [
      ['Europe/Berlin', '2026-03-29T00:00:00Z'],
      ['Europe/Berlin', '2026-10-25T00:00:00Z'],
      ['America/New_York', '2026-11-01T05:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
      ['Asia/Kathmandu', '2026-06-01T17:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T13:00:00Z'],
    ];
    for (const [zone, at] of around) {
      const start = Date.parse(at) - 12 * 3_600_000;
      for (let instant = start; instant < start + 36 * 3_600_000; instant += 7 * 60_000 + 13_000) {
        expect(localDateOf(instant, zone), `${zone} ${new Date(instant).toISOString()}`).toBe(reference(instant, zone));
      }
    }
  });

  it('keeps converted instants apart by zone (they are remembered once converted)', () => {
    for (let round = 0; round < 2; round++) {
      expect(new Date(zonedToInstant('2026-03-29', 150, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
      expect(new Date(zonedToInstant('2026-03-29', 150, 'America/New_York')).toISOString()).toBe('2026-03-29T06:30:00.000Z');
      expect(new Date(zonedToInstant('2026-03-29', 150, 'Asia/Kolkata')).toISOString()).toBe('2026-03-28T21:00:00.000Z');
    }
  });
});

describe('pending pauses (the arithmetic the SLA uses: due = start + target + paused business time)', () => {
  it('moves the due time by the business time spent pending, not the wall time', () => {
    const start = new Date('2026-01-13T07:00:00.000Z'); // Tue 08:00
    const due = (pausedMs: number) => addBusinessMinutes(start, 8 * 60 + pausedMs / 60_000, noHolidays).toISOString();
    expect(due(0)).toBe('2026-01-13T15:00:00.000Z'); // Tue 16:00
    // Pending from Tue 15:00 local to Wed 10:00 local: 2 h + 2 h business time.
    const paused = businessTimeBetween(new Date('2026-01-13T14:00:00.000Z'), new Date('2026-01-14T09:00:00.000Z'), noHolidays);
    expect(paused / 60_000).toBe(240);
    expect(due(paused)).toBe('2026-01-14T10:00:00.000Z'); // Tue 16:00 + 4 business hours → Wed 11:00
    // Pending over a weekend and the night only: Fri 17:00 → Mon 08:00 costs nothing.
    expect(businessTimeBetween(new Date('2026-01-16T16:00:00.000Z'), new Date('2026-01-19T07:00:00.000Z'), noHolidays)).toBe(0);
  });
});

describe('holiday regions', () => {
  it('names what is wrong in a sentence', () => {
    expect(holidayRegionProblem('DE', 'BY')).toBeUndefined();
    expect(holidayRegionProblem('DE', undefined)).toBeUndefined();
    expect(holidayRegionProblem('XX', undefined)).toMatch(/not a country/);
    expect(holidayRegionProblem('DE', 'ZZ')).toMatch(/not a state of DE; use one of .*BY/);
  });
});

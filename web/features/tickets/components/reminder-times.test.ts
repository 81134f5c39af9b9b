import { describe, expect, it } from 'vitest';
import { fromLocalInput, quickChoice, toLocalInput, zonedInstant } from './reminder-times.ts';

describe('reminder times in the agent’s time zone', () => {
  it('finds 9:00 in Berlin in winter and summer, and across the DST change', () => {
    expect(zonedInstant(2026, 12, 1, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(zonedInstant(2026, 7, 1, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    // Clocks go forward on 29 March 2026 at 2:00: 9:00 that day is already summer time.
    expect(zonedInstant(2026, 3, 29, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedInstant(2026, 12, 1, 9, 0, 'America/New_York').toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('offers tomorrow, in three days and next Monday at 9:00 (late evening in Berlin is already the next day in UTC+14)', () => {
    // Monday 30 November 2026, 23:30 in Berlin.
    const now = new Date('2026-11-30T22:30:00.000Z');
    expect(quickChoice('tomorrow', now, 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(quickChoice('inThreeDays', now, 'Europe/Berlin').toISOString()).toBe('2026-12-03T08:00:00.000Z');
    expect(quickChoice('nextMonday', now, 'Europe/Berlin').toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // In Kiritimati it is Tuesday 1 December already: next Monday is the 7th, tomorrow the 2nd.
    expect(quickChoice('tomorrow', now, 'Pacific/Kiritimati').toISOString()).toBe('2026-12-01T19:00:00.000Z');
    expect(quickChoice('nextMonday', now, 'Pacific/Kiritimati').toISOString()).toBe('2026-12-06T19:00:00.000Z');
    // A Saturday: the Monday two days on; the month rolls over.
    expect(quickChoice('nextMonday', new Date('2026-10-31T10:00:00.000Z'), 'Europe/Berlin').toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('reads and writes datetime-local values in the zone', () => {
    expect(toLocalInput('2026-12-01T08:00:00.000Z', 'Europe/Berlin')).toBe('2026-12-01T09:00');
    expect(fromLocalInput('2026-12-01T09:00', 'Europe/Berlin')).toBe('2026-12-01T08:00:00.000Z');
    expect(fromLocalInput('2026-12-01', 'Europe/Berlin')).toBeUndefined();
  });
});

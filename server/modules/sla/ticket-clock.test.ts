import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from './business-clock.ts';
import { closedDays } from './holidays.ts';
import { type ClockState, dueChecks, nextClock, timersToSchedule } from './ticket-clock.ts';

// Pure: each event carries its own time; nothing reads the real clock.
const office: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']], sat: [], sun: [] },
  closedOn: closedDays({ country: 'DE', state: 'BY' }, []),
};
const policy = { id: 7, first_response_minutes: 60, resolution_minutes: 8 * 60, warning_percent: 80 };
const ticket = { id: 1, createdAt: '2026-01-13T07:00:00.000Z', status: 'new' }; // Tue 08:00 in Berlin

function run(events: Array<{ at: string; statusTo?: string; publicAgentReply?: boolean }>): ClockState {
  let state: ClockState | undefined;
  for (const event of events) state = nextClock(state, ticket, policy, office, event);
  return state!;
}

describe('ticket clock', () => {
  it('starts at creation with due and warning times in business time', () => {
    const state = run([{ at: ticket.createdAt }]);
    expect(state).toMatchObject({
      first_response_due_at: '2026-01-13T08:00:00.000Z',
      first_response_warn_at: '2026-01-13T07:48:00.000Z',
      resolution_due_at: '2026-01-13T15:00:00.000Z',
      resolution_warn_at: '2026-01-13T13:24:00.000Z',
      paused_seconds: 0,
      paused_since: null,
    });
    expect(timersToSchedule(undefined, state)).toEqual(['2026-01-13T07:48:00.000Z', '2026-01-13T08:00:00.000Z', '2026-01-13T13:24:00.000Z', '2026-01-13T15:00:00.000Z']);
  });

  it('pending pauses the clock and moves the resolution due time by the paused business time', () => {
    const paused = run([{ at: ticket.createdAt }, { at: '2026-01-13T09:00:00.000Z', statusTo: 'pending', publicAgentReply: true }]);
    expect(paused.paused_since).toBe('2026-01-13T09:00:00.000Z');
    expect(paused.first_responded_at).toBe('2026-01-13T09:00:00.000Z');
    // While paused no timer runs, and a timer finds nothing.
    expect(timersToSchedule(undefined, paused)).toEqual([]);
    expect(dueChecks(paused, '2026-01-20T00:00:00.000Z')).toEqual({ warnings: [], breaches: [] });
    // Pending from Tue 10:00 to Wed 10:00 local: 7 + 2 = 9 business hours; due moves from Tue 16:00 to Wed 16:00.
    const resumed = nextClock(paused, ticket, policy, office, { at: '2026-01-14T09:00:00.000Z', statusTo: 'open' });
    expect(resumed.paused_seconds).toBe(9 * 3600);
    expect(resumed.paused_since).toBeNull();
    expect(resumed.resolution_due_at).toBe('2026-01-14T15:00:00.000Z');
    expect(timersToSchedule(paused, resumed)).toContain('2026-01-14T15:00:00.000Z');
  });

  it('a pause over a weekend and a Bavarian holiday costs only the business time inside it', () => {
    // Created Mon 5 Jan 2026 08:00; pending Mon 16:00 → Wed 7 Jan 09:00 (Tue 6 Jan is Heilige Drei Könige): 1 h + 1 h.
    const start = { ...ticket, createdAt: '2026-01-05T07:00:00.000Z' };
    let state = nextClock(undefined, start, policy, office, { at: start.createdAt });
    state = nextClock(state, start, policy, office, { at: '2026-01-05T15:00:00.000Z', statusTo: 'pending' });
    state = nextClock(state, start, policy, office, { at: '2026-01-07T08:00:00.000Z', statusTo: 'open' });
    expect(state.paused_seconds).toBe(2 * 3600);
    // 8 h target + 2 h paused from Mon 08:00 → Mon 17:00 (9 h) + 1 h on Wed → Wed 09:00 local.
    expect(state.resolution_due_at).toBe('2026-01-07T08:00:00.000Z');
  });

  it('resolving stops the clock, reopening resumes it with the stopped time given back', () => {
    const resolved = run([{ at: ticket.createdAt }, { at: '2026-01-13T08:00:00.000Z', statusTo: 'resolved' }]);
    expect(resolved.stopped_at).toBe('2026-01-13T08:00:00.000Z');
    expect(resolved.paused_since).toBeNull();
    expect(dueChecks(resolved, '2026-02-01T00:00:00.000Z')).toEqual({ warnings: [], breaches: [] });
    const reopened = nextClock(resolved, ticket, policy, office, { at: '2026-01-13T10:00:00.000Z', statusTo: 'open' });
    expect(reopened.stopped_at).toBeNull();
    expect(reopened.paused_seconds).toBe(2 * 3600);
    // pending → resolved keeps the halt's start: one halt, not two.
    const chain = run([
      { at: ticket.createdAt },
      { at: '2026-01-13T08:00:00.000Z', statusTo: 'pending' },
      { at: '2026-01-13T09:00:00.000Z', statusTo: 'resolved' },
      { at: '2026-01-13T10:00:00.000Z', statusTo: 'open' },
    ]);
    expect(chain.paused_seconds).toBe(2 * 3600);
  });

  it('finds warnings and breaches only when their time has come, and each once', () => {
    const state = run([{ at: ticket.createdAt }]);
    expect(dueChecks(state, '2026-01-13T07:47:59.000Z')).toEqual({ warnings: [], breaches: [] });
    expect(dueChecks(state, '2026-01-13T07:48:00.000Z')).toEqual({ warnings: ['first_response'], breaches: [] });
    expect(dueChecks({ ...state, first_response_warned: 1 }, '2026-01-13T07:59:00.000Z')).toEqual({ warnings: [], breaches: [] });
    expect(dueChecks(state, '2026-01-13T08:00:00.000Z')).toEqual({ warnings: [], breaches: ['first_response'] });
    expect(dueChecks({ ...state, first_response_breached: 1, first_response_warned: 1 }, '2026-01-13T08:30:00.000Z')).toEqual({ warnings: [], breaches: [] });
    // A met first response is never breached.
    expect(dueChecks({ ...state, first_responded_at: '2026-01-13T07:30:00.000Z' }, '2026-01-13T15:00:00.000Z')).toEqual({ warnings: [], breaches: ['resolution'] });
  });

  it('schedules timers only for times that changed, so repeated events do not pile up jobs', () => {
    const first = run([{ at: ticket.createdAt }]);
    const again = nextClock(first, ticket, policy, office, { at: '2026-01-13T07:10:00.000Z' });
    expect(timersToSchedule(first, again)).toEqual([]);
    const answered = nextClock(first, ticket, policy, office, { at: '2026-01-13T07:10:00.000Z', publicAgentReply: true });
    expect(timersToSchedule(first, answered)).toEqual([]);
    const otherPolicy = nextClock(first, ticket, { ...policy, id: 8, resolution_minutes: 120 }, office, { at: '2026-01-13T07:10:00.000Z' });
    expect(timersToSchedule(first, otherPolicy)).toContain('2026-01-13T09:00:00.000Z');
  });
});

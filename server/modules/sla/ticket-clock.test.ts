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
const policy = { id: 7, first_response_minutes: 60, next_response_minutes: null, resolution_minutes: 8 * 60, warning_percent: 80 };
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

  describe('next response', () => {
    // 2 business hours to answer a requester's reply; resolution far away so it stays out of the way.
    const withNext = { ...policy, next_response_minutes: 120, resolution_minutes: 100 * 60 };
    type Step = { at: string; statusTo?: string; publicAgentReply?: boolean; requesterReply?: boolean };
    const play = (steps: Step[]): ClockState => {
      let state: ClockState | undefined;
      for (const step of steps) state = nextClock(state, ticket, withNext, office, step);
      return state!;
    };
    const answered = [{ at: ticket.createdAt }, { at: '2026-01-13T09:00:00.000Z', publicAgentReply: true }];

    it('a requester reply late in the day is due the next morning, with the warning at the configured share', () => {
      // Tue 16:30 local: 30 min on Tuesday, 90 min on Wednesday → Wed 09:30 local; 80 % (96 min) → Wed 09:06.
      const state = play([...answered, { at: '2026-01-13T15:30:00.000Z', requesterReply: true }]);
      expect(state.next_response_since).toBe('2026-01-13T15:30:00.000Z');
      expect(state.next_response_due_at).toBe('2026-01-14T08:30:00.000Z');
      expect(state.next_response_warn_at).toBe('2026-01-14T08:06:00.000Z');
      expect(timersToSchedule(play(answered), state)).toEqual(['2026-01-14T08:06:00.000Z', '2026-01-14T08:30:00.000Z']);
      expect(dueChecks(state, '2026-01-14T08:05:59.000Z')).toEqual({ warnings: [], breaches: [] });
      expect(dueChecks(state, '2026-01-14T08:06:00.000Z')).toEqual({ warnings: ['next_response'], breaches: [] });
      expect(dueChecks(state, '2026-01-14T08:30:00.000Z')).toEqual({ warnings: [], breaches: ['next_response'] });
    });

    it('skips the weekend', () => {
      // Fri 16 Jan 16:00 local: one hour on Friday, one on Monday → Mon 19 Jan 09:00 local.
      const state = play([...answered, { at: '2026-01-16T15:00:00.000Z', requesterReply: true }]);
      expect(state.next_response_due_at).toBe('2026-01-19T08:00:00.000Z');
    });

    it('pending during the wait moves its due time by the paused business time; a second reply keeps the first start', () => {
      const state = play([
        ...answered,
        { at: '2026-01-14T08:00:00.000Z', requesterReply: true }, // Wed 09:00 local
        { at: '2026-01-14T09:00:00.000Z', statusTo: 'pending' }, // 10:00
        { at: '2026-01-14T13:00:00.000Z', statusTo: 'open', requesterReply: true }, // 14:00: 4 h paused
      ]);
      expect(state.next_response_since).toBe('2026-01-14T08:00:00.000Z');
      // 09:00 + 2 h + 4 h paused → 15:00 local.
      expect(state.next_response_due_at).toBe('2026-01-14T14:00:00.000Z');
      // While pending no timer runs and nothing is found.
      const pending = play([...answered, { at: '2026-01-14T08:00:00.000Z', requesterReply: true }, { at: '2026-01-14T09:00:00.000Z', statusTo: 'pending' }]);
      expect(dueChecks(pending, '2026-01-20T00:00:00.000Z')).toEqual({ warnings: [], breaches: [] });
      // A pause before the wait began does not move it.
      const pausedEarlier = play([
        ...answered,
        { at: '2026-01-13T10:00:00.000Z', statusTo: 'pending' },
        { at: '2026-01-13T12:00:00.000Z', statusTo: 'open', requesterReply: true }, // Tue 13:00 local, 2 h paused before
      ]);
      expect(pausedEarlier.paused_seconds).toBe(2 * 3600);
      expect(pausedEarlier.next_response_due_at).toBe('2026-01-13T14:00:00.000Z');
    });

    it('an agent answer ends the wait; the next reply starts a new one with fresh flags', () => {
      const waiting = play([...answered, { at: '2026-01-14T08:00:00.000Z', requesterReply: true }]);
      const breached = { ...waiting, next_response_warned: 1, next_response_breached: 1 };
      const replied = nextClock(breached, ticket, withNext, office, { at: '2026-01-14T12:00:00.000Z', publicAgentReply: true });
      expect(replied.next_response_since).toBeNull();
      expect(replied.next_response_due_at).toBeNull();
      expect(dueChecks(replied, '2026-01-30T00:00:00.000Z').breaches).not.toContain('next_response');
      const again = nextClock(replied, ticket, withNext, office, { at: '2026-01-15T08:00:00.000Z', requesterReply: true });
      expect(again).toMatchObject({ next_response_since: '2026-01-15T08:00:00.000Z', next_response_warned: 0, next_response_breached: 0, next_response_due_at: '2026-01-15T10:00:00.000Z' });
    });

    it('does not start before the first response, nor without a next-response target', () => {
      const early = play([{ at: ticket.createdAt }, { at: '2026-01-13T07:30:00.000Z', requesterReply: true }]);
      expect(early.next_response_since).toBeNull();
      let plain: ClockState | undefined;
      for (const step of [...answered, { at: '2026-01-13T15:30:00.000Z', requesterReply: true }]) plain = nextClock(plain, ticket, policy, office, step);
      expect(plain!.next_response_since).toBeNull();
      expect(plain!.next_response_due_at).toBeNull();
    });
  });
});

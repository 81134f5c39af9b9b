import type { Insertable } from 'kysely';
import type { TicketSlaTable } from '../../platform/db/schema.ts';
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from './business-clock.ts';

/**
 * A ticket's SLA clock as a pure function of its previous state and one domain event: no
 * database, no real clock (the event's own time is "now"). Due times are the start plus the
 * target plus the business time the ticket spent halted — pending (paused) or resolved/closed
 * (stopped) — so a pause moves them by exactly the business time it cost.
 */
export type ClockState = Omit<Insertable<TicketSlaTable>, 'updated_at'> & {
  paused_seconds: number;
  first_response_warned: number;
  first_response_breached: number;
  resolution_warned: number;
  resolution_breached: number;
};

export interface ClockPolicy {
  id: number;
  first_response_minutes: number;
  resolution_minutes: number;
  warning_percent: number;
}

/** What one event tells the clock. */
export interface ClockEvent {
  at: string;
  /** The status the event set, if it changed it. */
  statusTo?: string | undefined;
  /** A public reply by an agent (not a note, not an automatic answer): meets the first response. */
  publicAgentReply?: boolean;
}

const HALTING = { pending: 'paused', resolved: 'stopped', closed: 'stopped' } as const;
const haltOf = (status: string | undefined): 'paused' | 'stopped' | undefined => (status === undefined ? undefined : HALTING[status as keyof typeof HALTING]);
const MINUTE = 60_000;

/**
 * The clock after the event. A ticket without a clock yet (new, or a policy created later)
 * starts at its creation time, halted if its current status halts it.
 */
export function nextClock(before: ClockState | undefined, ticket: { id: number; createdAt: string; status: string }, policy: ClockPolicy, calendar: BusinessCalendar, event: ClockEvent): ClockState {
  const state: ClockState = before
    ? { ...before, policy_id: policy.id }
    : {
        ticket_id: ticket.id,
        policy_id: policy.id,
        started_at: ticket.createdAt,
        paused_seconds: 0,
        paused_since: haltOf(ticket.status) === 'paused' ? event.at : null,
        stopped_at: haltOf(ticket.status) === 'stopped' ? event.at : null,
        first_responded_at: null,
        first_response_due_at: '',
        first_response_warn_at: '',
        first_response_warned: 0,
        first_response_breached: 0,
        resolution_due_at: '',
        resolution_warn_at: '',
        resolution_warned: 0,
        resolution_breached: 0,
      };
  if (event.publicAgentReply && !state.first_responded_at) state.first_responded_at = event.at;

  if (before && event.statusTo !== undefined) {
    const haltedSince = state.paused_since ?? state.stopped_at ?? null;
    const halt = haltOf(event.statusTo);
    if (haltedSince && !halt) {
      // Running again: the halt cost this much business time, which the targets get back.
      state.paused_seconds += Math.floor(businessTimeBetween(new Date(haltedSince), new Date(event.at), calendar) / 1000);
    }
    const since = haltedSince ?? event.at;
    state.paused_since = halt === 'paused' ? since : null;
    state.stopped_at = halt === 'stopped' ? since : null;
  }

  const start = new Date(state.started_at);
  const due = (minutes: number, share = 100) => addBusinessTime(start, Math.round((minutes * MINUTE * share) / 100) + state.paused_seconds * 1000, calendar).toISOString();
  state.first_response_due_at = due(policy.first_response_minutes);
  state.first_response_warn_at = due(policy.first_response_minutes, policy.warning_percent);
  state.resolution_due_at = due(policy.resolution_minutes);
  state.resolution_warn_at = due(policy.resolution_minutes, policy.warning_percent);
  return state;
}

/** True while the clock counts (not pending, not resolved or closed). */
export const isRunning = (state: Pick<ClockState, 'paused_since' | 'stopped_at'>): boolean => !state.paused_since && !state.stopped_at;

/**
 * The instants at which a timer must look at the clock again: each open target's warning and
 * due time that is new (or the clock runs again after a halt). Timers that became stale find
 * nothing to do, so scheduling one too many is harmless; one too few would miss a breach.
 */
export function timersToSchedule(before: ClockState | undefined, after: ClockState): string[] {
  if (!isRunning(after)) return [];
  const resumed = !before || !isRunning(before) || before.policy_id !== after.policy_id;
  const times = new Set<string>();
  const consider = (open: boolean, done: number, time: string, previous: string | undefined) => {
    if (open && done === 0 && (resumed || time !== previous)) times.add(time);
  };
  const firstOpen = !after.first_responded_at;
  consider(firstOpen, after.first_response_warned, after.first_response_warn_at, before?.first_response_warn_at);
  consider(firstOpen, after.first_response_breached, after.first_response_due_at, before?.first_response_due_at);
  consider(true, after.resolution_warned, after.resolution_warn_at, before?.resolution_warn_at);
  consider(true, after.resolution_breached, after.resolution_due_at, before?.resolution_due_at);
  return [...times].sort();
}

export type SlaTarget = 'first_response' | 'resolution';

/** What a timer finds at `now`: targets whose warning time or due time has come. */
export function dueChecks(state: ClockState, now: string): { warnings: SlaTarget[]; breaches: SlaTarget[] } {
  const warnings: SlaTarget[] = [];
  const breaches: SlaTarget[] = [];
  if (!isRunning(state)) return { warnings, breaches };
  if (!state.first_responded_at) {
    if (!state.first_response_breached && state.first_response_due_at <= now) breaches.push('first_response');
    else if (!state.first_response_warned && !state.first_response_breached && state.first_response_warn_at <= now) warnings.push('first_response');
  }
  if (!state.resolution_breached && state.resolution_due_at <= now) breaches.push('resolution');
  else if (!state.resolution_warned && !state.resolution_breached && state.resolution_warn_at <= now) warnings.push('resolution');
  return { warnings, breaches };
}

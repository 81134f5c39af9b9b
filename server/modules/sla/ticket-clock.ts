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
  next_response_since: string | null;
  next_response_paused_base: number;
  next_response_due_at: string | null;
  next_response_warn_at: string | null;
  next_response_warned: number;
  next_response_breached: number;
  first_response_warned: number;
  first_response_breached: number;
  resolution_warned: number;
  resolution_breached: number;
};

export interface ClockPolicy {
  id: number;
  first_response_minutes: number;
  /** null: the policy sets no next-response target. */
  next_response_minutes: number | null;
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
  /** A public reply by the requester (not an automatic answer): an agent's answer is awaited again. */
  requesterReply?: boolean;
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
        next_response_since: null,
        next_response_paused_base: 0,
        next_response_due_at: null,
        next_response_warn_at: null,
        next_response_warned: 0,
        next_response_breached: 0,
      };
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

  if (event.publicAgentReply) {
    if (!state.first_responded_at) state.first_responded_at = event.at;
    // The awaited answer came; the wait (and its flags) stay recorded until the next one begins.
    state.next_response_since = null;
  } else if (event.requesterReply && state.first_responded_at && !state.next_response_since && policy.next_response_minutes !== null) {
    // After the status change: a reply that reopens a pending ticket starts its wait with that
    // pause already counted. Before the first response the first-response target covers the requester's follow-ups;
    // a second reply while waiting keeps the earlier start.
    state.next_response_since = event.at;
    state.next_response_paused_base = state.paused_seconds;
    state.next_response_warned = 0;
    state.next_response_breached = 0;
  }

  const start = new Date(state.started_at);
  const due = (minutes: number, share = 100) => addBusinessTime(start, Math.round((minutes * MINUTE * share) / 100) + state.paused_seconds * 1000, calendar).toISOString();
  state.first_response_due_at = due(policy.first_response_minutes);
  state.first_response_warn_at = due(policy.first_response_minutes, policy.warning_percent);
  state.resolution_due_at = due(policy.resolution_minutes);
  state.resolution_warn_at = due(policy.resolution_minutes, policy.warning_percent);
  if (state.next_response_since && policy.next_response_minutes !== null) {
    // Counted from the requester's reply; only the business time paused during the wait moves it.
    const since = new Date(state.next_response_since);
    const paused = (state.paused_seconds - state.next_response_paused_base) * 1000;
    const next = (share: number) => addBusinessTime(since, Math.round((policy.next_response_minutes! * MINUTE * share) / 100) + paused, calendar).toISOString();
    state.next_response_due_at = next(100);
    state.next_response_warn_at = next(policy.warning_percent);
  } else if (!state.next_response_since) {
    state.next_response_due_at = null;
    state.next_response_warn_at = null;
  }
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
  const nextOpen = after.next_response_since !== null && after.next_response_due_at !== null && after.next_response_warn_at !== null;
  if (nextOpen) {
    consider(true, after.next_response_warned, after.next_response_warn_at!, before?.next_response_warn_at ?? undefined);
    consider(true, after.next_response_breached, after.next_response_due_at!, before?.next_response_due_at ?? undefined);
  }
  return [...times].sort();
}

export type SlaTarget = 'first_response' | 'next_response' | 'resolution';

/** What a timer finds at `now`: targets whose warning time or due time has come. */
export function dueChecks(state: ClockState, now: string): { warnings: SlaTarget[]; breaches: SlaTarget[] } {
  const warnings: SlaTarget[] = [];
  const breaches: SlaTarget[] = [];
  if (!isRunning(state)) return { warnings, breaches };
  if (!state.first_responded_at) {
    if (!state.first_response_breached && state.first_response_due_at <= now) breaches.push('first_response');
    else if (!state.first_response_warned && !state.first_response_breached && state.first_response_warn_at <= now) warnings.push('first_response');
  }
  if (state.next_response_since && state.next_response_due_at && state.next_response_warn_at) {
    if (!state.next_response_breached && state.next_response_due_at <= now) breaches.push('next_response');
    else if (!state.next_response_warned && !state.next_response_breached && state.next_response_warn_at <= now) warnings.push('next_response');
  }
  if (!state.resolution_breached && state.resolution_due_at <= now) breaches.push('resolution');
  else if (!state.resolution_warned && !state.resolution_breached && state.resolution_warn_at <= now) warnings.push('resolution');
  return { warnings, breaches };
}

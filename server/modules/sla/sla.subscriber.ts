import type { Insertable } from 'kysely';
import type { TicketSlaTable } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import { enqueueTimed } from '../../platform/jobs/queue.ts';
import { asTicketEvent, type FieldChange } from '../tickets/ticket-events.ts';
import { SLA_CHECK_JOB } from './check-sla-clock.ts';
import { businessCalendar, clockTickets, listPolicies, loadCalendar, policyFor } from './sla.queries.ts';
import { type ClockEvent, type ClockState, nextClock, timersToSchedule } from './ticket-clock.ts';

const statusTo = (changes: FieldChange[]) => changes.find((c) => c.field === 'status')?.to ?? undefined;

/** What a ticket event means for the clock. */
function clockEventOf(stored: StoredEvent): ClockEvent {
  const event = asTicketEvent(stored);
  switch (event.type) {
    case 'message.added':
      return {
        at: event.occurredAt,
        statusTo: statusTo(event.payload.changes),
        publicAgentReply: event.payload.byAgent && !event.payload.internal && !event.payload.automatic,
        requesterReply: !event.payload.byAgent && !event.payload.internal && !event.payload.automatic,
      };
    case 'ticket.changed':
      return { at: event.occurredAt, statusTo: statusTo(event.payload.changes) };
    case 'ticket.merged':
      // The source is closed by the merge; its clock stops (the target's goes on).
      return { at: event.occurredAt, statusTo: 'closed' };
    case 'ticket.created':
    case 'ticket.escalated':
    case 'ticket.handed_back':
    case 'ticket.rated':
    case 'ticket.supervisors_notified':
      // No status change here; the policy may still change (recomputed from the ticket).
      return { at: event.occurredAt };
  }
}

type StoredClock = ClockState & { updated_at: string };

/**
 * Keeps `ticket_sla` in step with the tickets of `events`: picks each ticket's first matching
 * policy, recomputes the due times in the subscriber's transaction and schedules timer jobs for
 * the warnings and breaches. The ticket's status history comes from the events' changes (not
 * the current row), so a subscriber that runs late still pauses and resumes at the right
 * instants. A chunk of events is handled as its events one after the other would be (a later
 * event of a ticket continues the clock an earlier one left), with one read of the clocks, one
 * of the tickets and one write of each kind for all of them.
 */
export async function applyTicketEvents(db: Executor, events: StoredEvent[], once?: ReadOnce): Promise<void> {
  const ids = [...new Set(events.flatMap((e) => (e.aggregateId === null ? [] : [e.aggregateId])))];
  if (ids.length === 0) return;
  const policies = await readOnce(once, 'sla_policies', () => listPolicies(db));
  const stored = (await db.selectFrom('ticket_sla').selectAll().where('ticket_id', 'in', ids).execute()) as StoredClock[];
  const clocks = new Map(stored.map((clock) => [clock.ticket_id, clock]));
  // No clock and no policy at all (no service levels set up): nothing to read about the ticket.
  if (policies.length === 0 && clocks.size === 0) return;
  const tickets = await clockTickets(db, policies.length > 0 ? ids : [...clocks.keys()]);
  const removed = new Set<number>();
  const timers: Array<{ ticketId: number; runAt: string }> = [];
  for (const event of events) {
    const ticket = event.aggregateId === null ? undefined : tickets.get(event.aggregateId);
    if (!ticket) continue;
    const policy = policyFor(ticket.facts, policies);
    const before = clocks.get(ticket.id);
    if (!policy) {
      if (before) removed.add(ticket.id);
      clocks.delete(ticket.id);
      continue;
    }
    const calendar = await readOnce(once, `sla_calendar:${policy.calendar_id}`, async () => businessCalendar(await loadCalendar(db, policy.calendar_id)));
    const after = nextClock(before, ticket, policy, calendar, clockEventOf(event));
    clocks.set(ticket.id, { ...after, updated_at: event.occurredAt });
    for (const runAt of timersToSchedule(before, after)) timers.push({ ticketId: ticket.id, runAt });
  }
  if (removed.size > 0)
    await db
      .deleteFrom('ticket_sla')
      .where('ticket_id', 'in', [...removed])
      .execute();
  const changed = [...clocks.values()].filter((clock) => tickets.has(clock.ticket_id));
  if (changed.length > 0) await saveClocks(db, changed);
  await enqueueTimed(
    db,
    SLA_CHECK_JOB,
    timers.map(({ ticketId, runAt }) => ({ payload: { ticketId }, runAt })),
  );
}

const CLOCK_COLUMNS = [
  'policy_id',
  'started_at',
  'paused_seconds',
  'paused_since',
  'stopped_at',
  'first_responded_at',
  'first_response_due_at',
  'first_response_warn_at',
  'first_response_warned',
  'first_response_breached',
  'resolution_due_at',
  'resolution_warn_at',
  'resolution_warned',
  'resolution_breached',
  'next_response_since',
  'next_response_paused_base',
  'next_response_due_at',
  'next_response_warn_at',
  'next_response_warned',
  'next_response_breached',
  'updated_at',
] as const satisfies ReadonlyArray<keyof TicketSlaTable>;

/** Inserts or replaces the clocks in one statement. */
async function saveClocks(db: Executor, clocks: StoredClock[]): Promise<void> {
  const rows = clocks.map((clock) => ({ ticket_id: clock.ticket_id, ...Object.fromEntries(CLOCK_COLUMNS.map((column) => [column, clock[column]])) }) as Insertable<TicketSlaTable>);
  await db
    .insertInto('ticket_sla')
    .values(rows)
    .onConflict((oc) => oc.column('ticket_id').doUpdateSet((eb) => Object.fromEntries(CLOCK_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]))))
    .execute();
}

/** Registered in ops/event-subscribers.ts. Starts with new events: old tickets get a clock with their next event. */
export function slaSubscriber(): Subscriber {
  return {
    name: 'sla-clock',
    events: ['ticket.created', 'message.added', 'ticket.changed', 'ticket.merged', 'ticket.escalated', 'ticket.handed_back'],
    startAt: 'now',
    handle: (event, { db, once }) => applyTicketEvents(db, [event], once),
    handleBatch: (events, { db, once }) => applyTicketEvents(db, events, once),
    // No service level set up and no clock left on these tickets: no transaction.
    nothingToDo: async (events, { db, once }) => {
      if ((await readOnce(once, 'sla_policies', () => listPolicies(db))).length > 0) return false;
      const ids = [...new Set(events.flatMap((e) => (e.aggregateId === null ? [] : [e.aggregateId])))];
      return ids.length === 0 || (await db.selectFrom('ticket_sla').select('ticket_id').where('ticket_id', 'in', ids).limit(1).execute()).length === 0;
    },
  };
}

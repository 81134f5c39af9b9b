import type { Executor } from '../../platform/db/database.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { asTicketEvent, type FieldChange } from '../tickets/ticket-events.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
import { SLA_CHECK_JOB } from './check-sla-clock.ts';
import { businessCalendar, listPolicies, loadCalendar, policyFor, ticketFacts } from './sla.queries.ts';
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

/**
 * Keeps `ticket_sla` in step with the ticket: picks the first matching policy, recomputes the
 * due times in the subscriber's transaction and schedules timer jobs for the warning and the
 * breach. The ticket's status history comes from the events' changes (not the current row),
 * so a subscriber that runs late still pauses and resumes at the right instants.
 */
export async function applyTicketEvent(db: Executor, stored: StoredEvent, once?: ReadOnce): Promise<void> {
  const ticketId = stored.aggregateId;
  if (ticketId === null) return;
  const before = (await db.selectFrom('ticket_sla').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst()) as (ClockState & { updated_at: string }) | undefined;
  // No clock and no policy at all (no service levels set up): nothing to read about the ticket.
  const policies = await readOnce(once, 'sla_policies', () => listPolicies(db));
  if (!before && policies.length === 0) return;
  const ticket = await db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return;
  const current = await loadTicket(db, ticketId);
  const policy = await policyFor(db, await ticketFacts(db, current), policies);
  if (!policy) {
    if (before) await db.deleteFrom('ticket_sla').where('ticket_id', '=', ticketId).execute();
    return;
  }
  const calendar = businessCalendar(await loadCalendar(db, policy.calendar_id));
  const after = nextClock(before, { id: ticketId, createdAt: current.createdAt, status: current.status }, policy, calendar, clockEventOf(stored));
  const row = { ...after, updated_at: stored.occurredAt };
  if (before) await db.updateTable('ticket_sla').set(row).where('ticket_id', '=', ticketId).execute();
  else await db.insertInto('ticket_sla').values(row).execute();
  for (const runAt of timersToSchedule(before, after)) await enqueue(db, SLA_CHECK_JOB, { ticketId }, { runAt });
}

/** Registered in ops/event-subscribers.ts. Starts with new events: old tickets get a clock with their next event. */
export function slaSubscriber(): Subscriber {
  return {
    name: 'sla-clock',
    events: ['ticket.created', 'message.added', 'ticket.changed', 'ticket.merged', 'ticket.escalated', 'ticket.handed_back'],
    startAt: 'now',
    handle: (event, { db, once }) => applyTicketEvent(db, event, once),
    handleBatch: async (events, { db, once }) => {
      // Without service levels only a ticket that still has a clock needs its event (the clock
      // is removed): one read for the chunk finds them, instead of one per event.
      const policies = await readOnce(once, 'sla_policies', () => listPolicies(db));
      let relevant = events.filter((e) => e.aggregateId !== null);
      if (policies.length === 0 && relevant.length > 0) {
        const ids = [...new Set(relevant.map((e) => e.aggregateId!))];
        const clocked = new Set((await db.selectFrom('ticket_sla').select('ticket_id').where('ticket_id', 'in', ids).execute()).map((r) => r.ticket_id));
        relevant = relevant.filter((e) => clocked.has(e.aggregateId!));
      }
      for (const event of relevant) await applyTicketEvent(db, event, once);
    },
  };
}

import type { Executor } from '../../platform/db/database.ts';
import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { TICKET_EVENT_TYPES, type TicketEvent } from '../tickets/ticket-events.ts';
import { insertEmptyReportFacts, refreshReportFacts } from './report-facts.ts';

/**
 * Whether an event can change a ticket's facts (most events of a busy helpdesk cannot: a
 * requester's reply, an internal note, a new assignee or priority). Recomputing is always right;
 * skipping is right only where none of the facts' inputs changed: agents' public replies, status
 * changes, escalations, ratings and merges.
 */
function mayChangeFacts(event: TicketEvent): boolean {
  const changesStatus = (changes: Array<{ field: string }>) => changes.some((c) => c.field === 'status');
  switch (event.type) {
    case 'message.added':
      return (event.payload.byAgent && !event.payload.internal && !event.payload.automatic) || changesStatus(event.payload.changes);
    case 'ticket.changed':
      return changesStatus(event.payload.changes);
    case 'ticket.handed_back':
    case 'ticket.supervisors_notified':
      return false;
    case 'ticket.created':
    case 'ticket.escalated':
    case 'ticket.rated':
    case 'ticket.merged':
      return true;
  }
}

/**
 * Keeps `ticket_report_facts` right: every ticket event (a message, a status change, an
 * escalation, a rating, a merge) recomputes the facts of its ticket in the dispatcher's
 * transaction; a merge also those of the target, which receives the source's messages.
 * Starts with new events: the migration filled the facts of the tickets that existed.
 */
export function reportFactsSubscriber(): Subscriber {
  return {
    name: 'report-facts',
    events: TICKET_EVENT_TYPES,
    startAt: 'now',
    handle: (event, { db }) => keepFacts(db, [event as TicketEvent]),
    handleBatch: (events, { db }) => keepFacts(db, events as TicketEvent[]),
  };
}

/**
 * The facts of the events' tickets, in two statements for a whole chunk: the new tickets' empty
 * rows first, then the tickets whose facts may have changed (facts are computed from the
 * ticket's current state, so once after the chunk is the same as after each of its events).
 */
async function keepFacts(db: Executor, events: TicketEvent[]): Promise<void> {
  const created = new Set<number>();
  const changed = new Set<number>();
  for (const event of events) {
    if (event.aggregateId === null) continue;
    // A new ticket has no replies, resolution, reopening, escalation or rating yet: no look-ups.
    if (event.type === 'ticket.created') created.add(event.aggregateId);
    else if (mayChangeFacts(event)) {
      changed.add(event.aggregateId);
      if (event.type === 'ticket.merged') changed.add(event.payload.targetId);
    }
  }
  await insertEmptyReportFacts(db, [...created]);
  await refreshReportFacts(db, [...changed]);
}

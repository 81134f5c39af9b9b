import type { Subscriber } from '../../platform/events/dispatcher.ts';
import { TICKET_EVENT_TYPES } from '../tickets/ticket-events.ts';
import { refreshReportFacts } from './report-facts.ts';

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
    handle: async (event, { db }) => {
      if (event.aggregateId === null) return;
      const ids = [event.aggregateId];
      if (event.type === 'ticket.merged') ids.push((event.payload as { targetId: number }).targetId);
      await refreshReportFacts(db, ids);
    },
  };
}

import type { EventBus, LiveEvent } from '../events/event-bus.ts';
import type { TicketDto } from '../../shared/contracts/tickets.ts';

/** Tells live subscribers (browsers over SSE) that a ticket changed. Call after commit. */
export function publishTicketEvent(events: EventBus, type: LiveEvent['type'], ticket: TicketDto, actorId: number | null, agentsOnly = false, data?: Record<string, unknown>): void {
  events.publish({
    type,
    ticketId: ticket.id,
    groupId: ticket.group.id,
    requesterId: ticket.requester.id,
    organisationId: ticket.organisation?.id ?? null,
    agentsOnly,
    actorId,
    ...(data ? { data } : {}),
  });
}

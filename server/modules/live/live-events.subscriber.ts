import type { Executor } from '../../platform/db/database.ts';
import type { Subscriber } from '../../platform/events/dispatcher.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import type { EventBus, LiveEvent } from '../../platform/events/event-bus.ts';
import { asTicketEvent, TICKET_EVENT_TYPES, type TicketEvent, type TicketScope } from '../tickets/ticket-events.ts';

function live(type: LiveEvent['type'], ticketId: number, scope: TicketScope, actorId: number | null, agentsOnly: boolean, data?: Record<string, unknown>): LiveEvent {
  return { type, ticketId, groupId: scope.groupId, requesterId: scope.requesterId, organisationId: scope.organisationId, agentsOnly, actorId, ...(data ? { data } : {}) };
}

/** The live updates one ticket event causes in browsers (filtered per viewer by live-filter.ts). */
export function liveEventsOf(event: TicketEvent): LiveEvent[] {
  const id = event.aggregateId;
  if (id === null) return [];
  const { actorId } = event;
  switch (event.type) {
    case 'ticket.created':
      return [live('ticket.created', id, event.payload.scope, actorId, false)];
    case 'message.added':
      return [live('message.created', id, event.payload.scope, actorId, event.payload.internal, { messageId: event.payload.messageId })];
    case 'ticket.changed':
      return [live('ticket.updated', id, event.payload.scope, actorId, false, { groupIdBefore: event.payload.groupIdBefore })];
    case 'ticket.merged':
      return [
        live('ticket.updated', id, event.payload.scope, actorId, false, { mergedInto: event.payload.targetId }),
        live('ticket.updated', event.payload.targetId, event.payload.targetScope, actorId, false, { mergedFrom: id }),
      ];
    case 'ticket.rated':
      return [live('ticket.updated', id, event.payload.scope, actorId, false, { satisfaction: event.payload.rating })];
    case 'ticket.escalated':
    case 'ticket.handed_back':
      // groupIdBefore: the group it left sees it go, as with a group change by hand.
      return [live('ticket.updated', id, event.payload.scope, actorId, false, { groupIdBefore: event.payload.fromGroupId, [event.type === 'ticket.escalated' ? 'escalated' : 'handedBack']: true })];
    case 'ticket.supervisors_notified':
      return [live('ticket.updated', id, event.payload.scope, actorId, true, { supervisorsNotified: true })];
    default: {
      const unknown: never = event;
      throw new Error(`Unknown ticket event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Tells browsers what changed. At least once: after a crash an update may repeat, which only
 * makes a browser refetch. A batch of events takes one query (their tickets' followers).
 */
export function liveEventsSubscriber(bus: EventBus): Subscriber {
  const publish = async (events: StoredEvent[], db: Executor) => {
    const updates = events.flatMap((event) => liveEventsOf(asTicketEvent(event)));
    if (updates.length === 0) return;
    // Who follows these tickets now (read with the events, so an escalation's own update reaches its follower).
    const followers = await db
      .selectFrom('ticket_followers')
      .select(['ticket_id', 'user_id'])
      .where('ticket_id', 'in', [...new Set(updates.map((u) => u.ticketId))])
      .execute();
    for (const update of updates) {
      const followerIds = followers.filter((f) => f.ticket_id === update.ticketId).map((f) => f.user_id);
      bus.publish(followerIds.length > 0 ? { ...update, followerIds } : update);
    }
  };
  return {
    name: 'live-events',
    events: TICKET_EVENT_TYPES,
    delivery: 'at-least-once',
    // Browsers only care about what happens from now on.
    startAt: 'now',
    handle: (event, { db }) => publish([event], db),
    handleBatch: (events, { db }) => publish(events, db),
  };
}

import type { Actor } from '../auth/auth.queries.ts';
import type { LiveEvent } from '../../platform/events/event-bus.ts';

/** What a subscriber needs to know about the caller to filter events without a query per event. */
export interface Subscriber {
  actor: Actor;
  /** The customer's organisation shares its tickets with all its members. */
  organisationShares: boolean;
}

/**
 * Who may receive a live event: admins all; agents those of their groups (also a ticket that
 * just left one of their groups) and of the tickets they follow; customers only public events
 * of tickets they may see.
 */
export function mayReceive(subscriber: Subscriber, event: LiveEvent): boolean {
  const { actor } = subscriber;
  if (actor.role === 'admin') return true;
  if (actor.role === 'agent') {
    const before = event.data?.groupIdBefore;
    return actor.groupIds.includes(event.groupId) || (typeof before === 'number' && actor.groupIds.includes(before)) || (event.followerIds?.includes(actor.id) ?? false);
  }
  if (event.agentsOnly) return false;
  if (event.requesterId === actor.id) return true;
  return subscriber.organisationShares && actor.organisationId !== null && event.organisationId === actor.organisationId;
}

/** Exactly what leaves the server for one event: no bodies, no routing fields. */
export function presentLiveEvent(event: LiveEvent): { type: LiveEvent['type']; ticketId: number; actorId: number | null; data: Record<string, unknown> } {
  return { type: event.type, ticketId: event.ticketId, actorId: event.actorId, data: event.data ?? {} };
}

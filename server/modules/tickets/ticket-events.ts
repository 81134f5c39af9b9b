import type { NewDomainEvent, StoredEvent } from '../../platform/events/domain-events.ts';
import type { Channel } from '../../../shared/enums.ts';

/**
 * The domain events of the ticket commands. Each is recorded in the transaction of the change
 * (beside the history entry); notifications, live updates and every later reaction subscribe
 * to them (see ARCHITECTURE.md, "Adding a feature").
 */

/** Who may hear about a ticket, as it is after the change (subscribers filter without a query). */
export interface TicketScope {
  groupId: number;
  requesterId: number;
  organisationId: number | null;
}

/** A field as the history records it: values as strings, ids for references. */
export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface TicketEventPayloads {
  /** `fromMachine`: a mail a system sent (monitoring); nobody answers it with a receipt. */
  'ticket.created': { scope: TicketScope; channel: Channel; messageId: number; priority: string; categoryId: number | null; fromMachine?: boolean };
  /** A reply or note; `changes` holds what writing it did to the ticket (e.g. the status). */
  'message.added': { scope: TicketScope; channel: Channel; messageId: number; internal: boolean; automatic: boolean; byAgent: boolean; changes: FieldChange[] };
  /** `reason`: why an automatic change was made (automatic assignment, a pending reminder coming due). */
  'ticket.changed': { scope: TicketScope; channel: Channel; groupIdBefore: number; changes: FieldChange[]; reason?: string };
  /** The event's ticket is the source (now closed); the target carries on. */
  'ticket.merged': { scope: TicketScope; targetId: number; targetScope: TicketScope };
  'ticket.rated': { scope: TicketScope; rating: number; previousRating: number | null };
  /** Moved up a support level or to a specialist team; the escalating agent follows it. */
  'ticket.escalated': { scope: TicketScope; fromGroupId: number; toGroupId: number; reason: string };
  /** Returned to the group it was escalated from. */
  'ticket.handed_back': { scope: TicketScope; fromGroupId: number; toGroupId: number; reason: string };
  /** A group's supervisors were called; the ticket stays where it is. */
  'ticket.supervisors_notified': { scope: TicketScope; groupId: number; reason: string };
}

export type TicketEventType = keyof TicketEventPayloads;
export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'message.added',
  'ticket.changed',
  'ticket.merged',
  'ticket.rated',
  'ticket.escalated',
  'ticket.handed_back',
  'ticket.supervisors_notified',
] as const satisfies readonly TicketEventType[];

/** A stored ticket event, narrowed by its type. */
export type TicketEvent = { [K in TicketEventType]: StoredEvent<K, TicketEventPayloads[K]> }[TicketEventType];

export function ticketEvent<K extends TicketEventType>(type: K, ticketId: number, actorId: number | null, payload: TicketEventPayloads[K]): NewDomainEvent {
  return { type, aggregateId: ticketId, actorId, payload };
}

/** Narrows an event a subscriber received (subscribers register for these types only). */
export const asTicketEvent = (event: StoredEvent): TicketEvent => event as TicketEvent;

export const scopeOf = (ticket: { group: { id: number }; requester: { id: number }; organisation: { id: number } | null }): TicketScope => ({
  groupId: ticket.group.id,
  requesterId: ticket.requester.id,
  organisationId: ticket.organisation?.id ?? null,
});

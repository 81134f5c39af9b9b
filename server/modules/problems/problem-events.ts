import type { NewDomainEvent, StoredEvent } from '../../platform/events/domain-events.ts';

/**
 * The domain events of the problem commands, recorded in the transaction of the change. The
 * aggregate is the problem; a problem's own history is these events.
 */
export interface ProblemFieldChange {
  field: 'title' | 'description' | 'status' | 'rootCause' | 'workaround' | 'ownerGroupId' | 'ownerId';
  from: string | null;
  to: string | null;
}

export interface ProblemEventPayloads {
  'problem.created': { title: string; ticketIds: number[] };
  'problem.changed': { changes: ProblemFieldChange[] };
  'problem.tickets_linked': { ticketIds: number[] };
  'problem.ticket_unlinked': { ticketId: number };
}

export type ProblemEventType = keyof ProblemEventPayloads;
export const PROBLEM_EVENT_TYPES = ['problem.created', 'problem.changed', 'problem.tickets_linked', 'problem.ticket_unlinked'] as const satisfies readonly ProblemEventType[];

export type ProblemEvent = { [K in ProblemEventType]: StoredEvent<K, ProblemEventPayloads[K]> }[ProblemEventType];

export function problemEvent<K extends ProblemEventType>(type: K, problemId: number, actorId: number | null, payload: ProblemEventPayloads[K]): NewDomainEvent {
  return { type, aggregateId: problemId, actorId, payload };
}

import type { Executor } from '../../platform/db/database.ts';
import type { ProblemHistoryDto } from '../../../shared/contracts/problems.ts';
import { PROBLEM_EVENT_TYPES, type ProblemEventPayloads } from './problem-events.ts';
import { problemRow } from './problems.queries.ts';

type Entry = ProblemHistoryDto['items'][number];

/**
 * A problem's history is its domain events (the outbox keeps them; `domain_events_aggregate`
 * finds them): the aggregate id is shared with tickets, so the type names the problem's.
 */
export async function problemHistory(db: Executor, id: number): Promise<ProblemHistoryDto> {
  await problemRow(db, id);
  const rows = await db
    .selectFrom('domain_events')
    .leftJoin('users', 'users.id', 'domain_events.actor_id')
    .select(['domain_events.id', 'domain_events.type', 'domain_events.payload', 'domain_events.created_at', 'users.id as actor_id', 'users.name as actor_name'])
    .where('domain_events.aggregate_id', '=', id)
    .where('domain_events.type', 'in', [...PROBLEM_EVENT_TYPES])
    .orderBy('domain_events.id')
    .limit(500)
    .execute();
  return {
    items: rows.map((r) => {
      const type = r.type as Entry['type'];
      const payload = JSON.parse(r.payload) as Partial<ProblemEventPayloads['problem.changed'] & ProblemEventPayloads['problem.tickets_linked'] & ProblemEventPayloads['problem.ticket_unlinked']>;
      return {
        id: r.id,
        type,
        actor: r.actor_id !== null && r.actor_name !== null ? { id: r.actor_id, name: r.actor_name } : null,
        at: r.created_at,
        changes: payload.changes ?? [],
        ticketIds: payload.ticketIds ?? (payload.ticketId !== undefined ? [payload.ticketId] : []),
      };
    }),
  };
}

import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { reportTickets } from './report-scope.ts';
import { clusterTexts } from './cluster-texts.ts';
import type { RecurringItemDto } from '../../../shared/contracts/reports.ts';

/** The newest tickets of the period that are compared (a ticket's subject and the start of its first message). */
const MAX_TICKETS = 3000;
const BODY_CHARS = 1000;
const MAX_CLUSTERS = 20;

/**
 * Clusters of tickets about the same problem created in the last `days` days among the
 * tickets the caller may see, largest first: what keeps coming back is a candidate for a
 * problem record, an article, training or a change to the system.
 */
export async function recurringProblems(db: Executor, actor: Actor, days: number, now = new Date()): Promise<RecurringItemDto[]> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('messages as m', (join) =>
      join.onRef('m.ticket_id', '=', 'tickets.id').on('m.id', '=', (eb) =>
        eb
          .selectFrom('messages as first')
          .select((e) => e.fn.min('first.id').as('id'))
          .whereRef('first.ticket_id', '=', 'tickets.id'),
      ),
    )
    .select(['tickets.id', 'tickets.subject', sql<string | null>`substr(m.body, 1, ${sql.lit(BODY_CHARS)})`.as('body')])
    .where('tickets.created_at', '>=', since)
    .where(reportTickets(actor, {}))
    .orderBy('tickets.id', 'desc')
    .limit(MAX_TICKETS)
    .execute();
  return clusterTexts(rows.map((r) => ({ id: r.id, subject: r.subject, body: r.body ?? '' })))
    .slice(0, MAX_CLUSTERS)
    .map((c) => ({ label: c.label, count: c.ids.length, ticketIds: c.ids }));
}

import { dialectOf } from '../../platform/db/dialect.ts';
import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { matchTickets } from './ticket-index.ts';
import { canSeeInternal, visibleTickets } from './tickets.policy.ts';
import { presentTickets, selectTickets } from './tickets.queries.ts';
import { forViewer } from './tickets.presenter.ts';
import type { SimilarTicketsQuery } from '../../../shared/contracts/ticket-actions.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';

const OPEN_STATUSES = ['new', 'open', 'pending'];

/**
 * Open tickets the caller may see that match a text (a subject being typed), best match
 * first: the portal suggests known incidents, agents spot duplicates.
 */
export async function similarTickets(db: Executor, actor: Actor, query: SimilarTicketsQuery): Promise<TicketDto[]> {
  const dialect = dialectOf(db);
  const match = matchTickets(dialect, query.q, canSeeInternal(actor), 'any');
  if (!match) return [];
  let qb = match.apply(selectTickets(db)).where(visibleTickets(actor)).where('tickets.status', 'in', OPEN_STATUSES);
  if (query.exclude) qb = qb.where('tickets.id', '<>', query.exclude);
  const scored = qb.select(sql<number>`${match.score}`.as('score'));
  const rows = (await db
    .selectFrom(scored.as('hits'))
    .selectAll()
    .orderBy(sql`score`, 'asc')
    .orderBy(sql`id`, 'desc')
    .limit(query.limit ?? 5)
    .execute()) as unknown as Parameters<typeof presentTickets>[1];
  return (await presentTickets(db, rows)).map((ticket) => forViewer(actor, ticket));
}

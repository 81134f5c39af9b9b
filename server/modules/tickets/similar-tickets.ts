import { dialectOf } from '../../platform/db/dialect.ts';
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { withSearchBudget } from '../../platform/search/search-budget.ts';
import { matchTickets, type TicketMatch } from './ticket-index.ts';
import { canSeeInternal, requesterScope, visibleTickets } from './tickets.policy.ts';
import { ticketsInOrder } from './tickets.queries.ts';
import { forViewer } from './tickets.presenter.ts';
import type { SimilarTicketsQuery } from '../../../shared/contracts/ticket-actions.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';

const OPEN_STATUSES = ['new', 'open', 'pending'];

/** How many of the newest open matching tickets are ranked for suggestions. */
const SIMILAR_CANDIDATES = 500;

/**
 * Open tickets the caller may see that match a text (a subject being typed), best match
 * first: the portal suggests known incidents, agents spot duplicates.
 */
export async function similarTickets(db: Executor, actor: Actor, query: SimilarTicketsQuery): Promise<TicketDto[]> {
  // The portal asks while people type: every such query runs under the search time budget.
  return withSearchBudget(db, (trx) => bestOpenMatches(trx, actor, query));
}

async function bestOpenMatches(db: Executor, actor: Actor, query: SimilarTicketsQuery): Promise<TicketDto[]> {
  const dialect = dialectOf(db);
  const match = await matchTickets(dialect, query.q, canSeeInternal(actor), 'any', 'suggest', requesterScope(actor))?.narrow(db, { candidates: SIMILAR_CANDIDATES, statuses: OPEN_STATUSES });
  if (!match) return [];
  const scored = openMatchCandidates(db, actor, match, query.exclude);
  const best = await db
    .selectFrom(scored.as('hits'))
    .select('id')
    .orderBy(sql`score`, 'asc')
    .orderBy(sql`id`, 'desc')
    .limit(query.limit ?? 5)
    .execute();
  if (best.length === 0) return [];
  const ids = best.map((row) => row.id);
  return (await ticketsInOrder(db, ids)).map((ticket) => forViewer(actor, ticket));
}

/**
 * The newest open matches the actor may see, with their score: one common word in the text
 * being typed matches a large share of all tickets, and ranking every one of them takes seconds
 * at a million, so only the newest SIMILAR_CANDIDATES are ranked. The open statuses are written
 * into the statement rather than bound: SQLite then tests each match in the index of statuses
 * and reads the table only for the open ones. With the values bound it read the table for every
 * match, and "printer prints blank pages" walks 16,327 matches at 1,000,000 tickets to find 500
 * open ones of the agent's groups (52–73 ms against 18–29, similar-plan.test.ts).
 */
export function openMatchCandidates(db: Executor, actor: Actor, match: TicketMatch, exclude: number | undefined) {
  let qb = match
    .apply(db.selectFrom('tickets').select('tickets.id'))
    .where(visibleTickets(actor))
    .where(sql<SqlBool>`${sql.ref('tickets.status')} in (${sql.join(OPEN_STATUSES.map((status) => sql.lit(status)))})`);
  if (exclude) qb = qb.where('tickets.id', '<>', exclude);
  return qb
    .select(sql<number>`${match.score}`.as('score'))
    .orderBy(match.idOrder, 'desc')
    .limit(SIMILAR_CANDIDATES);
}

import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../db/database.ts';
import type { TicketCounts } from './tickets-extra.schema.ts';
import { isAgent, visibleTickets } from './tickets.policy.ts';

const DAY_MS = 86_400_000;

/** sum(case when … then 1 else 0 end), 0 on an empty set, a number on both databases. */
const countWhere = (condition: Expression<SqlBool>) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/** The numbers beside the queues on the home screen, in one scan of the caller's tickets. */
export async function ticketCounts(db: Executor, actor: Actor): Promise<TicketCounts> {
  if (!isAgent(actor)) {
    const row = await db
      .selectFrom('tickets')
      .where(visibleTickets(actor))
      .where('tickets.requester_id', '=', actor.id)
      .select((eb) => [
        countWhere(eb('tickets.status', 'in', ['new', 'open'])).as('open'),
        countWhere(eb('tickets.status', '=', 'pending')).as('pending'),
        countWhere(eb('tickets.status', 'in', ['resolved', 'closed'])).as('resolved'),
      ])
      .executeTakeFirstOrThrow();
    return { open: Number(row.open), pending: Number(row.pending), resolved: Number(row.resolved) };
  }
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const row = await db
    .selectFrom('tickets')
    .where(visibleTickets(actor))
    .select((eb) => [
      countWhere(eb.and([eb('tickets.assignee_id', '=', actor.id), eb('tickets.status', 'not in', ['resolved', 'closed'])])).as('mine'),
      countWhere(eb.and([eb('tickets.assignee_id', 'is', null), eb('tickets.status', 'in', ['new', 'open'])])).as('unassigned'),
      countWhere(eb('tickets.status', 'in', ['new', 'open', 'pending'])).as('open'),
      countWhere(eb('tickets.status', '=', 'pending')).as('pending'),
      countWhere(eb('tickets.updated_at', '>=', since)).as('recentlyUpdated'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: Number(row.mine),
    unassigned: Number(row.unassigned),
    open: Number(row.open),
    pending: Number(row.pending),
    recentlyUpdated: Number(row.recentlyUpdated),
  };
}

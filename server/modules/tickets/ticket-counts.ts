import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { AgentTicketCounts, TicketCounts } from '../../../shared/contracts/ticket-actions.ts';
import { inSlaQueue } from './sla-queues.ts';
import { isAgent, workedTickets } from './tickets.policy.ts';

const DAY_MS = 86_400_000;
/** The statuses of the tickets still being worked on. */
const OPEN = ['new', 'open', 'pending'];

/**
 * The numbers beside the queues on the home screen. One small count per queue, each served by
 * an index (status, assignee, updated_at), so that closed tickets of past years cost nothing.
 */
export async function ticketCounts(db: Executor, actor: Actor): Promise<TicketCounts> {
  const count = async (scope: (qb: ReturnType<typeof base>) => ReturnType<typeof base>) => {
    const row = await scope(base())
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  // The queues count the tickets the actor works on; followed ones have their own count.
  const base = () => db.selectFrom('tickets').where(workedTickets(actor));

  if (!isAgent(actor)) {
    const own = (qb: ReturnType<typeof base>) => qb.where('tickets.requester_id', '=', actor.id);
    const [open, pending, resolved] = await Promise.all([
      count((qb) => own(qb).where('tickets.status', 'in', ['new', 'open'])),
      count((qb) => own(qb).where('tickets.status', '=', 'pending')),
      count((qb) => own(qb).where('tickets.status', 'in', ['resolved', 'closed'])),
    ]);
    return { open, pending, resolved };
  }
  const counts = await Promise.all(Object.entries(agentCountQueries(db, actor, new Date())).map(async ([name, query]) => [name, Number((await query.executeTakeFirstOrThrow()).n)] as const));
  return Object.fromEntries(counts) as AgentTicketCounts;
}

/**
 * An agent's counts, each a query of one row `n`, run side by side by ticketCounts. "Mine" and
 * "unassigned" are read from the queue indexes alone, which carry the column that the index's
 * key does not hold (migration 2026-12-03T0500; count-indexes.test.ts asks the planner).
 */
export function agentCountQueries(db: Executor, actor: Actor, now: Date) {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  // The queues count the tickets the actor works on; followed ones have their own count.
  const count = (scope: (qb: ReturnType<typeof base>) => ReturnType<typeof base>) => scope(base()).select((eb) => eb.fn.countAll<number>().as('n'));
  const base = () => db.selectFrom('tickets').where(workedTickets(actor));
  return {
    mine: count((qb) => qb.where('tickets.assignee_id', '=', actor.id).where('tickets.status', 'in', OPEN)),
    unassigned: count((qb) => qb.where('tickets.status', 'in', ['new', 'open']).where('tickets.assignee_id', 'is', null)),
    open: count((qb) => qb.where('tickets.status', 'in', OPEN)),
    pending: count((qb) => qb.where('tickets.status', '=', 'pending')),
    // SQLite's statistics know how many tickets a group has but not how many changed since a
    // time: at 1,000,000 tickets it counted the day's changes through the group's 507,000
    // tickets (230–510 ms) instead of reading the day's 5,000 from the updated_at index (4 ms).
    // likelihood() tells it that few tickets pass; PostgreSQL's histograms know it.
    recentlyUpdated: count((qb) =>
      qb.where(dialectOf(db) === 'sqlite' ? sql<SqlBool>`likelihood(${sql.ref('tickets.updated_at')} >= ${since}, 0.01)` : sql<SqlBool>`${sql.ref('tickets.updated_at')} >= ${since}`),
    ),
    followed: db
      .selectFrom('tickets')
      .innerJoin('ticket_followers', 'ticket_followers.ticket_id', 'tickets.id')
      .where('ticket_followers.user_id', '=', actor.id)
      .where('tickets.status', 'in', OPEN)
      .select((eb) => eb.fn.countAll<number>().as('n')),
    slaAtRisk: count((qb) => qb.where('tickets.status', 'in', OPEN).where(inSlaQueue('at_risk'))),
    slaBreached: count((qb) => qb.where('tickets.status', 'in', OPEN).where(inSlaQueue('breached'))),
  };
}

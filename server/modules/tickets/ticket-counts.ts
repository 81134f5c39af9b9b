import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { TicketCounts } from '../../../shared/contracts/ticket-actions.ts';
import { inSlaQueue } from './sla-queues.ts';
import { isAgent, workedTickets } from './tickets.policy.ts';

const DAY_MS = 86_400_000;

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
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const followedOpen = db
    .selectFrom('tickets')
    .innerJoin('ticket_followers', 'ticket_followers.ticket_id', 'tickets.id')
    .where('ticket_followers.user_id', '=', actor.id)
    .where('tickets.status', 'in', ['new', 'open', 'pending'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
  const [mine, unassigned, open, pending, recentlyUpdated, followed, slaAtRisk, slaBreached] = await Promise.all([
    count((qb) => qb.where('tickets.assignee_id', '=', actor.id).where('tickets.status', 'in', ['new', 'open', 'pending'])),
    count((qb) => qb.where('tickets.status', 'in', ['new', 'open']).where('tickets.assignee_id', 'is', null)),
    count((qb) => qb.where('tickets.status', 'in', ['new', 'open', 'pending'])),
    count((qb) => qb.where('tickets.status', '=', 'pending')),
    count((qb) => qb.where('tickets.updated_at', '>=', since)),
    followedOpen,
    count((qb) => qb.where('tickets.status', 'in', ['new', 'open', 'pending']).where(inSlaQueue('at_risk'))),
    count((qb) => qb.where('tickets.status', 'in', ['new', 'open', 'pending']).where(inSlaQueue('breached'))),
  ]);
  return { mine, unassigned, open, pending, recentlyUpdated, followed, slaAtRisk, slaBreached };
}

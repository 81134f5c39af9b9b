import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { visibleTickets } from '../tickets/tickets.policy.ts';
import type { RequesterSatisfactionDto } from '../../../shared/contracts/satisfaction.ts';

const RECENT = 5;

/**
 * How a requester rated the help, for the requester card: the average and the latest ratings,
 * counting only the latest rating of each ticket and only tickets the caller may see (an agent
 * learns nothing about tickets of other groups).
 */
export async function requesterSatisfaction(db: Executor, actor: Actor, requesterId: number): Promise<RequesterSatisfactionDto> {
  const user = await db.selectFrom('users').select('id').where('id', '=', requesterId).executeTakeFirst();
  if (!user) throw notFound('The user');
  const rows = await db
    .selectFrom('satisfaction_ratings as r')
    .innerJoin('tickets', 'tickets.id', 'r.ticket_id')
    .select(['r.ticket_id', 'r.rating', 'r.comment', 'r.created_at', 'r.resolution_at', 'r.id', 'tickets.subject'])
    .where('tickets.requester_id', '=', requesterId)
    .where(visibleTickets(actor))
    .orderBy('r.resolution_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(1000)
    .execute();
  // A ticket resolved, reopened and resolved again has a rating per resolution: its latest counts.
  const latest = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.ticket_id)) latest.set(row.ticket_id, row);
  const ratings = [...latest.values()];
  const sum = ratings.reduce((total, r) => total + r.rating, 0);
  return {
    average: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 10) / 10,
    count: ratings.length,
    recent: ratings.slice(0, RECENT).map((r) => ({ ticketId: r.ticket_id, subject: r.subject, rating: r.rating, comment: r.comment, createdAt: r.created_at })),
  };
}

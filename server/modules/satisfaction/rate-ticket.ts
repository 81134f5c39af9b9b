import type { Generated, Kysely, Selectable } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import type { SatisfactionRatingsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { scopeOf, ticketEvent } from '../tickets/ticket-events.ts';
import { recordHistory } from '../tickets/ticket-history.ts';
import { isAgent } from '../tickets/tickets.policy.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import type { RateTicketBody, SatisfactionDto } from '../../../shared/contracts/satisfaction.ts';

function present(row: Selectable<SatisfactionRatingsTable>): SatisfactionDto {
  return { rating: row.rating, comment: row.comment, resolutionAt: row.resolution_at, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * The requester rates the help once per resolution: rating again before the ticket is reopened
 * replaces the earlier rating. The history shows it to the requester as well.
 */
export async function rateTicket(db: Db, actor: Actor, ticketId: number, input: RateTicketBody): Promise<SatisfactionDto> {
  return db.transaction().execute(async (trx) => {
    const ticket = await loadVisibleTicket(trx, actor, ticketId);
    if (ticket.requester.id !== actor.id) throw new AppError('forbidden', 'Only the requester can rate the help on this ticket.');
    // Resolving and then closing is one resolution: it keeps its resolvedAt.
    const resolutionAt = ticket.status === 'resolved' || ticket.status === 'closed' ? (ticket.resolvedAt ?? ticket.closedAt) : null;
    if (!resolutionAt) throw new AppError('conflict', `Ticket #${ticketId} is not resolved yet; you can rate the help once it is.`);
    const rdb = trx;
    const now = nowIso();
    const earlier = await rdb.selectFrom('satisfaction_ratings').select(['id', 'rating']).where('ticket_id', '=', ticketId).where('resolution_at', '=', resolutionAt).executeTakeFirst();
    const comment = input.comment ?? '';
    if (earlier) {
      await rdb.updateTable('satisfaction_ratings').set({ rating: input.rating, comment, user_id: actor.id, updated_at: now }).where('id', '=', earlier.id).execute();
    } else {
      await rdb
        .insertInto('satisfaction_ratings')
        .values({ ticket_id: ticketId, user_id: actor.id, resolution_at: resolutionAt, rating: input.rating, comment, created_at: now, updated_at: now })
        .execute();
    }
    await recordHistory(trx, [{ ticketId, actorId: actor.id, kind: 'changed', field: 'satisfaction', oldValue: earlier ? String(earlier.rating) : null, newValue: String(input.rating), at: now }]);
    await recordEvents(trx, [ticketEvent('ticket.rated', ticketId, actor.id, { scope: scopeOf(ticket), rating: input.rating, previousRating: earlier?.rating ?? null })]);
    const row = await rdb.selectFrom('satisfaction_ratings').selectAll().where('ticket_id', '=', ticketId).where('resolution_at', '=', resolutionAt).executeTakeFirstOrThrow();
    return present(row);
  });
}

/** The latest rating of a ticket, for its requester and for agents. */
export async function loadSatisfaction(db: Executor, actor: Actor, ticketId: number): Promise<SatisfactionDto | null> {
  const ticket = await loadVisibleTicket(db, actor, ticketId);
  if (!isAgent(actor) && ticket.requester.id !== actor.id) throw new AppError('forbidden', 'Only the requester and agents see the rating of this ticket.');
  const row = await db.selectFrom('satisfaction_ratings').selectAll().where('ticket_id', '=', ticketId).orderBy('resolution_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? present(row) : null;
}

import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { canSeeInternal, visibleTickets } from '../tickets/tickets.policy.ts';

/**
 * One attachment the actor may download, or a 404. Scoped in the query: the ticket must be
 * visible; requesters get files of public messages only, plus their own not yet sent uploads
 * (an agent's upload for an internal note must not leak before the note exists).
 */
export async function loadVisibleAttachment(db: Executor, actor: Actor, id: number) {
  let qb = db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .leftJoin('messages', 'messages.id', 'attachments.message_id')
    .select(['attachments.id', 'attachments.filename', 'attachments.content_type', 'attachments.size', 'attachments.storage_key'])
    .where('attachments.id', '=', id)
    .where(visibleTickets(actor));
  if (!canSeeInternal(actor)) {
    qb = qb.where((eb) =>
      eb.or([
        eb.and([eb('attachments.message_id', 'is not', null), eb('messages.internal', '=', 0)]),
        eb.and([eb('attachments.message_id', 'is', null), eb('attachments.uploaded_by', '=', actor.id)]),
      ]),
    );
  }
  const row = await qb.executeTakeFirst();
  if (!row) throw notFound(`Attachment ${id}`);
  return row;
}

import type { Actor } from '../auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Channel } from '../../../shared/enums.ts';
import { normaliseTags } from './ticket-refs.ts';
import { loadVisibleTicket } from './tickets.queries.ts';
import type { BulkChanges, BulkResult } from '../../../shared/contracts/ticket-actions.ts';
import type { TicketDto, UpdateTicketBody } from '../../../shared/contracts/tickets.ts';
import { updateTicket } from './update-ticket.ts';

/** The PATCH body that applies bulk changes to one ticket as it is now. */
function patchFor(ticket: TicketDto, changes: BulkChanges): UpdateTicketBody {
  const patch: UpdateTicketBody = { version: ticket.version };
  if (changes.status !== undefined) patch.status = changes.status;
  if (changes.priority !== undefined) patch.priority = changes.priority;
  if (changes.assigneeId !== undefined) patch.assigneeId = changes.assigneeId;
  if (changes.groupId !== undefined) patch.groupId = changes.groupId;
  if (changes.addTags || changes.removeTags) {
    const remove = new Set(normaliseTags(changes.removeTags ?? []));
    patch.tags = normaliseTags([...ticket.tags, ...(changes.addTags ?? [])]).filter((t) => !remove.has(t));
  }
  return patch;
}

/**
 * Applies the same changes to many tickets, each through updateTicket with its current version
 * (so every ticket gets its own history and its own validation). One ticket failing does not
 * stop the others; each result says what happened. Tickets the actor cannot see are not_found.
 */
export async function bulkUpdate(db: Db, actor: Actor, ids: number[], changes: BulkChanges, channel: Channel): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of ids) {
    // A concurrent edit between our read and our write is retried once with the fresh version.
    for (let attempt = 0; ; attempt++) {
      try {
        const current = await loadVisibleTicket(db, actor, id);
        const { after } = await updateTicket(db, actor, id, patchFor(current, changes), channel);
        results.push({ id, ok: true, ticket: after });
        break;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'stale_version' && attempt === 0) continue;
        results.push({ id, ok: false, error: { code: error.code, message: error.message } });
        break;
      }
    }
  }
  return results;
}

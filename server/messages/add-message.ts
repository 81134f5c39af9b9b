import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Dialect, nowIso } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { enqueueTicketNotifications } from '../notifications/enqueue-ticket-notifications.ts';
import { appendToTicketIndex } from '../search/ticket-index.ts';
import { checkBodyLength } from '../tickets/create-ticket.ts';
import { type HistoryEntry, recordHistory } from '../tickets/ticket-history.ts';
import { isAgent } from '../tickets/tickets.policy.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import type { TicketDto } from '../../shared/contracts/tickets.ts';
import type { TicketStatus } from '../../shared/enums.ts';
import { listMessages } from './messages.queries.ts';
import type { MessageDto } from '../../shared/contracts/messages.ts';

export interface AddMessageInput {
  body: string;
  bodyHtml?: string | null;
  internal?: boolean | undefined;
  status?: TicketStatus | undefined;
  attachmentIds?: number[] | undefined;
}

/** The status a ticket moves to when someone writes on it, unless the writer sets one. */
function nextStatus(ticket: TicketDto, byAgent: boolean, internal: boolean): TicketStatus | undefined {
  if (internal) return undefined;
  if (byAgent) return ticket.status === 'new' ? 'open' : undefined;
  // A requester answering brings the ticket back to the agents.
  return ticket.status === 'pending' || ticket.status === 'resolved' ? 'open' : undefined;
}

/**
 * Adds a public reply or an internal note, attaches uploaded files, moves the status where a
 * helpdesk would, and records it all in the history, in one transaction.
 */
export async function addMessage(db: Db, dialect: Dialect, actor: Actor, ticketId: number, input: AddMessageInput): Promise<{ message: MessageDto; ticket: TicketDto }> {
  checkBodyLength(input.body);
  const byAgent = isAgent(actor);
  const internal = input.internal ?? false;
  if (internal && !byAgent) throw new AppError('forbidden', 'Only agents may write internal notes.');
  if (input.status && !byAgent) throw new AppError('forbidden', 'Requesters cannot set the status while replying.');
  return db.transaction().execute(async (trx) => {
    const ticket = await loadVisibleTicket(trx, actor, ticketId);
    if (ticket.status === 'closed' && !byAgent) {
      throw new AppError('conflict', `Ticket #${ticketId} is closed. Please open a new request and mention #${ticketId}.`);
    }
    const now = nowIso();
    const message = await trx
      .insertInto('messages')
      .values({ ticket_id: ticketId, author_id: actor.id, internal: internal ? 1 : 0, body: input.body, body_html: input.bodyHtml ?? null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.attachmentIds?.length) {
      const result = await trx
        .updateTable('attachments')
        .set({ message_id: message.id })
        .where('id', 'in', input.attachmentIds)
        .where('ticket_id', '=', ticketId)
        .where('uploaded_by', '=', actor.id)
        .where('message_id', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== new Set(input.attachmentIds).size) {
        throw new AppError('invalid_input', 'Some attachments do not exist, belong to another ticket or are already used.', { fields: { attachmentIds: 'Unknown or used attachment.' } });
      }
    }
    const history: HistoryEntry[] = [{ ticketId, actorId: actor.id, kind: internal ? 'note' : 'message', newValue: String(message.id), internal, at: now }];
    const status = input.status ?? nextStatus(ticket, byAgent, internal);
    const changes: { updated_at: string; status?: string; version?: number; resolved_at?: string | null; closed_at?: string | null } = { updated_at: now };
    if (status && status !== ticket.status) {
      changes.status = status;
      changes.version = ticket.version + 1;
      changes.resolved_at = status === 'resolved' ? now : null;
      changes.closed_at = status === 'closed' ? now : null;
      history.push({ ticketId, actorId: actor.id, kind: 'changed', field: 'status', oldValue: ticket.status, newValue: status, at: now });
    }
    await trx.updateTable('tickets').set(changes).where('id', '=', ticketId).execute();
    await recordHistory(trx, history);
    await appendToTicketIndex(trx, dialect, ticketId, input.body, internal);
    await enqueueTicketNotifications(trx, { event: 'message', ticketId, actorId: actor.id, messageId: message.id, internal, changes: history, body: input.body });
    const [presented] = await listMessages(trx, ticketId, true, [message.id]);
    const after = await loadVisibleTicket(trx, { ...actor, role: 'admin' }, ticketId);
    return { message: presented!, ticket: after };
  });
}

import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { sendWrite } from '../../platform/db/send-write.ts';
import { attachStoredFiles, type StoredFile } from './attach-stored-files.ts';
import { storedPendingUntil } from './pending-until.ts';
import { insertMessage, listMessages } from './messages.queries.ts';
import type { MessageDto } from '../../../shared/contracts/messages.ts';
import type { Channel, TicketStatus } from '../../../shared/enums.ts';
import { checkBodyLength } from './create-ticket.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { mergedInto } from './merge-tickets.ts';
import { type HistoryEntry, recordHistory } from './ticket-history.ts';
import { type FieldChange, scopeOf, ticketEvent } from './ticket-events.ts';
import { appendToTicketIndex } from './ticket-index.ts';
import { isAgent, requesterMayReopen, statusAfterMessage, worksOn } from './tickets.policy.ts';
import { loadTicket, loadVisibleTicket } from './tickets.queries.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';

export interface AddMessageInput {
  body: string;
  bodyHtml?: string | null;
  internal?: boolean | undefined;
  status?: TicketStatus | undefined;
  /** Uploads of this actor on this ticket not yet used by a message. */
  attachmentIds?: number[] | undefined;
  /** Files already in the attachment store (mail attachments). */
  files?: StoredFile[] | undefined;
  channel: Channel;
  /**
   * Mail intake only: an automatic answer (out-of-office, bounce) to our own mail. It is kept as
   * an automatic message that only agents see (not as a note of its sender), changes no status
   * and notifies nobody.
   */
  automatic?: boolean | undefined;
  /** Mail intake only: whether the sender's address was verified (DKIM/SPF/DMARC or a reply token). */
  senderVerified?: boolean | undefined;
  /**
   * Mail intake only: the mail layer established that the sender may write here (a CC of the
   * ticket, or an automatic answer threaded to our own mail) although they cannot see it in the app.
   */
  authorisedByMail?: boolean | undefined;
}

/**
 * Adds a public reply or an internal note, attaches files, moves the status where a helpdesk
 * would (tickets.policy.ts), and records the history and the `message.added` event, in one
 * transaction — the same for the API, the portal and mail.
 */
export async function addMessage(db: Db | Executor, actor: Actor, ticketId: number, input: AddMessageInput): Promise<{ message: MessageDto; ticket: TicketDto }> {
  checkBodyLength(input.body);
  const byAgent = isAgent(actor);
  const automatic = input.automatic ?? false;
  const internal = automatic || (input.internal ?? false);
  if (internal && !byAgent && !automatic) throw new AppError('forbidden', 'Only agents may write internal notes.');
  if (input.status && !byAgent) throw new AppError('forbidden', 'Requesters cannot set the status while replying.');
  return inTransaction(db, async (trx) => {
    const ticket = input.authorisedByMail ? await loadTicket(trx, ticketId) : await loadVisibleTicket(trx, actor, ticketId);
    // An agent who follows a ticket they escalated may add notes; the receiving group answers the requester.
    if (byAgent && !input.authorisedByMail && !worksOn(actor, ticket) && (!internal || input.status)) {
      throw new AppError('forbidden', `Ticket #${ticketId} is with ${ticket.group.name} now: you can add internal notes, its agents answer the requester.`);
    }
    if (ticket.status === 'closed') {
      const target = await mergedInto(trx, ticketId);
      if (target !== undefined) throw new AppError('conflict', `Ticket #${ticketId} was merged into #${target}; please continue there.`, { details: { mergedInto: target } });
      if (!byAgent && !automatic && !requesterMayReopen(ticket)) {
        throw new AppError('conflict', `Ticket #${ticketId} is closed. Please open a new request and mention #${ticketId}.`);
      }
    }
    const now = nowIso();
    const message = { id: await insertMessage(trx, { ticketId, authorId: actor.id, internal, automatic, senderVerified: input.senderVerified, body: input.body, bodyHtml: input.bodyHtml, at: now }) };
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
    await attachStoredFiles(trx, ticketId, message.id, actor.id, input.files ?? []);
    const history: HistoryEntry[] = [{ ticketId, actorId: actor.id, kind: internal && !automatic ? 'note' : 'message', newValue: String(message.id), internal, at: now }];
    const changes: FieldChange[] = [];
    const status = input.status ?? statusAfterMessage(ticket.status, byAgent, internal);
    const set: { updated_at: string; status?: string; version?: number; resolved_at?: string | null; closed_at?: string | null; pending_until?: string | null } = { updated_at: now };
    if (status && status !== ticket.status) {
      set.status = status;
      set.version = ticket.version + 1;
      set.resolved_at = status === 'resolved' ? now : null;
      set.closed_at = status === 'closed' ? now : null;
      history.push({ ticketId, actorId: actor.id, kind: 'changed', field: 'status', oldValue: ticket.status, newValue: status, at: now });
      changes.push({ field: 'status', from: ticket.status, to: status });
      // Leaving pending ends its reminder (the requester answered, the agent replied and reopened).
      const pendingUntil = await storedPendingUntil(trx, ticketId);
      if (pendingUntil !== null) {
        set.pending_until = null;
        history.push({ ticketId, actorId: actor.id, kind: 'changed', field: 'pendingUntil', oldValue: pendingUntil, newValue: null, internal: true, at: now });
        changes.push({ field: 'pendingUntil', from: pendingUntil, to: null });
      }
    }
    // Nothing waits for these writes' answers (send-write.ts): they go out with the reads below.
    await sendWrite(trx, trx.updateTable('tickets').set(set).where('id', '=', ticketId).compile());
    await recordHistory(trx, history);
    await appendToTicketIndex(trx, ticketId, input.body, internal);
    await recordEvents(trx, [ticketEvent('message.added', ticketId, actor.id, { scope: scopeOf(ticket), channel: input.channel, messageId: message.id, internal, automatic, byAgent, changes })]);
    const [presented] = await listMessages(trx, ticketId, true, [message.id]);
    return { message: presented!, ticket: await loadTicket(trx, ticketId) };
  });
}

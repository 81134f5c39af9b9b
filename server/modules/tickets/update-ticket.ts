import type { Updateable } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import type { TicketsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { appendToTicketIndex } from './ticket-index.ts';
import { type Channel, PRIORITY_RANK } from '../../../shared/enums.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { scopeOf, ticketEvent } from './ticket-events.ts';
import { type HistoryEntry, recordHistory } from './ticket-history.ts';
import { checkAssignee, checkCategory, checkGroup, normaliseTags } from './ticket-refs.ts';
import { mergedInto } from './merge-tickets.ts';
import { nextPendingUntil, storedPendingUntil } from './pending-until.ts';
import { isAgent, REQUESTER_STATUSES, requesterMayReopen, worksOn } from './tickets.policy.ts';
import { loadTicket, loadVisibleTicket } from './tickets.queries.ts';
import type { TicketDto, UpdateTicketBody } from '../../../shared/contracts/tickets.ts';

const REQUESTER_FIELDS = new Set(['version', 'status']);

/**
 * Changes a ticket's fields with optimistic locking: the write only happens when the stored
 * version is the one the client read; otherwise 409 with the current ticket. Every changed
 * field is recorded in the history (old → new), with `options.reason` when an automatic
 * change says why (automatic assignment).
 */
export async function updateTicket(
  db: Db | Executor,
  actor: Actor,
  ticketId: number,
  input: UpdateTicketBody,
  channel: Channel,
  options: { reason?: string } = {},
): Promise<{ before: TicketDto; after: TicketDto }> {
  return inTransaction(db, async (trx) => {
    const before = await loadVisibleTicket(trx, actor, ticketId);
    if (!isAgent(actor)) {
      const extra = Object.keys(input).filter((k) => !REQUESTER_FIELDS.has(k));
      if (extra.length > 0) throw new AppError('forbidden', `Requesters may only close or reopen their tickets, not change ${extra.join(', ')}.`);
      if (input.status && !REQUESTER_STATUSES.has(input.status)) throw new AppError('forbidden', 'Requesters may only close or reopen their tickets.');
    } else if (!worksOn(actor, before)) {
      // They follow it (they escalated it): reading along, not changing it.
      throw new AppError('forbidden', `Ticket #${ticketId} is with ${before.group.name} now: only its agents and administrators may change it.`);
    }
    if (input.version !== before.version) {
      throw new AppError('stale_version', `Ticket #${ticketId} was changed by someone else in the meantime. Review the current state and try again.`, {
        details: { current: before },
      });
    }
    const now = nowIso();
    const set: Updateable<TicketsTable> = {};
    const history: HistoryEntry[] = [];
    const change = (field: string, oldValue: string | number | null, newValue: string | number | null, internal = false) => {
      history.push({
        ...(internal ? { internal } : {}),
        ticketId,
        actorId: actor.id,
        kind: 'changed',
        field,
        oldValue: oldValue === null ? null : String(oldValue),
        newValue: newValue === null ? null : String(newValue),
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
        at: now,
      });
    };

    if (input.subject !== undefined && input.subject !== before.subject) {
      set.subject = input.subject;
      change('subject', before.subject, input.subject);
    }
    if (input.status !== undefined && input.status !== before.status) {
      // A merged ticket's conversation lives on in the target; reopening the empty shell
      // would split the request again.
      if (before.status === 'closed') {
        const merged = await mergedInto(trx, ticketId);
        if (merged !== undefined) throw new AppError('conflict', `Ticket #${ticketId} was merged into #${merged}; please continue there.`, { details: { mergedInto: merged } });
        if (!isAgent(actor) && !requesterMayReopen(before))
          throw new AppError('conflict', `Ticket #${ticketId} was closed too long ago to reopen. Please open a new request and mention #${ticketId}.`);
      }
      set.status = input.status;
      if (input.status === 'resolved') set.resolved_at = now;
      if (input.status === 'closed') set.closed_at = now;
      if (input.status !== 'resolved' && input.status !== 'closed') {
        set.resolved_at = null;
        set.closed_at = null;
      }
      change('status', before.status, input.status);
    }
    if (input.priority !== undefined && input.priority !== before.priority) {
      set.priority = input.priority;
      set.priority_rank = PRIORITY_RANK[input.priority];
      change('priority', before.priority, input.priority);
    }
    const groupId = input.groupId ?? before.group.id;
    if (input.groupId !== undefined && input.groupId !== before.group.id) {
      await checkGroup(trx, input.groupId);
      set.group_id = input.groupId;
      change('group', before.group.id, input.groupId);
    }
    if (input.assigneeId !== undefined && input.assigneeId !== (before.assignee?.id ?? null)) {
      if (input.assigneeId !== null) await checkAssignee(trx, input.assigneeId, groupId);
      set.assignee_id = input.assigneeId;
      change('assignee', before.assignee?.id ?? null, input.assigneeId);
    } else if (set.group_id !== undefined && before.assignee && input.assigneeId === undefined) {
      // Moving a ticket to another group hands it to that group unless the assignee is a member.
      const stillMember = await trx.selectFrom('group_members').select('user_id').where('user_id', '=', before.assignee.id).where('group_id', '=', groupId).executeTakeFirst();
      if (!stillMember) {
        set.assignee_id = null;
        change('assignee', before.assignee.id, null);
      }
    }
    if (input.categoryId !== undefined && input.categoryId !== (before.category?.id ?? null)) {
      if (input.categoryId !== null) await checkCategory(trx, input.categoryId);
      set.category_id = input.categoryId;
      change('category', before.category?.id ?? null, input.categoryId);
    }
    if (input.tags !== undefined) {
      const tags = normaliseTags(input.tags);
      if (tags.join('\n') !== before.tags.join('\n')) {
        await trx.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
        if (tags.length > 0)
          await trx
            .insertInto('ticket_tags')
            .values(tags.map((tag) => ({ ticket_id: ticketId, tag })))
            .execute();
        change('tags', before.tags.join(', '), tags.join(', '));
      }
    }
    // Only a pending ticket can hold a reminder (leaving pending clears it): no read for the rest.
    const stored = { status: before.status, pendingUntil: before.status === 'pending' ? await storedPendingUntil(trx, ticketId) : null };
    const pendingUntil = nextPendingUntil(stored, input, now);
    if (pendingUntil !== undefined) {
      set.pending_until = pendingUntil;
      // The reminder is the agents' business: requesters never see it, nor its history.
      change('pendingUntil', stored.pendingUntil, pendingUntil, true);
    }
    if (history.length === 0) return { before, after: before };

    const result = await trx
      .updateTable('tickets')
      .set({ ...set, updated_at: now, version: before.version + 1 })
      .where('id', '=', ticketId)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new AppError('stale_version', `Ticket #${ticketId} was changed by someone else in the meantime.`, { details: { current: await loadVisibleTicket(trx, actor, ticketId) } });
    }
    await recordHistory(trx, history);
    if (set.subject) await appendToTicketIndex(trx, ticketId, set.subject, false);
    // The actor may lose sight of the ticket (moved to a group they are not in).
    const after = await loadTicket(trx, ticketId);
    const changes = history.map((h) => ({ field: h.field!, from: h.oldValue ?? null, to: h.newValue ?? null }));
    await recordEvents(trx, [
      ticketEvent('ticket.changed', ticketId, actor.id, {
        scope: scopeOf(after),
        channel,
        groupIdBefore: before.group.id,
        changes,
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
      }),
    ]);
    return { before, after };
  });
}

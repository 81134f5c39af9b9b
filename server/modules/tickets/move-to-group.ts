import type { Transaction } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { mergedInto } from './merge-tickets.ts';
import type { HistoryEntry } from './ticket-history.ts';
import { isAgent, worksOn } from './tickets.policy.ts';
import { loadVisibleTicket } from './tickets.queries.ts';

export type EscalationAction = 'escalate' | 'hand back' | 'notify the supervisors of';

/**
 * Loads the ticket for an escalation command and checks the rules every one of them shares:
 * agents only, not a closed (or merged) ticket, and — unless `followersToo` — only the agents
 * of the ticket's group and admins. PostgreSQL: the row is locked, so that two escalations of
 * the same ticket run one after the other (SQLite transactions begin with the write lock).
 */
export async function loadForEscalation(trx: Transaction<Database>, actor: Actor, ticketId: number, action: EscalationAction, followersToo = false): Promise<TicketDto> {
  if (!isAgent(actor)) throw forbidden(`Only agents may ${action} tickets.`);
  if (dialectOf(trx) === 'postgres') await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).forUpdate().execute();
  const ticket = await loadVisibleTicket(trx, actor, ticketId);
  if (!followersToo && !worksOn(actor, ticket)) {
    throw forbidden(`Ticket #${ticketId} is with ${ticket.group.name} now: only its agents and administrators may ${action} it. You can still add internal notes.`);
  }
  if (ticket.status === 'closed') {
    const target = await mergedInto(trx, ticketId);
    if (target !== undefined) throw new AppError('conflict', `Ticket #${ticketId} was merged into #${target}; please continue there.`, { details: { mergedInto: target } });
    throw new AppError('conflict', `Ticket #${ticketId} is closed. Reopen it first if there is still something to do.`);
  }
  return ticket;
}

/**
 * Moves the ticket to another group (escalation, hand-back): a new version, and the assignee
 * stays only if they are a member of the new group, as when the group is changed by hand.
 * Returns the history entries of the move beside the caller's own entry.
 */
export async function moveToGroup(trx: Transaction<Database>, actor: Actor, ticket: TicketDto, toGroupId: number, at: string): Promise<HistoryEntry[]> {
  const history: HistoryEntry[] = [];
  let unassign = false;
  if (ticket.assignee) {
    const member = await trx.selectFrom('group_members').select('user_id').where('user_id', '=', ticket.assignee.id).where('group_id', '=', toGroupId).executeTakeFirst();
    if (!member) {
      unassign = true;
      history.push({ ticketId: ticket.id, actorId: actor.id, kind: 'changed', field: 'assignee', oldValue: String(ticket.assignee.id), newValue: null, at });
    }
  }
  await trx
    .updateTable('tickets')
    .set({ group_id: toGroupId, ...(unassign ? { assignee_id: null } : {}), updated_at: at, version: ticket.version + 1 })
    .where('id', '=', ticket.id)
    .execute();
  return history;
}

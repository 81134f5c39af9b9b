import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import type { HandBackBody } from '../../../shared/contracts/escalation.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { handBackTarget } from './escalation.queries.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { loadForEscalation, moveToGroup } from './move-to-group.ts';
import { scopeOf, ticketEvent } from './ticket-events.ts';
import { recordHistory } from './ticket-history.ts';
import { loadTicket } from './tickets.queries.ts';

/**
 * Hands an escalated ticket back to the group it was escalated from (with a note why: what was
 * done, what is left), recorded in the history and as `ticket.handed_back`. Escalations stack:
 * each hand-back goes one step back (escalation.queries.ts). 409 if there is nothing to hand back.
 */
export async function handBackTicket(db: Db | Executor, actor: Actor, ticketId: number, input: HandBackBody): Promise<TicketDto> {
  return inTransaction(db, async (trx) => {
    const before = await loadForEscalation(trx, actor, ticketId, 'hand back');
    const toGroupId = await handBackTarget(trx, ticketId);
    if (toGroupId === null) throw new AppError('conflict', `Ticket #${ticketId} was not escalated (or has been handed back already), so there is no group to hand it back to.`);
    if (toGroupId === before.group.id) throw new AppError('conflict', `Ticket #${ticketId} is with the group it was escalated from already.`);
    const target = await trx.selectFrom('groups').select(['name', 'active']).where('id', '=', toGroupId).executeTakeFirstOrThrow();
    if (!target.active) throw new AppError('conflict', `${target.name}, the group ticket #${ticketId} was escalated from, is deactivated: move the ticket to an active group instead.`);
    const now = nowIso();
    const moved = await moveToGroup(trx, actor, before, toGroupId, now);
    await recordHistory(trx, [
      { ticketId, actorId: actor.id, kind: 'handed_back', field: 'group', oldValue: String(before.group.id), newValue: String(toGroupId), reason: input.reason, internal: true, at: now },
      ...moved,
    ]);
    const after = await loadTicket(trx, ticketId);
    await recordEvents(trx, [ticketEvent('ticket.handed_back', ticketId, actor.id, { scope: scopeOf(after), fromGroupId: before.group.id, toGroupId, reason: input.reason })]);
    return after;
  });
}

import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import type { NotifySupervisorsBody } from '../../../shared/contracts/escalation.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { groupHasSupervisor } from '../groups/groups.queries.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { loadForEscalation } from './move-to-group.ts';
import { scopeOf, ticketEvent } from './ticket-events.ts';
import { recordHistory } from './ticket-history.ts';

/**
 * Hierarchical escalation: calls the supervisors of the ticket's group (members an admin marked
 * as supervisors) without moving the ticket, e.g. when it waits too long at the next level. The
 * agents of the group, admins and the agents who follow it may do so; the subscriber mails the
 * supervisors. 409 when the group has no supervisor.
 */
export async function notifySupervisors(db: Db | Executor, actor: Actor, ticketId: number, input: NotifySupervisorsBody): Promise<TicketDto> {
  return inTransaction(db, async (trx) => {
    const ticket = await loadForEscalation(trx, actor, ticketId, 'notify the supervisors of', true);

    if (!(await groupHasSupervisor(trx, ticket.group.id))) throw new AppError('conflict', `${ticket.group.name} has no supervisor to notify; an administrator can mark members as supervisors.`);
    const now = nowIso();
    await recordHistory(trx, [{ ticketId, actorId: actor.id, kind: 'supervisors_notified', field: 'group', newValue: String(ticket.group.id), reason: input.reason, internal: true, at: now }]);
    await recordEvents(trx, [ticketEvent('ticket.supervisors_notified', ticketId, actor.id, { scope: scopeOf(ticket), groupId: ticket.group.id, reason: input.reason })]);
    return ticket;
  });
}

import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { defaultGroupOfLevel } from '../groups/groups.queries.ts';
import type { EscalateBody } from '../../../shared/contracts/escalation.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { follow } from './escalation.queries.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { loadForEscalation, moveToGroup } from './move-to-group.ts';
import { scopeOf, ticketEvent } from './ticket-events.ts';
import { activeGroup } from './ticket-refs.ts';
import { recordHistory } from './ticket-history.ts';
import { mayEscalateTo, nextLevel } from './tickets.policy.ts';
import { loadTicket } from './tickets.queries.ts';

const LEVEL_NAME: Record<string, string> = { '1': '1st level', '2': '2nd level', '3': '3rd level', specialist: 'a specialist team' };

/** The group an escalation goes to: the chosen one if escalation may go there, else the next level's default group. */
async function targetGroup(db: Executor, ticket: TicketDto, groupId: number | undefined): Promise<{ id: number; name: string; level: string }> {
  if (groupId === undefined) {
    const level = nextLevel(ticket.level);
    if (!level) {
      throw new AppError(
        'conflict',
        ticket.level === 'specialist'
          ? `Ticket #${ticket.id} is with a specialist team, which has no next level. Choose the group to escalate it to.`
          : `Ticket #${ticket.id} is at the highest support level already. Choose a specialist team, or notify the supervisors instead.`,
      );
    }
    const group = await defaultGroupOfLevel(db, level);
    if (!group) throw new AppError('conflict', `There is no ${LEVEL_NAME[level]} group to escalate to; an administrator can create one.`);
    return group;
  }
  const group = await activeGroup(db, groupId);
  if (group.id === ticket.group.id) throw new AppError('conflict', `Ticket #${ticket.id} is with ${group.name} already.`, { fields: { groupId: 'The ticket is there already.' } });
  if (!mayEscalateTo(ticket.level, group.level)) {
    throw new AppError(
      'conflict',
      `Escalation goes up: ${group.name} (${LEVEL_NAME[group.level] ?? group.level}) is not above ${ticket.group.name} (${LEVEL_NAME[ticket.level]}). Choose a higher level or a specialist team, or hand the ticket back.`,
      { fields: { groupId: 'Not a higher level or a specialist team.' } },
    );
  }
  return group;
}

/**
 * Escalates a ticket: moves it to a higher support level or a specialist team with a reason,
 * records who moved it from where to where and why (history, `ticket.escalated`), and lets the
 * escalating agent follow it, so they keep reading it in "my escalations" although it left
 * their groups. Agents of the ticket's group and admins may escalate (tickets.policy.ts).
 */
export async function escalateTicket(db: Db | Executor, actor: Actor, ticketId: number, input: EscalateBody): Promise<TicketDto> {
  return inTransaction(db, async (trx) => {
    const before = await loadForEscalation(trx, actor, ticketId, 'escalate');
    const target = await targetGroup(trx, before, input.groupId);
    const now = nowIso();
    const moved = await moveToGroup(trx, actor, before, target.id, now);
    await recordHistory(trx, [
      { ticketId, actorId: actor.id, kind: 'escalated', field: 'group', oldValue: String(before.group.id), newValue: String(target.id), reason: input.reason, internal: true, at: now },
      ...moved,
    ]);
    await follow(trx, ticketId, actor.id);
    const after = await loadTicket(trx, ticketId);
    await recordEvents(trx, [ticketEvent('ticket.escalated', ticketId, actor.id, { scope: scopeOf(after), fromGroupId: before.group.id, toGroupId: target.id, reason: input.reason })]);
    return after;
  });
}

import type { Transaction } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { groupHasSupervisor } from '../groups/groups.queries.ts';
import { escalateTicket } from '../tickets/escalate-ticket.ts';
import { notifySupervisors } from '../tickets/notify-supervisors.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import { TICKET_PRIORITIES, type TicketPriority } from '../../../shared/enums.ts';
import type { PolicyRow } from './sla.queries.ts';
import { slaActor } from './system-actor.ts';
import type { SlaTarget } from './ticket-clock.ts';

const TARGET_NAME: Record<SlaTarget, string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/** One step up, or undefined at the top. */
function higher(priority: TicketPriority): TicketPriority | undefined {
  return TICKET_PRIORITIES[TICKET_PRIORITIES.indexOf(priority) + 1];
}

/**
 * What a breach does, through the ticket commands with the SLA's own actor, so history, domain
 * events, notifications and the ticket rules hold as for any agent: the supervisors of the
 * ticket's group are called (when it has any and the policy says so), then — as the policy says — the priority goes
 * up one step and the ticket is escalated to the next level. A ticket at the top level or with
 * a specialist team stays where it is (the supervisors know).
 */
export async function runBreachActions(trx: Transaction<Database>, ticketId: number, policy: PolicyRow, missed: Array<{ target: SlaTarget; dueAt: string }>): Promise<void> {
  // Nothing to do for a policy that only records breaches: no further statement per timer.
  if (policy.breach_notify_supervisors !== 1 && policy.breach_raise_priority !== 1 && policy.breach_escalate !== 1) return;
  // The few fields the decisions need, not the presented ticket (loadTicket: two queries).
  const ticket = await trx.selectFrom('tickets').select(['status', 'priority', 'group_id', 'version']).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket || ticket.status === 'resolved' || ticket.status === 'closed') return;
  const reason = `SLA "${policy.name}": ${missed.map((m) => `${TARGET_NAME[m.target]} was due ${m.dueAt}`).join('; ')}.`;
  let actor: Actor | undefined;
  const sla = async () => (actor ??= await slaActor(trx));

  if (policy.breach_notify_supervisors === 1 && (await groupHasSupervisor(trx, ticket.group_id))) await notifySupervisors(trx, await sla(), ticketId, { reason });

  const raised = higher(ticket.priority as TicketPriority);
  if (policy.breach_raise_priority === 1 && raised) await updateTicket(trx, await sla(), ticketId, { version: ticket.version, priority: raised }, 'api');

  if (policy.breach_escalate === 1) {
    try {
      await escalateTicket(trx, await sla(), ticketId, { reason });
    } catch (error) {
      // No higher level or no group there: nothing to escalate to; the breach stands recorded.
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
}

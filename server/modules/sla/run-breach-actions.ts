import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { groupHasSupervisor } from '../groups/groups.queries.ts';
import { escalateTicket } from '../tickets/escalate-ticket.ts';
import { notifySupervisors } from '../tickets/notify-supervisors.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
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
  const ticket = await loadTicket(trx, ticketId);
  if (ticket.status === 'resolved' || ticket.status === 'closed') return;
  const actor = await slaActor(trx);
  const reason = `SLA "${policy.name}": ${missed.map((m) => `${TARGET_NAME[m.target]} was due ${m.dueAt}`).join('; ')}.`;

  if (policy.breach_notify_supervisors === 1 && (await groupHasSupervisor(trx, ticket.group.id))) await notifySupervisors(trx, actor, ticketId, { reason });

  const raised = higher(ticket.priority);
  if (policy.breach_raise_priority === 1 && raised) await updateTicket(trx, actor, ticketId, { version: ticket.version, priority: raised }, 'api');

  if (policy.breach_escalate === 1) {
    try {
      await escalateTicket(trx, actor, ticketId, { reason });
    } catch (error) {
      // No higher level or no group there: nothing to escalate to; the breach stands recorded.
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
}

import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { escalationState } from './escalation.queries.ts';
import { mergedInto } from './merge-tickets.ts';
import { type EscalationState, isAgent, ticketAbilities } from './tickets.policy.ts';
import { forViewer } from './tickets.presenter.ts';

/**
 * What the history of a ticket this request has just created says while it is unchanged
 * (version 1): nobody follows it yet (only an escalation out of one's groups makes a follower,
 * and an escalation changes the ticket) and there is no escalation to hand back.
 */
export const NEW_TICKET_ESCALATION: EscalationState = { following: false, handBackTo: null };

/**
 * A ticket as one caller gets it: with what they may do with it. `known` is the escalation state
 * when the caller knows it without reading (a ticket it just created).
 */
export async function withAbilities(db: Executor, actor: Actor, ticket: TicketDto, known?: EscalationState): Promise<TicketDto> {
  const merged = ticket.status === 'closed' ? await mergedInto(db, ticket.id) : undefined;
  const escalation = isAgent(actor) ? (known ?? (await escalationState(db, ticket.id, actor.id))) : undefined;
  return { ...forViewer(actor, ticket), abilities: ticketAbilities(actor, ticket, merged, escalation) };
}

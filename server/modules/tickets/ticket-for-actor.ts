import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import { escalationState } from './escalation.queries.ts';
import { mergedInto } from './merge-tickets.ts';
import { isAgent, ticketAbilities } from './tickets.policy.ts';
import { forViewer } from './tickets.presenter.ts';

/** A ticket as one caller gets it: with what they may do with it. */
export async function withAbilities(db: Executor, actor: Actor, ticket: TicketDto): Promise<TicketDto> {
  const merged = ticket.status === 'closed' ? await mergedInto(db, ticket.id) : undefined;
  const escalation = isAgent(actor) ? await escalationState(db, ticket.id, actor.id) : undefined;
  return { ...forViewer(actor, ticket), abilities: ticketAbilities(actor, ticket, merged, escalation) };
}

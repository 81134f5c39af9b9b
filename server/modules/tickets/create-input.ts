import type { Actor } from '../auth/auth.queries.ts';
import { AppError } from '../../platform/errors.ts';
import { channelOf } from './channel-of.ts';
import type { CreateTicketInput } from './create-ticket.ts';
import { isAgent } from './tickets.policy.ts';
import type { CreateTicketBody } from '../../../shared/contracts/tickets.ts';

/**
 * POST /tickets → the command's input. Agents opening a ticket for a caller name the requester
 * (`requesterId`, or `requester` to find or create by address) and how the request came in
 * (`channel`: phone, walk_in, …); without a channel it is how the caller reached the API.
 */
export function createInputOf(actor: Actor, body: CreateTicketBody): CreateTicketInput {
  const { requester, channel, ...rest } = body;
  if (!isAgent(actor) && (requester || channel)) throw new AppError('forbidden', 'Only agents may open tickets for someone else or name the channel.');
  if (requester && (body.requesterEmail || body.requesterId))
    throw new AppError('invalid_input', 'Name the requester once: by id, by e-mail address or as a new person.', { fields: { requester: 'Leave out requesterId and requesterEmail.' } });
  return {
    ...rest,
    ...(requester ? { requesterEmail: requester.email, requesterName: requester.name, requesterOrganisationId: requester.organisationId } : {}),
    channel: channel ?? channelOf(actor),
  };
}

import { z } from 'zod';
import { presentHistory } from './history.presenter.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor } from '../auth/auth-plugin.ts';
import { createTicket } from './create-ticket.ts';
import { listTickets } from './list-tickets.ts';
import { channelOf } from './channel-of.ts';
import { createInputOf } from './create-input.ts';
import { NEW_TICKET_ESCALATION, withAbilities } from './ticket-for-actor.ts';
import { canSeeInternal } from './tickets.policy.ts';
import { loadTicket, loadVisibleTicket } from './tickets.queries.ts';
import { createTicketBody, historyEventSchema, listTicketsQuery, ticketListSchema, ticketParams, ticketSchema, updateTicketBody } from '../../../shared/contracts/tickets.ts';
import { updateTicket } from './update-ticket.ts';

export async function ticketRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['tickets'];

  app.post('/tickets', { schema: { tags, summary: 'Open a ticket', body: createTicketBody, response: { 201: ticketSchema } } }, async (request, reply) => {
    const actor = requireActor(request);
    const created = await createTicket(deps.db, actor, createInputOf(actor, request.body));
    const ticket = await loadTicket(deps.db, created.ticketId);
    // Version 1: nothing (a trigger's escalation, say) has changed it since, so its history is known.
    return reply.status(201).send(await withAbilities(deps.db, actor, ticket, ticket.version === 1 ? NEW_TICKET_ESCALATION : undefined));
  });

  app.get(
    '/tickets',
    { config: { search: true }, schema: { tags, summary: 'List and search tickets (keyset paging)', querystring: listTicketsQuery, response: { 200: ticketListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      return listTickets(deps.db, actor, request.query);
    },
  );

  app.get('/tickets/:id', { schema: { tags, summary: 'One ticket', params: ticketParams, response: { 200: ticketSchema } } }, async (request) => {
    const actor = requireActor(request);
    return withAbilities(deps.db, actor, await loadVisibleTicket(deps.db, actor, request.params.id));
  });

  app.patch(
    '/tickets/:id',
    { schema: { tags, summary: 'Change a ticket (optimistic locking by version)', params: ticketParams, body: updateTicketBody, response: { 200: ticketSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const { after } = await updateTicket(deps.db, actor, request.params.id, request.body, channelOf(actor));
      return withAbilities(deps.db, actor, after);
    },
  );

  app.get(
    '/tickets/:id/history',
    { schema: { tags, summary: 'Who changed what, when (requesters see no internal entries)', params: ticketParams, response: { 200: z.object({ items: z.array(historyEventSchema) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
      let qb = deps.db
        .selectFrom('ticket_events')
        .leftJoin('users', 'users.id', 'ticket_events.actor_id')
        .select(['ticket_events.id', 'kind', 'field', 'old_value', 'new_value', 'ticket_events.created_at', 'ticket_events.reason', 'users.id as actor_id', 'users.name as actor_name'])
        .where('ticket_id', '=', ticket.id)
        .orderBy('ticket_events.id');
      if (!canSeeInternal(actor)) qb = qb.where('ticket_events.internal', '=', 0);
      return { items: await presentHistory(deps.db, await qb.execute()) };
    },
  );
}

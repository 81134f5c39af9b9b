import { z } from 'zod';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor } from '../auth/auth-plugin.ts';
import { canSeeInternal } from './tickets.policy.ts';
import { loadVisibleTicket } from './tickets.queries.ts';
import { channelOf } from './channel-of.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { addMessage } from './add-message.ts';
import { listMessages } from './messages.queries.ts';
import { createMessageBody, messageSchema } from '../../../shared/contracts/messages.ts';

export async function messageRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['messages'];

  app.get(
    '/tickets/:id/messages',
    { schema: { tags, summary: 'The conversation, oldest first (requesters never see internal notes)', params: ticketParams, response: { 200: z.object({ items: z.array(messageSchema) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
      return { items: await listMessages(deps.db, ticket.id, canSeeInternal(actor)) };
    },
  );

  app.post(
    '/tickets/:id/messages',
    { schema: { tags, summary: 'Reply publicly or add an internal note', params: ticketParams, body: createMessageBody, response: { 201: messageSchema } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { message } = await addMessage(deps.db, actor, request.params.id, { ...request.body, channel: channelOf(actor) });
      return reply.status(201).send(message);
    },
  );
}

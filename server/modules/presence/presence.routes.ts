/**
 * Presence ("two agents never answer the same ticket unknowingly"), under /api/v1, agents only:
 *   POST /tickets/:id/presence {state: "viewing"|"typing"|"left"} → 200 {items:[{user:{id,name}, state, since}]}
 *        (the others on the ticket; repeat every 20 s, a state expires after 45 s)
 *   GET  /tickets/:id/presence → 200 {items:[…]} without the caller
 * A POST that changes the state publishes a `presence` live event (agents only) with data {user:{id,name}, state};
 * renewals publish nothing, so clients refresh the list with the answer of their own POST (or GET).
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { listPresence, setPresence } from './presence.queries.ts';
import { presenceBody, presenceListSchema } from '../../../shared/contracts/presence.ts';

export async function presenceRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['presence'];

  app.post(
    '/tickets/:id/presence',
    { schema: { tags, summary: 'Tell the others that you view, type on or left a ticket (agents)', params: ticketParams, body: presenceBody, response: { 200: presenceListSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
      const { changed } = await setPresence(deps.db, ticket.id, actor.id, request.body.state);
      // Presence is not a change of the ticket (no domain event): it goes to the live bus directly.
      if (changed) {
        deps.events.publish({
          type: 'presence',
          ticketId: ticket.id,
          groupId: ticket.group.id,
          requesterId: ticket.requester.id,
          organisationId: ticket.organisation?.id ?? null,
          agentsOnly: true,
          actorId: actor.id,
          data: { user: { id: actor.id, name: actor.name }, state: request.body.state },
        });
      }
      return listPresence(deps.db, ticket.id, actor.id);
    },
  );

  app.get(
    '/tickets/:id/presence',
    { schema: { tags, summary: 'Who else views or types on a ticket right now (agents)', params: ticketParams, response: { 200: presenceListSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
      return listPresence(deps.db, ticket.id, actor.id);
    },
  );
}

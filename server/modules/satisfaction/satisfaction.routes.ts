/**
 * Satisfaction (CSAT), under /api/v1:
 *   POST /tickets/:id/satisfaction {rating: 1..5, comment?} → 200 {satisfaction}
 *        only the requester, only when resolved or closed (else 409); rating again replaces it
 *   GET  /tickets/:id/satisfaction → 200 {satisfaction: {rating, comment, resolutionAt, createdAt, updatedAt} | null}
 *        the requester and agents
 *   GET  /users/:id/satisfaction → 200 {average, count, recent} how a requester rated (agents; tickets they may see)
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAgent } from '../auth/auth-plugin.ts';
import { userParams } from '../../../shared/contracts/users.ts';
import { requesterSatisfaction } from './requester-satisfaction.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { loadSatisfaction, rateTicket } from './rate-ticket.ts';
import { rateTicketBody, requesterSatisfactionSchema, satisfactionResponse } from '../../../shared/contracts/satisfaction.ts';

export async function satisfactionRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['satisfaction'];

  app.post(
    '/tickets/:id/satisfaction',
    { schema: { tags, summary: 'Rate the help on a resolved ticket (the requester)', params: ticketParams, body: rateTicketBody, response: { 200: satisfactionResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { satisfaction: await rateTicket(deps.db, actor, request.params.id, request.body) };
    },
  );

  app.get('/tickets/:id/satisfaction', { schema: { tags, summary: 'The rating of a ticket, or null', params: ticketParams, response: { 200: satisfactionResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { satisfaction: await loadSatisfaction(deps.db, actor, request.params.id) };
  });

  app.get(
    '/users/:id/satisfaction',
    { schema: { tags, summary: 'How a requester rated the help: average and latest ratings (agents; tickets you may see)', params: userParams, response: { 200: requesterSatisfactionSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return requesterSatisfaction(deps.db, actor, request.params.id);
    },
  );
}

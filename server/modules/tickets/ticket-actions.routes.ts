/**
 * Ticket endpoints for the web app, under /api/v1:
 *   GET  /tickets/counts                      → 200 agents {mine, unassigned, open, pending, recentlyUpdated}
 *                                               customers {open, pending, resolved} (their own requests)
 *   GET  /tickets/similar?q=TEXT&limit=5&exclude=ID → 200 {items:[ticket]} open tickets matching the text, best first; empty q → 400
 *   POST /tickets/bulk {ids:[…≤100], changes:{status?, priority?, assigneeId?|null, groupId?, addTags?, removeTags?}}
 *                                             → 200 {results:[{id, ok, ticket?, error?:{code,message}}]} (agents)
 *   POST /tickets/:id/merge {targetId}        → 200 {source: ticket, target: ticket} (agents; 409 into itself or a merged ticket)
 *   GET  /tickets/:id/links                   → 200 {mergedInto: id|null, mergedFrom: [id]}
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAgent } from '../auth/auth-plugin.ts';
import { bulkUpdate } from './bulk-update.ts';
import { mergeTickets, ticketLinks } from './merge-tickets.ts';
import { channelOf } from './channel-of.ts';
import { similarTickets } from './similar-tickets.ts';
import { ticketCounts } from './ticket-counts.ts';
import { loadVisibleTicket } from './tickets.queries.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import {
  bulkResultSchema,
  bulkUpdateBody,
  mergeBody,
  mergeResultSchema,
  similarTicketsQuery,
  ticketCountsSchema,
  ticketItemsSchema,
  ticketLinksSchema,
} from '../../../shared/contracts/ticket-actions.ts';

export async function ticketActionRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['tickets'];

  app.get('/tickets/counts', { schema: { tags, summary: 'Counts for the queues on the home screen', response: { 200: ticketCountsSchema } } }, async (request) => {
    const actor = requireActor(request);
    return ticketCounts(deps.db, actor);
  });

  app.get(
    '/tickets/similar',
    {
      config: { search: true },
      schema: { tags, summary: 'Open tickets that match a text (suggestions while typing, duplicates)', querystring: similarTicketsQuery, response: { 200: ticketItemsSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await similarTickets(deps.db, actor, request.query) };
    },
  );

  app.post('/tickets/bulk', { schema: { tags, summary: 'Change many tickets at once (agents)', body: bulkUpdateBody, response: { 200: bulkResultSchema } } }, async (request) => {
    const actor = requireAgent(request);
    return { results: await bulkUpdate(deps.db, actor, request.body.ids, request.body.changes, channelOf(actor)) };
  });

  app.post(
    '/tickets/:id/merge',
    { schema: { tags, summary: 'Merge a duplicate into another ticket (agents)', params: ticketParams, body: mergeBody, response: { 200: mergeResultSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return mergeTickets(deps.db, actor, request.params.id, request.body.targetId);
    },
  );

  app.get('/tickets/:id/links', { schema: { tags, summary: 'Merge links of a ticket', params: ticketParams, response: { 200: ticketLinksSchema } } }, async (request) => {
    const actor = requireActor(request);
    const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
    return ticketLinks(deps.db, actor, ticket.id);
  });
}

/**
 * Escalation endpoints, under /api/v1 (agents of the ticket's group and admins; see tickets.policy.ts):
 *   POST /tickets/:id/escalate {reason, groupId?}       → 200 ticket (next level's default group, or the chosen
 *                                                         specialist team / higher group; 409 none higher, 400 no reason)
 *   POST /tickets/:id/hand-back {reason}                → 200 ticket, back to the group it was escalated from (409 if never)
 *   POST /tickets/:id/notify-supervisors {reason}       → 200 ticket, unmoved; its group's supervisors are mailed
 *                                                         (also the agents who follow it; 409 without supervisors)
 *   POST /tickets/bulk-escalate {ids, reason, groupId?} → 200 {results:[{id, ok, ticket?, error?}]}
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireActor, requireAgent } from '../auth/auth-plugin.ts';
import { bulkEscalateBody, escalateBody, handBackBody, notifySupervisorsBody } from '../../../shared/contracts/escalation.ts';
import { bulkResultSchema, type BulkResult } from '../../../shared/contracts/ticket-actions.ts';
import { ticketParams, ticketSchema } from '../../../shared/contracts/tickets.ts';
import { escalateTicket } from './escalate-ticket.ts';
import { handBackTicket } from './hand-back-ticket.ts';
import { notifySupervisors } from './notify-supervisors.ts';
import { withAbilities } from './ticket-for-actor.ts';

export async function escalationRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['tickets'];

  app.post(
    '/tickets/:id/escalate',
    { schema: { tags, summary: 'Escalate to the next support level or a specialist team, with a reason', params: ticketParams, body: escalateBody, response: { 200: ticketSchema } } },
    async (request) => {
      const actor = requireActor(request);
      // The escalating agent keeps reading it (they follow it now), with fewer abilities.
      return withAbilities(deps.db, actor, await escalateTicket(deps.db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/tickets/:id/hand-back',
    { schema: { tags, summary: 'Hand an escalated ticket back to the group it came from', params: ticketParams, body: handBackBody, response: { 200: ticketSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const after = await handBackTicket(deps.db, actor, request.params.id, request.body);
      return withAbilities(deps.db, actor, after);
    },
  );

  app.post(
    '/tickets/:id/notify-supervisors',
    { schema: { tags, summary: "Call the supervisors of the ticket's group without moving it", params: ticketParams, body: notifySupervisorsBody, response: { 200: ticketSchema } } },
    async (request) => {
      const actor = requireActor(request);
      return withAbilities(deps.db, actor, await notifySupervisors(deps.db, actor, request.params.id, request.body));
    },
  );

  app.post('/tickets/bulk-escalate', { schema: { tags, summary: 'Escalate many tickets with one reason (agents)', body: bulkEscalateBody, response: { 200: bulkResultSchema } } }, async (request) => {
    const actor = requireAgent(request);
    const { ids, ...input } = request.body;
    const results: BulkResult[] = [];
    // Each ticket on its own: one that cannot go up does not stop the others.
    for (const id of ids) {
      try {
        results.push({ id, ok: true, ticket: await escalateTicket(deps.db, actor, id, input) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ id, ok: false, error: { code: error.code, message: error.message } });
      }
    }
    return { results };
  });
}

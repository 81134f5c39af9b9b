/**
 * Problem management under /api/v1 (agents and admins; requesters get 404 everywhere):
 *   POST   /problems {title, description?, ticketIds?, ownerGroupId?, ownerId?} → 201 problem
 *   GET    /problems?status=&q=&cursor=&limit=                                → 200 {items, nextCursor} newest first
 *   GET    /problems/:id                                                      → 200 problem
 *   PATCH  /problems/:id {version, …}                                         → 200 problem; 409 when stale
 *   POST   /problems/:id/tickets {ticketIds}                                  → 200 problem
 *   DELETE /problems/:id/tickets/:ticketId                                    → 200 problem
 *   GET    /problems/:id/history                                              → 200 {items} its events in order
 *   GET    /tickets/:id/problem                                               → 200 {problem|null} for the ticket view
 * An article becomes a problem's known solution or workaround through the article itself
 * (PATCH /kb/articles/:id {solutionKind, solutionProblemId}).
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import {
  createProblemBody,
  linkTicketsBody,
  listProblemsQuery,
  problemListSchema,
  problemHistorySchema,
  problemParams,
  problemSchema,
  problemTicketParams,
  ticketProblemSchema,
  updateProblemBody,
} from '../../../shared/contracts/problems.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { createProblem, linkTickets, unlinkTicket, updateProblem } from './problem-commands.ts';
import { problemHistory } from './problem-history.ts';
import { requireProblemReader } from './problems.policy.ts';
import { listProblems, loadProblem, ticketProblem } from './problems.queries.ts';

export async function problemRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['problems'];

  app.post('/problems', { schema: { tags, summary: 'Open a problem, optionally with its incidents (agents)', body: createProblemBody, response: { 201: problemSchema } } }, async (request, reply) => {
    const actor = requireProblemReader(request, 'This page');
    const id = await createProblem(deps.db, actor, request.body);
    return reply.status(201).send(await loadProblem(deps.db, actor, id));
  });

  app.get(
    '/problems',
    { schema: { tags, summary: 'Problems, newest first, with their ticket counts (agents)', querystring: listProblemsQuery, response: { 200: problemListSchema } } },
    async (request) => {
      requireProblemReader(request, 'This page');
      return listProblems(deps.db, request.query);
    },
  );

  app.get('/problems/:id', { schema: { tags, summary: 'One problem (agents)', params: problemParams, response: { 200: problemSchema } } }, async (request) => {
    const actor = requireProblemReader(request);
    return loadProblem(deps.db, actor, request.params.id);
  });

  app.get(
    '/problems/:id/history',
    { schema: { tags, summary: 'What happened to a problem: created, changed, tickets linked and unlinked (agents)', params: problemParams, response: { 200: problemHistorySchema } } },
    async (request) => {
      requireProblemReader(request);
      return problemHistory(deps.db, request.params.id);
    },
  );

  app.patch(
    '/problems/:id',
    { schema: { tags, summary: 'Change a problem (optimistic locking by version; agents)', params: problemParams, body: updateProblemBody, response: { 200: problemSchema } } },
    async (request) => {
      const actor = requireProblemReader(request);
      await updateProblem(deps.db, actor, request.params.id, request.body);
      return loadProblem(deps.db, actor, request.params.id);
    },
  );

  app.post(
    '/problems/:id/tickets',
    { schema: { tags, summary: 'Link incidents to the problem (agents; each ticket to at most one problem)', params: problemParams, body: linkTicketsBody, response: { 200: problemSchema } } },
    async (request) => {
      const actor = requireProblemReader(request);
      await linkTickets(deps.db, actor, request.params.id, request.body.ticketIds);
      return loadProblem(deps.db, actor, request.params.id);
    },
  );

  app.delete(
    '/problems/:id/tickets/:ticketId',
    { schema: { tags, summary: 'Unlink an incident from the problem (agents)', params: problemTicketParams, response: { 200: problemSchema } } },
    async (request) => {
      const actor = requireProblemReader(request);
      await unlinkTicket(deps.db, actor, request.params.id, request.params.ticketId);
      return loadProblem(deps.db, actor, request.params.id);
    },
  );

  app.get(
    '/tickets/:id/problem',
    { schema: { tags, summary: 'The problem a ticket belongs to, with its workaround (agents)', params: ticketParams, response: { 200: ticketProblemSchema } } },
    async (request) => {
      const actor = requireProblemReader(request);
      await loadVisibleTicket(deps.db, actor, request.params.id);
      return ticketProblem(deps.db, actor, request.params.id);
    },
  );
}

/**
 * Saved views (an agent's own ticket filters), under /api/v1, agents only:
 *   GET    /me/views                                   → 200 {items:[view]}
 *   POST   /me/views {name, filters, sort?}             → 201 view
 *   PATCH  /me/views/:id {name?, filters?, sort?}       → 200 view
 *   DELETE /me/views/:id                                → 204
 * view = {id, name, filters: {status:"new,open", assignee:"none", …} (GET /tickets query params), sort|null, createdAt, updatedAt}.
 * Another person's view answers 404.
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { createView, deleteView, listViews, updateView } from './views.queries.ts';
import { createViewBody, updateViewBody, viewListSchema, viewParams, viewSchema } from '../../../shared/contracts/views.ts';

export async function viewRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['views'];

  app.get('/me/views', { schema: { tags, summary: 'My saved ticket views', response: { 200: viewListSchema } } }, async (request) => {
    const actor = requireAgent(request);
    return { items: await listViews(deps.db, actor.id) };
  });

  app.post('/me/views', { schema: { tags, summary: 'Save a ticket view (filters as GET /tickets takes them)', body: createViewBody, response: { 201: viewSchema } } }, async (request, reply) => {
    const actor = requireAgent(request);
    return reply.status(201).send(await createView(deps.db, actor.id, request.body));
  });

  app.patch('/me/views/:id', { schema: { tags, summary: 'Rename or change one of my views', params: viewParams, body: updateViewBody, response: { 200: viewSchema } } }, async (request) => {
    const actor = requireAgent(request);
    return updateView(deps.db, actor.id, request.params.id, request.body);
  });

  app.delete('/me/views/:id', { schema: { tags, summary: 'Delete one of my views', params: viewParams } }, async (request, reply) => {
    const actor = requireAgent(request);
    await deleteView(deps.db, actor.id, request.params.id);
    return reply.status(204).send();
  });
}

import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { createMailRouteBody, mailRouteListSchema, mailRouteParams, mailRouteSchema, updateMailRouteBody } from '../../../shared/contracts/mail-routing.ts';
import { createMailRoute, deleteMailRoute, listMailRoutes, updateMailRoute } from './mail-routing.ts';

/** Mail routing (admins): which group (and category) new tickets from an address get. */
export async function mailRoutingRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['admin'];

  app.get('/admin/mail-routes', { schema: { tags, summary: 'Where new tickets from mail land, by address (admins)', response: { 200: mailRouteListSchema } } }, async (request) => {
    requireAdmin(request);
    return { items: await listMailRoutes(deps.db) };
  });

  app.post(
    '/admin/mail-routes',
    { schema: { tags, summary: 'Route mail to an address or domain to a group (admins)', body: createMailRouteBody, response: { 201: mailRouteSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      return reply.status(201).send(await deps.db.transaction().execute((trx) => createMailRoute(trx, request.body)));
    },
  );

  app.patch(
    '/admin/mail-routes/:id',
    { schema: { tags, summary: 'Change a mail route (admins)', params: mailRouteParams, body: updateMailRouteBody, response: { 200: mailRouteSchema } } },
    async (request) => {
      requireAdmin(request);
      return deps.db.transaction().execute((trx) => updateMailRoute(trx, request.params.id, request.body));
    },
  );

  app.delete('/admin/mail-routes/:id', { schema: { tags, summary: 'Remove a mail route (admins)', params: mailRouteParams } }, async (request, reply) => {
    requireAdmin(request);
    await deleteMailRoute(deps.db, request.params.id);
    return reply.status(204).send();
  });
}

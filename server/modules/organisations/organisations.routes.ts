import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin, requireAgent } from '../auth/auth-plugin.ts';
import { notFound } from '../../platform/errors.ts';
import { canViewOrganisation } from './organisations.policy.ts';
import { presentOrganisation } from './organisations.presenter.ts';
import { insertOrganisation, listOrganisations, loadOrganisation, updateOrganisation } from './organisations.queries.ts';
import {
  createOrganisationBody,
  listOrganisationsQuery,
  organisationListSchema,
  organisationParams,
  organisationSchema,
  updateOrganisationBody,
} from '../../../shared/contracts/organisations.ts';

export async function organisationRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['organisations'];

  app.get(
    '/organisations',
    { schema: { tags, summary: 'List organisations by name (agents, admins; keyset paging)', querystring: listOrganisationsQuery, response: { 200: organisationListSchema } } },
    async (request) => {
      requireAgent(request);
      const page = await listOrganisations(deps.db, request.query);
      return { items: page.rows.map(presentOrganisation), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/organisations/:id',
    { schema: { tags, summary: 'One organisation (customers: only their own)', params: organisationParams, response: { 200: organisationSchema } } },
    async (request) => {
      const actor = requireActor(request);
      if (!canViewOrganisation(actor, request.params.id)) throw notFound('The organisation');
      return presentOrganisation(await loadOrganisation(deps.db, request.params.id));
    },
  );

  app.post(
    '/organisations',
    { schema: { tags, summary: 'Create an organisation: an internal department or a customer company (admins)', body: createOrganisationBody, response: { 201: organisationSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      const row = await deps.db.transaction().execute((trx) => insertOrganisation(trx, request.body));
      return reply.status(201).send(presentOrganisation(row));
    },
  );

  app.patch(
    '/organisations/:id',
    { schema: { tags, summary: 'Change an organisation (admins)', params: organisationParams, body: updateOrganisationBody, response: { 200: organisationSchema } } },
    async (request) => {
      requireAdmin(request);
      const row = await deps.db.transaction().execute((trx) => updateOrganisation(trx, request.params.id, request.body));
      return presentOrganisation(row);
    },
  );
}

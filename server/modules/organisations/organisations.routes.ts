import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../platform/db/database.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { requireActor, requireAdmin, requireAgent } from '../auth/auth-plugin.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { deleteOrganisation } from './delete-organisation.ts';
import { canViewOrganisation } from './organisations.policy.ts';
import { presentOrganisation } from './organisations.presenter.ts';
import { insertOrganisation, listOrganisations, loadOrganisation, updateOrganisation } from './organisations.queries.ts';
import { createOrganisationBody, listOrganisationsQuery, organisationListSchema, organisationParams, organisationSchema, updateOrganisationBody } from '../../../shared/contracts/organisations.ts';

/** Trusting a domain lets anyone who can send mail from it join: the audit log keeps who allowed it. */
function auditTrust(db: Executor, request: FastifyRequest, org: { id: number; name: string; domain: string | null; domain_trusted: number }, wasTrusted: boolean) {
  return recordAudit(db, {
    ...auditOrigin(request),
    action: 'organisation.domain_trust_changed',
    target: { type: 'organisation', id: org.id, label: org.name },
    details: { domain: org.domain, from: wasTrusted, to: org.domain_trusted === 1 },
  });
}

export async function organisationRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['organisations'];

  app.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'List active organisations by name (agents, admins; keyset paging; admins: all=true for deactivated ones too)',
        querystring: listOrganisationsQuery,
        response: { 200: organisationListSchema },
      },
    },
    async (request) => {
      const actor = requireAgent(request);
      if (request.query.all && actor.role !== 'admin') throw forbidden('Only administrators see deactivated organisations.');
      const page = await listOrganisations(deps.db, request.query);
      return { items: page.rows.map(presentOrganisation), nextCursor: page.nextCursor };
    },
  );

  app.get('/organisations/:id', { schema: { tags, summary: 'One organisation (customers: only their own)', params: organisationParams, response: { 200: organisationSchema } } }, async (request) => {
    const actor = requireActor(request);
    if (!canViewOrganisation(actor, request.params.id)) throw notFound('The organisation');
    return presentOrganisation(await loadOrganisation(deps.db, request.params.id));
  });

  app.post(
    '/organisations',
    { schema: { tags, summary: 'Create an organisation: an internal department or a customer company (admins)', body: createOrganisationBody, response: { 201: organisationSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      const row = await deps.db.transaction().execute(async (trx) => {
        const created = await insertOrganisation(trx, request.body);
        if (created.domain_trusted === 1) await auditTrust(trx, request, created, false);
        return created;
      });
      return reply.status(201).send(presentOrganisation(row));
    },
  );

  app.patch(
    '/organisations/:id',
    { schema: { tags, summary: 'Change an organisation (admins)', params: organisationParams, body: updateOrganisationBody, response: { 200: organisationSchema } } },
    async (request) => {
      requireAdmin(request);
      const row = await deps.db.transaction().execute(async (trx) => {
        const before = await loadOrganisation(trx, request.params.id);
        const after = await updateOrganisation(trx, request.params.id, request.body);
        if (after.domain_trusted !== before.domain_trusted || (after.domain_trusted === 1 && after.domain !== before.domain)) {
          await auditTrust(trx, request, after, before.domain_trusted === 1);
        }
        return after;
      });
      return presentOrganisation(row);
    },
  );

  app.delete(
    '/organisations/:id',
    { schema: { tags, summary: 'Delete an organisation nothing refers to; 409 in_use names what still does (deactivate it instead) (admins)', params: organisationParams } },
    async (request, reply) => {
      requireAdmin(request);
      await deps.db.transaction().execute((trx) => deleteOrganisation(trx, request.params.id));
      return reply.status(204).send();
    },
  );
}

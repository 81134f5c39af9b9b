import { z } from 'zod';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin } from '../auth/auth-plugin.ts';
import { notFound } from '../../platform/errors.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { loadUser } from './users.queries.ts';
import { listActiveTokens, revokeToken } from './user-tokens.queries.ts';
import { createApiToken } from '../auth/auth.queries.ts';
import { createdTokenSchema, createTokenBody, tokenListSchema } from '../../../shared/contracts/api-tokens.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** Exactly the token fields that leave the server: never the token or its hash. */
function presentToken(row: { id: number; name: string; created_at: string; last_used_at: string | null }) {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

/** Personal API tokens for scripts and integrations (Authorization: Bearer …). */
export async function apiTokenRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['api tokens'];

  app.get('/me/tokens', { schema: { tags, summary: 'Your API tokens', response: { 200: tokenListSchema } } }, async (request) => {
    const actor = requireActor(request);
    return { items: (await listActiveTokens(deps.db, actor.id)).map(presentToken) };
  });

  app.post('/me/tokens', { schema: { tags, summary: 'Create an API token (shown once)', body: createTokenBody, response: { 201: createdTokenSchema } } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id: tokenId, token } = await deps.db.transaction().execute(async (trx) => {
      const created = await createApiToken(trx, actor.id, request.body.name);
      await recordAudit(trx, { ...auditOrigin(request), action: 'api_token.created', target: { type: 'api_token', id: created.id, label: request.body.name }, details: { userId: actor.id } });
      return created;
    });
    const row = (await listActiveTokens(deps.db, actor.id)).find((t) => t.id === tokenId);
    if (!row) throw notFound('The token');
    return reply.status(201).send({ ...presentToken(row), token });
  });

  app.delete('/me/tokens/:id', { schema: { tags, summary: 'Revoke one of your API tokens', params: z.strictObject({ id }) } }, async (request, reply) => {
    const actor = requireActor(request);
    await deps.db.transaction().execute(async (trx) => {
      if (!(await revokeToken(trx, actor.id, request.params.id))) throw notFound('The token');
      await recordAudit(trx, { ...auditOrigin(request), action: 'api_token.revoked', target: { type: 'api_token', id: request.params.id }, details: { userId: actor.id } });
    });
    return reply.status(204).send();
  });

  app.get('/users/:id/tokens', { schema: { tags, summary: "A user's API tokens (admins)", params: z.strictObject({ id }), response: { 200: tokenListSchema } } }, async (request) => {
    requireAdmin(request);
    const user = await loadUser(deps.db, request.params.id);
    return { items: (await listActiveTokens(deps.db, user.id)).map(presentToken) };
  });

  app.delete('/users/:id/tokens/:tokenId', { schema: { tags, summary: "Revoke any user's API token (admins)", params: z.strictObject({ id, tokenId: id }) } }, async (request, reply) => {
    requireAdmin(request);
    await deps.db.transaction().execute(async (trx) => {
      if (!(await revokeToken(trx, request.params.id, request.params.tokenId))) throw notFound('The token');
      await recordAudit(trx, { ...auditOrigin(request), action: 'api_token.revoked', target: { type: 'api_token', id: request.params.tokenId }, details: { userId: request.params.id } });
    });
    return reply.status(204).send();
  });
}

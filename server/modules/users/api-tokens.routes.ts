import { z } from 'zod';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin } from '../auth/auth-plugin.ts';
import { notFound } from '../../platform/errors.ts';
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
    const { id: tokenId, token } = await createApiToken(deps.db, actor.id, request.body.name);
    const row = (await listActiveTokens(deps.db, actor.id)).find((t) => t.id === tokenId);
    if (!row) throw notFound('The token');
    return reply.status(201).send({ ...presentToken(row), token });
  });

  app.delete('/me/tokens/:id', { schema: { tags, summary: 'Revoke one of your API tokens', params: z.strictObject({ id }) } }, async (request, reply) => {
    const actor = requireActor(request);
    if (!(await revokeToken(deps.db, actor.id, request.params.id))) throw notFound('The token');
    return reply.status(204).send();
  });

  app.get('/users/:id/tokens', { schema: { tags, summary: "A user's API tokens (admins)", params: z.strictObject({ id }), response: { 200: tokenListSchema } } }, async (request) => {
    requireAdmin(request);
    const user = await loadUser(deps.db, request.params.id);
    return { items: (await listActiveTokens(deps.db, user.id)).map(presentToken) };
  });

  app.delete(
    '/users/:id/tokens/:tokenId',
    { schema: { tags, summary: "Revoke any user's API token (admins)", params: z.strictObject({ id, tokenId: id }) } },
    async (request, reply) => {
      requireAdmin(request);
      if (!(await revokeToken(deps.db, request.params.id, request.params.tokenId))) throw notFound('The token');
      return reply.status(204).send();
    },
  );
}

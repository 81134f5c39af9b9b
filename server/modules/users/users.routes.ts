import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin, requireAgent } from '../auth/auth-plugin.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { auditUserChange } from './audit-user-change.ts';
import { createUser } from './create-user.ts';
import { profileRoutes } from './profile.routes.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import { assertUserReferences, updateUser } from './update-user.ts';
import { presentUserWithGroups } from './users.presenter.ts';
import { canViewUser } from './users.policy.ts';
import { groupIdsOf, listUsers, loadUser } from './users.queries.ts';
import { createUserBody, listUsersQuery, updateUserBody, userListSchema, userParams, userSchema } from '../../../shared/contracts/users.ts';

export async function userRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['users'];

  app.get('/users', { schema: { tags, summary: 'List users by name (agents, admins; keyset paging)', querystring: listUsersQuery, response: { 200: userListSchema } } }, async (request) => {
    requireAgent(request);
    const page = await listUsers(deps.db, request.query);
    const groups = await groupIdsOf(
      deps.db,
      page.rows.map((u) => u.id),
    );
    return { items: page.rows.map((u) => presentUserWithGroups(u, groups.get(u.id) ?? [])), nextCursor: page.nextCursor };
  });

  app.get('/users/:id', { schema: { tags, summary: 'One user (customers: only themselves)', params: userParams, response: { 200: userSchema } } }, async (request) => {
    const actor = requireActor(request);
    if (!canViewUser(actor, request.params.id)) throw notFound('The user');
    const user = await loadUser(deps.db, request.params.id);
    return presentUserWithGroups(user, (await groupIdsOf(deps.db, [user.id])).get(user.id) ?? []);
  });

  app.post('/users', { schema: { tags, summary: 'Create a user (admins)', body: createUserBody, response: { 201: userSchema } } }, async (request, reply) => {
    requireAdmin(request);
    const body = request.body;
    const created = await deps.db
      .transaction()
      .execute(async (trx) => {
        await assertUserReferences(trx, body);
        const made = await createUser(trx, { ...body, groupIds: body.groupIds ? [...new Set(body.groupIds)] : undefined, emailVerified: true });
        await recordAudit(trx, { ...auditOrigin(request), action: 'user.created', target: { type: 'user', id: made.user.id, label: made.user.email }, details: { role: made.user.role } });
        return made;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new AppError('conflict', 'A user with this e-mail address exists already.', { fields: { email: 'Already taken.' } });
        throw error;
      });
    return reply.status(201).send(presentUserWithGroups(created.user, created.groupIds));
  });

  app.patch(
    '/users/:id',
    { schema: { tags, summary: 'Change a user: role, organisation, groups, active (admins)', params: userParams, body: updateUserBody, response: { 200: userSchema } } },
    async (request) => {
      requireAdmin(request);
      const { user, groupIds } = await deps.db.transaction().execute(async (trx) => {
        const before = await loadUser(trx, request.params.id);
        const after = await updateUser(trx, deps.dialect, request.params.id, request.body);
        await auditUserChange(trx, auditOrigin(request), before, after.user);
        return after;
      });
      return presentUserWithGroups(user, groupIds);
    },
  );

  await profileRoutes(app, deps);
}

import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin, requireAgent } from '../auth/auth-plugin.ts';
import { listGroupMembers, listGroups, loadGroup } from './groups.queries.ts';
import { presentGroup, presentGroupMember } from './groups.presenter.ts';
import { forbidden } from '../../platform/errors.ts';
import {
  createGroupBody,
  groupDetailSchema,
  groupListSchema,
  groupMemberParams,
  groupParams,
  groupSchema,
  listGroupsQuery,
  setGroupMemberBody,
  updateGroupBody,
} from '../../../shared/contracts/groups.ts';
import { deleteGroup } from './remove-group.ts';
import { createGroup, updateGroup } from './save-group.ts';
import { addGroupMember, removeGroupMember } from './set-group-membership.ts';

export async function groupRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['groups'];

  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Active support groups with level and member count (agents, admins; admins: all=true for deactivated ones too)',
        querystring: listGroupsQuery,
        response: { 200: groupListSchema },
      },
    },
    async (request) => {
      const actor = requireAgent(request);
      const all = request.query.all ?? false;
      if (all && actor.role !== 'admin') throw forbidden('Only administrators see deactivated groups.');
      return { items: (await listGroups(deps.db, { all })).map(presentGroup) };
    },
  );

  app.get('/groups/:id', { schema: { tags, summary: 'One group with its members (agents, admins)', params: groupParams, response: { 200: groupDetailSchema } } }, async (request) => {
    requireAgent(request);
    const group = await loadGroup(deps.db, request.params.id);
    const members = await listGroupMembers(deps.db, group.id);
    return { ...presentGroup(group), members: members.map(presentGroupMember) };
  });

  app.post('/groups', { schema: { tags, summary: 'Create a group (admins)', body: createGroupBody, response: { 201: groupSchema } } }, async (request, reply) => {
    requireAdmin(request);
    const group = await deps.db.transaction().execute((trx) => createGroup(trx, request.body));
    return reply.status(201).send(presentGroup(group));
  });

  app.patch(
    '/groups/:id',
    {
      schema: { tags, summary: 'Rename, re-level, (de)activate a group; isDefault moves the default group here (admins)', params: groupParams, body: updateGroupBody, response: { 200: groupSchema } },
    },
    async (request) => {
      requireAdmin(request);
      return presentGroup(await deps.db.transaction().execute((trx) => updateGroup(trx, request.params.id, request.body)));
    },
  );

  app.delete(
    '/groups/:id',
    { schema: { tags, summary: 'Delete a group nothing refers to; 409 in_use names what still does (deactivate it instead) (admins)', params: groupParams } },
    async (request, reply) => {
      requireAdmin(request);
      await deps.db.transaction().execute((trx) => deleteGroup(trx, request.params.id));
      return reply.status(204).send();
    },
  );

  app.put(
    '/groups/:id/members/:userId',
    { schema: { tags, summary: 'Add an agent or admin to a group, optionally as a supervisor (admins)', params: groupMemberParams, body: setGroupMemberBody } },
    async (request, reply) => {
      requireAdmin(request);
      await deps.db.transaction().execute((trx) => addGroupMember(trx, request.params.id, request.params.userId, { supervisor: request.body?.supervisor }));
      return reply.status(204).send();
    },
  );

  app.delete('/groups/:id/members/:userId', { schema: { tags, summary: 'Remove a member from a group (admins)', params: groupMemberParams } }, async (request, reply) => {
    requireAdmin(request);
    await deps.db.transaction().execute((trx) => removeGroupMember(trx, request.params.id, request.params.userId));
    return reply.status(204).send();
  });
}

import type { Dialect, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { defaultGroupId, unknownGroupIds } from '../groups/groups.queries.ts';
import type { Role } from '../../../shared/enums.ts';
import { groupIdsOf, loadUser } from './users.queries.ts';
import type { UpdateUserBody } from '../../../shared/contracts/users.ts';

/** The organisation must exist, the groups must exist, and customers belong to no group. */
export async function assertUserReferences(db: Executor, input: { role: Role; organisationId?: number | null | undefined; groupIds?: number[] | undefined }): Promise<void> {
  if (input.organisationId != null) {
    const org = await db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).executeTakeFirst();
    if (!org) throw new AppError('invalid_input', `There is no organisation ${input.organisationId}.`, { fields: { organisationId: 'Unknown organisation.' } });
  }
  const groupIds = input.groupIds ?? [];
  if (input.role === 'customer' && groupIds.length > 0) {
    throw new AppError('invalid_input', 'Customers cannot be members of a group.', { fields: { groupIds: 'Only agents and administrators join groups.' } });
  }
  const missing = await unknownGroupIds(db, groupIds);
  if (missing.length > 0) throw new AppError('invalid_input', `Unknown group ${missing.join(', ')}.`, { fields: { groupIds: 'Unknown group.' } });
}

/**
 * Refuses a change that would leave no active administrator: the last admin cannot lock
 * everyone (themselves included) out of the administration.
 */
async function assertAdminRemains(db: Executor, dialect: Dialect, userId: number): Promise<void> {
  let qb = db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).orderBy('id');
  // Two admins stepping down at once must not both succeed: lock every active admin row in id
  // order (no deadlock), so the second waits and then sees the first one gone. SQLite
  // serialises writers anyway.
  if (dialect === 'postgres') qb = qb.forUpdate();
  const admins = await qb.execute();
  if (!admins.some((a) => a.id !== userId)) {
    throw new AppError('conflict', 'This is the last active administrator. Make another user an administrator first.', {
      fields: { role: 'The last active administrator must stay one.', active: 'The last active administrator must stay active.' },
    });
  }
}

/** An admin changes a user: profile fields, role, organisation, activity and group memberships. */
export async function updateUser(db: Executor, dialect: Dialect, id: number, input: UpdateUserBody) {
  const before = await loadUser(db, id);
  const role = input.role ?? (before.role as Role);
  await assertUserReferences(db, { role, organisationId: input.organisationId, groupIds: input.groupIds });
  const losesAdmin = before.role === 'admin' && before.active === 1 && (role !== 'admin' || input.active === false);
  if (losesAdmin) await assertAdminRemains(db, dialect, id);

  const user = await db
    .updateTable('users')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.organisationId !== undefined ? { organisation_id: input.organisationId } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

  // Like a new agent, a customer promoted to agent without groups joins the default group.
  const promoted = before.role === 'customer' && role !== 'customer' && input.groupIds === undefined;
  if (role === 'customer' || input.groupIds !== undefined || promoted) {
    await db.deleteFrom('group_members').where('user_id', '=', id).execute();
    const groupIds = promoted ? (role === 'agent' ? [await defaultGroupId(db)] : []) : [...new Set(input.groupIds ?? [])];
    if (groupIds.length > 0)
      await db
        .insertInto('group_members')
        .values(groupIds.map((group_id) => ({ group_id, user_id: id })))
        .execute();
  }
  // Deactivation takes effect at once: auth rejects inactive users, and their sessions end here.
  if (input.active === false) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  return { user, groupIds: (await groupIdsOf(db, [id])).get(id) ?? [] };
}

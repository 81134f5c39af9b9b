import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { loadGroup } from './groups.queries.ts';

/**
 * Adds an agent or admin to a group; adding a member twice changes nothing but the supervisor
 * flag when it is given.
 */
export async function addGroupMember(db: Executor, groupId: number, userId: number, options: { supervisor?: boolean | undefined } = {}): Promise<void> {
  await loadGroup(db, groupId);
  const user = await db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('The user');
  if (user.role === 'customer') {
    throw new AppError('invalid_input', 'Only agents and administrators can be members of a group.', { fields: { userId: 'This user is a customer.' } });
  }
  const existing = await db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  const supervisor = options.supervisor === undefined ? undefined : options.supervisor ? 1 : 0;
  if (!existing)
    await db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId, supervisor: supervisor ?? 0 })
      .execute();
  else if (supervisor !== undefined) await db.updateTable('group_members').set({ supervisor }).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

/** Removes a member; 404 when the user is not a member of the group. */
export async function removeGroupMember(db: Executor, groupId: number, userId: number): Promise<void> {
  await loadGroup(db, groupId);
  const result = await db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('The membership');
}

import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { LIMITS } from '../../../shared/enums.ts';
import { afterNameCursor, containsText, decodeNameCursor, pageOf } from './list-paging.ts';
import type { ListUsersQuery } from '../../../shared/contracts/users.ts';

export async function loadUser(db: Executor, id: number) {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The user');
  return row;
}

/** Group memberships of the given users, as a map from user id to group ids. */
export async function groupIdsOf(db: Executor, userIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom('group_members').select(['user_id', 'group_id']).where('user_id', 'in', userIds).orderBy('group_id').execute();
  for (const row of rows) map.get(row.user_id)?.push(row.group_id);
  return map;
}

/** Users by name, filtered, in keyset pages. */
export async function listUsers(db: Executor, query: ListUsersQuery) {
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  // Database order: the keyset cursor continues from it (see platform/sort-by-name.ts).
  let qb = db
    .selectFrom('users')
    .selectAll('users')
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(limit + 1);
  if (query.role) qb = qb.where('users.role', '=', query.role);
  if (query.organisation !== undefined) qb = qb.where('users.organisation_id', '=', query.organisation);
  if (query.active !== undefined) qb = qb.where('users.active', '=', query.active ? 1 : 0);
  if (query.group !== undefined) {
    const groupId = query.group;
    qb = qb.where((eb) => eb.exists(eb.selectFrom('group_members').select('group_members.user_id').whereRef('group_members.user_id', '=', 'users.id').where('group_members.group_id', '=', groupId)));
  }
  if (query.q?.trim()) {
    const text = query.q;
    qb = qb.where((eb) => eb.or([containsText('users.name', text), containsText('users.email', text)]));
  }
  if (query.cursor) qb = qb.where(afterNameCursor('users.name', 'users.id', decodeNameCursor(query.cursor)));
  return pageOf(await qb.execute(), limit);
}

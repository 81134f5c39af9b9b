import { type RawBuilder, sql } from 'kysely';
import { compareNames, sortByName } from '../../platform/sort-by-name.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Where new tickets land without a chosen group: the default group, else the oldest 1st-level
 * group, as an SQL expression (null when there is neither).
 */
const DEFAULT_GROUP = sql<number | null>`coalesce((SELECT id FROM groups WHERE is_default = 1 ORDER BY id LIMIT 1), (SELECT id FROM groups WHERE level = '1' ORDER BY id LIMIT 1))`;

/** The group where tickets without a group land: the default 1st-level group. */
export async function defaultGroupId(db: Executor): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`SELECT ${DEFAULT_GROUP} AS id`.execute(db);
  const id = rows[0]?.id;
  if (id === null || id === undefined) throw noDefaultGroup();
  return Number(id);
}

export const noDefaultGroup = () => new AppError('conflict', 'There is no 1st-level group yet; run "anlauf migrate" or create one.');

/**
 * `groupId`, or where it is null the group of defaultGroupId, as an SQL expression: a new ticket's
 * insert takes its group in the same statement (one round trip less per ticket). Null when there
 * is no such group (the caller answers with noDefaultGroup()).
 */
export function groupOrDefault(groupId: unknown): RawBuilder<number> {
  return sql<number>`coalesce(${groupId}, ${DEFAULT_GROUP})`;
}

/**
 * The group a ticket goes to when escalated to a level without a chosen group: for the 1st
 * level the default group (where new tickets land) if it is a 1st-level group, otherwise the
 * oldest group of the level. Undefined when the level has no group.
 */
export async function defaultGroupOfLevel(db: Executor, level: string): Promise<{ id: number; name: string; level: string } | undefined> {
  const base = () => db.selectFrom('groups').select(['id', 'name', 'level']).where('level', '=', level).where('active', '=', 1);
  return (level === '1' ? await base().where('is_default', '=', 1).executeTakeFirst() : undefined) ?? (await base().orderBy('id').executeTakeFirst());
}

export async function findGroupByName(db: Executor, name: string) {
  return db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Groups with their member counts, by level and name; without `all` only the active ones (what pickers offer). */
export async function listGroups(db: Executor, options: { all: boolean } = { all: false }) {
  let qb = db
    .selectFrom('groups')
    .leftJoin('group_members', 'group_members.group_id', 'groups.id')
    .select([
      'groups.id',
      'groups.name',
      'groups.level',
      'groups.description',
      'groups.is_default',
      'groups.active',
      'groups.assignment_mode',
      (eb) => eb.fn.count<number>('group_members.user_id').as('member_count'),
    ])
    .groupBy(['groups.id', 'groups.name', 'groups.level', 'groups.description', 'groups.is_default', 'groups.active', 'groups.assignment_mode'])
    .orderBy('groups.level');
  if (!options.all) qb = qb.where('groups.active', '=', 1);
  return qb.execute().then((rows) => rows.sort((a, b) => a.level.localeCompare(b.level) || compareNames(a.name, b.name)));
}

export async function loadGroup(db: Executor, id: number) {
  const row = await db
    .selectFrom('groups')
    .select([
      'id',
      'name',
      'level',
      'description',
      'is_default',
      'assignment_mode',
      'active',
      (eb) =>
        eb
          .selectFrom('group_members')
          .whereRef('group_members.group_id', '=', 'groups.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('member_count'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'The group was not found.');
  return { ...row, member_count: Number(row.member_count ?? 0) };
}

export async function listGroupMembers(db: Executor, groupId: number) {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.active', 'users.away', 'group_members.supervisor'])
    .where('group_members.group_id', '=', groupId)
    .orderBy('users.id')
    .execute()
    .then(sortByName);
}

/** The ids of groups among `ids` that do not exist. */
export async function unknownGroupIds(db: Executor, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const known = await db.selectFrom('groups').select('id').where('id', 'in', ids).execute();
  return ids.filter((id) => !known.some((g) => g.id === id));
}

/** Whether an active member of the group is marked as its supervisor (hierarchical escalation). */
export async function groupHasSupervisor(db: Executor, groupId: number): Promise<boolean> {
  const supervisor = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select('users.id')
    .where('group_members.group_id', '=', groupId)
    .where('group_members.supervisor', '=', 1)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return supervisor !== undefined;
}

import { sql } from 'kysely';
import { sortByName } from '../../platform/sort-by-name.ts';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { CreateCategoryBody, UpdateCategoryBody } from '../../../shared/contracts/categories.ts';

/**
 * The service catalogue by name. Without `all`, only active categories whose parent (if any)
 * is active too, so a deactivated branch disappears as a whole.
 */
export async function listCategories(db: Executor, options: { all: boolean }) {
  let qb = db.selectFrom('categories as c').leftJoin('categories as p', 'p.id', 'c.parent_id').selectAll('c').orderBy('c.id');
  if (!options.all) qb = qb.where('c.active', '=', 1).where((eb) => eb.or([eb('c.parent_id', 'is', null), eb('p.active', '=', 1)]));
  return sortByName(await qb.execute());
}

export async function loadCategory(db: Executor, id: number) {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The category');
  return row;
}

/** Names are unique among siblings (ignoring case). */
async function assertNameFree(db: Executor, name: string, parentId: number | null, exceptId?: number): Promise<void> {
  let qb = db
    .selectFrom('categories')
    .select('id')
    .where(sql<boolean>`lower(name) = ${name.toLowerCase()}`);
  qb = parentId === null ? qb.where('parent_id', 'is', null) : qb.where('parent_id', '=', parentId);
  if (exceptId !== undefined) qb = qb.where('id', '<>', exceptId);
  if (await qb.executeTakeFirst()) {
    throw new AppError('conflict', `A category named "${name}" exists already at this place.`, { fields: { name: 'Already taken.' } });
  }
}

/** The routing groups must exist; a 400 names the field. */
async function checkRoutingGroups(db: Executor, input: { groupId?: number | null | undefined; escalationGroupId?: number | null | undefined }): Promise<void> {
  for (const field of ['groupId', 'escalationGroupId'] as const) {
    const id = input[field];
    if (id === undefined || id === null) continue;
    const group = await db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst();
    if (!group) throw new AppError('invalid_input', `There is no group ${id}.`, { fields: { [field]: 'Unknown group.' } });
  }
}

const routingColumns = (input: { groupId?: number | null | undefined; escalationGroupId?: number | null | undefined }) => ({
  ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
  ...(input.escalationGroupId !== undefined ? { escalation_group_id: input.escalationGroupId } : {}),
});

export async function insertCategory(db: Executor, input: CreateCategoryBody) {
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = await db.selectFrom('categories').select(['id', 'parent_id']).where('id', '=', parentId).executeTakeFirst();
    if (!parent) throw new AppError('invalid_input', `There is no category ${parentId}.`, { fields: { parentId: 'Unknown category.' } });
    if (parent.parent_id !== null) {
      throw new AppError('invalid_input', 'Categories nest one level deep: choose a top-level category as parent.', { fields: { parentId: 'Not a top-level category.' } });
    }
  }
  await assertNameFree(db, input.name, parentId);
  await checkRoutingGroups(db, input);
  return db
    .insertInto('categories')
    .values({ name: input.name, name_en: input.nameEn || null, parent_id: parentId, ...routingColumns(input), created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCategory(db: Executor, id: number, input: UpdateCategoryBody) {
  const before = await loadCategory(db, id);
  if (input.name !== undefined) await assertNameFree(db, input.name, before.parent_id, id);
  await checkRoutingGroups(db, input);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.nameEn !== undefined ? { name_en: input.nameEn || null } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    ...routingColumns(input),
  };
  if (Object.keys(set).length === 0) return before;
  return db.updateTable('categories').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import { loadGroup } from './groups.queries.ts';
import type { CreateGroupBody, UpdateGroupBody } from '../../../shared/contracts/groups.ts';

const duplicate = (name: string) => new AppError('conflict', `A group named "${name}" exists already.`, { fields: { name: 'Already taken.' } });

async function assertNameFree(db: Executor, name: string, exceptId?: number): Promise<void> {
  let qb = db
    .selectFrom('groups')
    .select('id')
    .where(sql<boolean>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId !== undefined) qb = qb.where('id', '<>', exceptId);
  if (await qb.executeTakeFirst()) throw duplicate(name);
}

export async function createGroup(db: Executor, input: CreateGroupBody) {
  await assertNameFree(db, input.name);
  try {
    const row = await db
      .insertInto('groups')
      .values({ name: input.name, level: input.level, description: input.description ?? '', assignment_mode: input.assignmentMode ?? 'off', created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return await loadGroup(db, row.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name);
    throw error;
  }
}

/**
 * Renames, re-levels, describes or (de)activates a group; `isDefault` moves the default flag to
 * it. The default group stays active: new tickets land there.
 */
export async function updateGroup(db: Executor, id: number, input: UpdateGroupBody) {
  const before = await loadGroup(db, id);
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  if (input.active === false && before.is_default === 1) {
    throw new AppError('conflict', 'The default group cannot be deactivated: make another group the default first.', { fields: { active: 'The default group stays active.' } });
  }
  if (input.isDefault && (input.active === false || (input.active === undefined && before.active === 0))) {
    throw new AppError('conflict', 'A deactivated group cannot be the default: activate it first.', { fields: { isDefault: 'The group is deactivated.' } });
  }
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.level !== undefined ? { level: input.level } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.assignmentMode !== undefined ? { assignment_mode: input.assignmentMode } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  try {
    if (Object.keys(set).length > 0) await db.updateTable('groups').set(set).where('id', '=', id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name ?? before.name);
    throw error;
  }
  if (input.isDefault && before.is_default !== 1) {
    await db.updateTable('groups').set({ is_default: 0 }).where('is_default', '=', 1).execute();
    await db.updateTable('groups').set({ is_default: 1 }).where('id', '=', id).execute();
  }
  return loadGroup(db, id);
}

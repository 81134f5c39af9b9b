import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** The group where tickets without a group land: the default 1st-level group. */
export async function defaultGroupId(db: Executor): Promise<number> {
  const row =
    (await db.selectFrom('groups').select('id').where('is_default', '=', 1).orderBy('id').executeTakeFirst()) ??
    (await db.selectFrom('groups').select('id').where('level', '=', '1').orderBy('id').executeTakeFirst());
  if (!row) throw new AppError('conflict', 'There is no 1st-level group yet; run "anlauf migrate" or create one.');
  return row.id;
}

export async function findGroupByName(db: Executor, name: string) {
  return db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
}

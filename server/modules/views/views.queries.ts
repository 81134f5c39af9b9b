import type { Generated, Kysely, Selectable } from 'kysely';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import type { SavedViewsTable } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TICKET_SORTS } from '../../../shared/contracts/tickets.ts';
import type { CreateViewBody, UpdateViewBody, ViewDto } from '../../../shared/contracts/views.ts';

export const VIEWS_PER_USER = 100;

/** Exactly the fields of a view that leave the server. */
function presentView(row: Selectable<SavedViewsTable>): ViewDto {
  return {
    id: row.id,
    name: row.name,
    filters: JSON.parse(row.filters) as Record<string, string>,
    sort: row.sort as (typeof TICKET_SORTS)[number] | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listViews(db: Executor, userId: number): Promise<ViewDto[]> {
  const rows = await db.selectFrom('saved_views').selectAll().where('user_id', '=', userId).orderBy('name').orderBy('id').execute();
  return rows.map(presentView);
}

/** One of the user's own views; someone else's is "not found". */
export async function loadOwnView(db: Executor, userId: number, id: number): Promise<ViewDto> {
  const row = await db.selectFrom('saved_views').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(`View ${id}`);
  return presentView(row);
}

export async function createView(db: Executor, userId: number, input: CreateViewBody): Promise<ViewDto> {
  const vdb = db;
  const count = await vdb
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= VIEWS_PER_USER) throw new AppError('conflict', `You have ${VIEWS_PER_USER} views already; delete one first.`);
  const now = nowIso();
  const row = await vdb
    .insertInto('saved_views')
    .values({ user_id: userId, name: input.name, filters: JSON.stringify(input.filters), sort: input.sort ?? null, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentView(row);
}

export async function updateView(db: Executor, userId: number, id: number, input: UpdateViewBody): Promise<ViewDto> {
  await loadOwnView(db, userId, id);
  await db
    .updateTable('saved_views')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .execute();
  return loadOwnView(db, userId, id);
}

export async function deleteView(db: Executor, userId: number, id: number): Promise<void> {
  const result = await db.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw notFound(`View ${id}`);
}

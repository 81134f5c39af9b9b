import type { Executor } from '../../platform/db/database.ts';
import { countRows } from '../../platform/db/count-rows.ts';
import { AppError, inUse, type Use } from '../../platform/errors.ts';
import { loadGroup } from './groups.queries.ts';

/** Everything that names the group: its tickets (now or in their history), members, category and mail routing. */
async function usesOfGroup(db: Executor, id: number): Promise<Use[]> {
  const value = String(id);
  const uses: Use[] = [
    { what: 'tickets', one: 'ticket', count: await countRows(db.selectFrom('tickets').where('group_id', '=', id)) },
    {
      what: 'history entries',
      one: 'history entry',
      count: await countRows(
        db
          .selectFrom('ticket_events')
          .where('field', '=', 'group')
          .where((eb) => eb.or([eb('old_value', '=', value), eb('new_value', '=', value)])),
      ),
    },
    { what: 'members', one: 'member', count: await countRows(db.selectFrom('group_members').where('group_id', '=', id)) },
    {
      what: 'categories',
      one: 'category',
      count: await countRows(db.selectFrom('categories').where((eb) => eb.or([eb('group_id', '=', id), eb('escalation_group_id', '=', id)]))),
    },
    { what: 'mail routes', one: 'mail route', count: await countRows(db.selectFrom('mail_routes').where('group_id', '=', id)) },
    { what: 'problems', one: 'problem', count: await countRows(db.selectFrom('problems').where('owner_group_id', '=', id)) },
  ];
  return uses.filter((u) => u.count > 0);
}

/** Deletes a group nothing refers to; otherwise 409 `in_use` with what still uses it. */
export async function deleteGroup(db: Executor, id: number): Promise<void> {
  const group = await loadGroup(db, id);
  if (group.is_default === 1) throw new AppError('conflict', 'The default group cannot be deleted: make another group the default first.');
  const uses = await usesOfGroup(db, id);
  if (uses.length > 0) throw inUse(`The group "${group.name}"`, uses);
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

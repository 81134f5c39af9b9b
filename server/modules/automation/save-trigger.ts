import type { Transaction } from 'kysely';
import { nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { CreateTriggerBody, TriggerAction, TriggerCondition, UpdateTriggerBody } from '../../../shared/contracts/automation.ts';
import { loadTrigger, type Trigger } from './triggers.queries.ts';

type Trx = Transaction<Database>;

async function missing(trx: Trx, table: 'groups' | 'categories' | 'users' | 'organisations', ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = new Set((await trx.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * A trigger naming a group, category, agent or organisation that does not exist would only fail
 * when it fires; refuse it when it is saved, with the place of the mistake.
 */
async function checkReferences(trx: Trx, conditions: TriggerCondition[], actions: TriggerAction[]): Promise<void> {
  const fields: Record<string, string> = {};
  const check = async (table: 'groups' | 'categories' | 'users' | 'organisations', ids: number[], path: string, what: string) => {
    const unknown = await missing(trx, table, ids);
    if (unknown.length > 0) fields[path] = `${what} ${unknown.join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not exist.`;
  };
  for (const [i, c] of conditions.entries()) {
    const path = `conditions.${i}.value`;
    if (c.field === 'group') await check('groups', c.value, path, 'Group');
    if (c.field === 'category' && c.value) await check('categories', c.value, path, 'Category');
    if (c.field === 'organisation' && c.value) await check('organisations', c.value, path, 'Organisation');
    if (c.field === 'assignee' && c.value) await check('users', c.value, path, 'User');
  }
  for (const [i, a] of actions.entries()) {
    if (a.type === 'set_group') await check('groups', [a.groupId], `actions.${i}.groupId`, 'Group');
    if (a.type === 'escalate' && a.groupId !== undefined) await check('groups', [a.groupId], `actions.${i}.groupId`, 'Group');
    if (a.type === 'set_category' && a.categoryId !== null) await check('categories', [a.categoryId], `actions.${i}.categoryId`, 'Category');
    if (a.type === 'assign' && a.assigneeId !== null) {
      const user = await trx.selectFrom('users').select(['role', 'active']).where('id', '=', a.assigneeId).executeTakeFirst();
      if (!user || user.role === 'customer' || !user.active) fields[`actions.${i}.assigneeId`] = `User ${a.assigneeId} is not an active agent.`;
    }
  }
  const places = Object.keys(fields);
  if (places.length > 0) throw new AppError('invalid_input', Object.values(fields).join(' '), { fields });
}

export async function createTrigger(trx: Trx, input: CreateTriggerBody): Promise<Trigger> {
  const conditions = input.conditions ?? [];
  await checkReferences(trx, conditions, input.actions);
  const last = await trx
    .selectFrom('triggers')
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst();
  const now = nowIso();
  const row = await trx
    .insertInto('triggers')
    .values({
      name: input.name,
      position: Number(last?.max ?? 0) + 1,
      active: input.active === false ? 0 : 1,
      events: JSON.stringify([...new Set(input.events)]),
      match: input.match ?? 'all',
      conditions: JSON.stringify(conditions),
      actions: JSON.stringify(input.actions),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return loadTrigger(trx, row.id);
}

export async function updateTrigger(trx: Trx, id: number, input: UpdateTriggerBody): Promise<Trigger> {
  const before = await loadTrigger(trx, id);
  await checkReferences(trx, input.conditions ?? [], input.actions ?? []);
  await trx
    .updateTable('triggers')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
      ...(input.match !== undefined ? { match: input.match } : {}),
      ...(input.conditions !== undefined ? { conditions: JSON.stringify(input.conditions) } : {}),
      ...(input.actions !== undefined ? { actions: JSON.stringify(input.actions) } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', before.id)
    .execute();
  if (input.position !== undefined) await moveTrigger(trx, id, input.position);
  return loadTrigger(trx, id);
}

/** Puts the trigger at `position` (1 first; beyond the end: last) and numbers the others 1, 2, 3 … around it. */
async function moveTrigger(trx: Trx, id: number, position: number): Promise<void> {
  const ids = (await trx.selectFrom('triggers').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id).filter((other) => other !== id);
  ids.splice(Math.min(position, ids.length + 1) - 1, 0, id);
  for (const [index, triggerId] of ids.entries()) {
    await trx
      .updateTable('triggers')
      .set({ position: index + 1 })
      .where('id', '=', triggerId)
      .execute();
  }
}

export async function deleteTrigger(trx: Trx, id: number): Promise<Trigger> {
  const trigger = await loadTrigger(trx, id);
  await trx.deleteFrom('triggers').where('id', '=', id).execute();
  return trigger;
}

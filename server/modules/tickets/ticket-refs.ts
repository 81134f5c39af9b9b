import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

/** Checks the ids a client sends for a ticket's category, group and assignee. */
export async function checkCategory(db: Executor, categoryId: number): Promise<void> {
  const row = await db.selectFrom('categories').select(['id', 'active']).where('id', '=', categoryId).executeTakeFirst();
  if (!row || !row.active) throw new AppError('invalid_input', `Category ${categoryId} does not exist.`, { fields: { categoryId: 'Unknown category.' } });
}

/** A group a ticket may be moved to by id: it exists and is not deactivated (pickers offer only active ones; the API must agree). */
export async function activeGroup(db: Executor, groupId: number): Promise<{ id: number; name: string; level: string }> {
  const row = await db.selectFrom('groups').select(['id', 'name', 'level', 'active']).where('id', '=', groupId).executeTakeFirst();
  if (!row) throw new AppError('invalid_input', `Group ${groupId} does not exist.`, { fields: { groupId: 'Unknown group.' } });
  if (!row.active) throw new AppError('invalid_input', `Group ${row.name} is deactivated: choose an active group.`, { fields: { groupId: 'Deactivated group.' } });
  return { id: row.id, name: row.name, level: row.level };
}

export async function checkGroup(db: Executor, groupId: number): Promise<void> {
  await activeGroup(db, groupId);
}

/** An assignee must be an active agent or admin; agents must belong to the ticket's group. */
export async function checkAssignee(db: Executor, assigneeId: number, groupId: number): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'role', 'active']).where('id', '=', assigneeId).executeTakeFirst();
  if (!user || !user.active || user.role === 'customer') {
    throw new AppError('invalid_input', `User ${assigneeId} is not an agent.`, { fields: { assigneeId: 'Not an agent.' } });
  }
  if (user.role === 'admin') return;
  const member = await db.selectFrom('group_members').select('user_id').where('user_id', '=', assigneeId).where('group_id', '=', groupId).executeTakeFirst();
  if (!member) {
    throw new AppError('invalid_input', `User ${assigneeId} is not a member of the ticket's group.`, { fields: { assigneeId: "Not in the ticket's group." } });
  }
}

/** Tags are compared case-insensitively; we store them lower-cased and without duplicates. */
export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
}

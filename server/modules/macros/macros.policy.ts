import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';

/**
 * Who sees and manages macros and text snippets (both tables have owner_id and group_id):
 * - personal ones (owner_id set): their owner only, also to manage;
 * - shared ones for everyone (group_id null): every agent; shared ones of a group: its agents;
 *   admins see every shared one and alone manage them.
 * Customers see none (the routes require an agent).
 */
export function visibleTexts(actor: Actor) {
  const shared =
    actor.role === 'admin' ? sql<SqlBool>`1 = 1` : actor.groupIds.length > 0 ? sql<SqlBool>`(group_id is null or group_id in (${sql.join(actor.groupIds)}))` : sql<SqlBool>`group_id is null`;
  return sql<SqlBool>`(owner_id = ${actor.id} or (owner_id is null and ${shared}))`;
}

/** Whether the actor may change or delete a text they can see. */
export function canManageText(actor: Actor, row: { owner_id: number | null }): boolean {
  return row.owner_id === null ? actor.role === 'admin' : row.owner_id === actor.id;
}

/** Whether the actor may create a text of this scope (shared: admins). */
export function canCreateText(actor: Actor, scope: 'personal' | 'shared'): boolean {
  return scope === 'personal' ? actor.role !== 'customer' : actor.role === 'admin';
}

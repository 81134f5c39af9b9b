import type { Selectable } from 'kysely';
import type { CategoriesTable } from '../../platform/db/schema.ts';

/** Exactly the category fields that leave the server. */
export function presentCategory(row: Selectable<CategoriesTable>) {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    parentId: row.parent_id,
    active: row.active === 1,
    groupId: row.group_id,
    escalationGroupId: row.escalation_group_id,
    createdAt: row.created_at,
  };
}

import type { Executor } from '../../platform/db/database.ts';
import type { HistoryEventDto } from '../../../shared/contracts/tickets.ts';

export interface HistoryRow {
  id: number;
  kind: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  created_at: string;
  actor_id: number | null;
  actor_name: string | null;
}

/** History fields that store an id, and the table whose name stands for it. */
const REFERENCES = { group: 'groups', assignee: 'users', category: 'categories' } as const;
type Reference = keyof typeof REFERENCES;
const isReference = (field: string | null): field is Reference => field !== null && field in REFERENCES;

/**
 * A ticket's history as people read it: the history stores ids (group 1 → 2), the answer adds
 * what they stand for now (`oldLabel`/`newLabel`: the group's, assignee's or category's name; a
 * ticket reference as "#489"), so that no client shows raw ids. Deleted rows keep their id.
 */
export async function presentHistory(db: Executor, rows: HistoryRow[]): Promise<HistoryEventDto[]> {
  const wanted: Record<Reference, Set<number>> = { group: new Set(), assignee: new Set(), category: new Set() };
  for (const r of rows) {
    if (!isReference(r.field)) continue;
    for (const v of [r.old_value, r.new_value]) if (v !== null && /^\d+$/.test(v)) wanted[r.field].add(Number(v));
  }
  const names: Record<Reference, Map<number, string>> = {
    group: await namesOf(db, 'groups', wanted.group),
    assignee: await namesOf(db, 'users', wanted.assignee),
    category: await namesOf(db, 'categories', wanted.category),
  };
  const label = (field: string | null, value: string | null): string | null => {
    if (value === null || value === '') return null;
    if (isReference(field)) return names[field].get(Number(value)) ?? `#${value}`;
    if (field === 'merged_into' || field === 'merged_from' || field === 'ticket') return `#${value}`;
    if (field === 'problem') return `P-${value}`;
    return value;
  };
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    oldLabel: label(r.field, r.old_value),
    newLabel: label(r.field, r.new_value),
    reason: r.reason,
    actor: r.actor_id !== null && r.actor_name !== null ? { id: r.actor_id, name: r.actor_name } : null,
    createdAt: r.created_at,
  }));
}

async function namesOf(db: Executor, table: 'groups' | 'users' | 'categories', ids: Set<number>): Promise<Map<number, string>> {
  if (ids.size === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

import type { Actor } from '../auth/auth.queries.ts';
import type { MacroChanges, MacroDto, SnippetDto } from '../../../shared/contracts/macros.ts';
import { canManageText } from './macros.policy.ts';
import type { MacroRow, SnippetRow } from './macros.queries.ts';

const common = (actor: Actor, row: SnippetRow | MacroRow) => ({
  id: row.id,
  name: row.name,
  scope: row.owner_id === null ? ('shared' as const) : ('personal' as const),
  groupId: row.group_id,
  owner: row.owner_id === null ? null : { id: row.owner_id, name: row.owner_name ?? '' },
  editable: canManageText(actor, row),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Exactly the snippet fields that leave the server. */
export function presentSnippet(actor: Actor, row: SnippetRow): SnippetDto {
  return { ...common(actor, row), bodyDe: row.body_de, bodyEn: row.body_en };
}

export function presentMacro(actor: Actor, row: MacroRow): MacroDto {
  return { ...common(actor, row), changes: JSON.parse(row.changes) as MacroChanges, replyDe: row.reply_de, replyEn: row.reply_en };
}

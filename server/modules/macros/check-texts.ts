import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { checkCategory, checkGroup } from '../tickets/ticket-refs.ts';
import { PLACEHOLDERS, type MacroChanges, type TextScope } from '../../../shared/contracts/macros.ts';
import { canCreateText, canManageText } from './macros.policy.ts';
import { unknownPlaceholders } from './placeholders.ts';

/** Refuses placeholders we do not know, naming the field and what may be used. */
export function checkPlaceholders(texts: Record<string, string | undefined>): void {
  const fields: Record<string, string> = {};
  for (const [field, text] of Object.entries(texts)) {
    const unknown = text === undefined ? [] : unknownPlaceholders(text);
    if (unknown.length > 0) fields[field] = `Unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`;
  }
  const first = Object.values(fields)[0];
  if (first) throw new AppError('invalid_input', first, { fields });
}

/** The owner and group of a new text: personal ones belong to the actor and no group; shared ones need an admin. */
export async function ownershipOf(db: Executor, actor: Actor, scope: TextScope, groupId: number | null | undefined): Promise<{ owner_id: number | null; group_id: number | null }> {
  if (!canCreateText(actor, scope)) throw new AppError('forbidden', 'Only administrators manage shared macros and text snippets; create a personal one instead.');
  if (scope === 'personal') {
    if (groupId != null) throw new AppError('invalid_input', 'A personal one is yours alone; share it with a group as a shared one.', { fields: { groupId: 'Only for shared ones.' } });
    return { owner_id: actor.id, group_id: null };
  }
  if (groupId != null) await checkGroup(db, groupId);
  return { owner_id: null, group_id: groupId ?? null };
}

/** A changed text's group: only shared ones have one. */
export async function checkGroupChange(db: Executor, row: { owner_id: number | null }, groupId: number | null | undefined): Promise<void> {
  if (groupId === undefined) return;
  if (row.owner_id !== null && groupId !== null)
    throw new AppError('invalid_input', 'A personal one is yours alone; share it with a group as a shared one.', { fields: { groupId: 'Only for shared ones.' } });
  if (groupId !== null) await checkGroup(db, groupId);
}

export function assertManages(actor: Actor, row: { owner_id: number | null }, what: string): void {
  if (!canManageText(actor, row)) throw new AppError('forbidden', `Only administrators change shared ${what}.`);
}

/** The groups and categories a macro sets must exist. */
export async function checkMacroChanges(db: Executor, changes: MacroChanges): Promise<void> {
  if (changes.groupId !== undefined) await checkGroup(db, changes.groupId);
  if (changes.categoryId != null) await checkCategory(db, changes.categoryId);
}

export const hasChanges = (changes: MacroChanges): boolean =>
  changes.status !== undefined || changes.priority !== undefined || changes.groupId !== undefined || changes.categoryId !== undefined || changes.assignToSelf === true;

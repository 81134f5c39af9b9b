import type { Actor } from '../auth/auth.queries.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { MacroBody, MacroChanges, UpdateMacroBody } from '../../../shared/contracts/macros.ts';
import { assertManages, checkGroupChange, checkMacroChanges, checkPlaceholders, hasChanges, ownershipOf } from './check-texts.ts';
import { loadMacro, type MacroRow } from './macros.queries.ts';

function checkNotEmpty(changes: MacroChanges, replyDe: string, replyEn: string): void {
  if (!hasChanges(changes) && replyDe.trim() === '' && replyEn.trim() === '')
    throw new AppError('invalid_input', 'A macro changes a field or writes a reply (or both).', { fields: { changes: 'Choose a change or write a reply.' } });
}

export async function createMacro(db: Executor, actor: Actor, input: MacroBody): Promise<MacroRow> {
  const owner = await ownershipOf(db, actor, input.scope, input.groupId);
  checkNotEmpty(input.changes, input.replyDe, input.replyEn);
  checkPlaceholders({ replyDe: input.replyDe, replyEn: input.replyEn });
  await checkMacroChanges(db, input.changes);
  const now = nowIso();
  const row = await db
    .insertInto('macros')
    .values({ ...owner, name: input.name, changes: JSON.stringify(input.changes), reply_de: input.replyDe, reply_en: input.replyEn, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return loadMacro(db, actor, row.id);
}

export async function updateMacro(db: Executor, actor: Actor, id: number, input: UpdateMacroBody): Promise<MacroRow> {
  const before = await loadMacro(db, actor, id);
  assertManages(actor, before, 'macros');
  await checkGroupChange(db, before, input.groupId);
  const changes = input.changes ?? (JSON.parse(before.changes) as MacroChanges);
  const replyDe = input.replyDe ?? before.reply_de;
  const replyEn = input.replyEn ?? before.reply_en;
  checkNotEmpty(changes, replyDe, replyEn);
  checkPlaceholders({ replyDe: input.replyDe, replyEn: input.replyEn });
  if (input.changes) await checkMacroChanges(db, input.changes);
  await db
    .updateTable('macros')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
      changes: JSON.stringify(changes),
      reply_de: replyDe,
      reply_en: replyEn,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return loadMacro(db, actor, id);
}

export async function deleteMacro(db: Executor, actor: Actor, id: number): Promise<void> {
  const before = await loadMacro(db, actor, id);
  assertManages(actor, before, 'macros');
  await db.deleteFrom('macros').where('id', '=', id).execute();
}

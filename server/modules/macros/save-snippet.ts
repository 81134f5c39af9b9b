import type { Actor } from '../auth/auth.queries.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { SnippetBody, UpdateSnippetBody } from '../../../shared/contracts/macros.ts';
import { assertManages, checkGroupChange, checkPlaceholders, ownershipOf } from './check-texts.ts';
import { loadSnippet, type SnippetRow } from './macros.queries.ts';

const empty = () => new AppError('invalid_input', 'Write the text in German or English (or both).', { fields: { bodyDe: 'Write a text.', bodyEn: 'Write a text.' } });

export async function createSnippet(db: Executor, actor: Actor, input: SnippetBody): Promise<SnippetRow> {
  const owner = await ownershipOf(db, actor, input.scope, input.groupId);
  if (input.bodyDe.trim() === '' && input.bodyEn.trim() === '') throw empty();
  checkPlaceholders({ bodyDe: input.bodyDe, bodyEn: input.bodyEn });
  const now = nowIso();
  const row = await db
    .insertInto('text_snippets')
    .values({ ...owner, name: input.name, body_de: input.bodyDe, body_en: input.bodyEn, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return loadSnippet(db, actor, row.id);
}

export async function updateSnippet(db: Executor, actor: Actor, id: number, input: UpdateSnippetBody): Promise<SnippetRow> {
  const before = await loadSnippet(db, actor, id);
  assertManages(actor, before, 'text snippets');
  await checkGroupChange(db, before, input.groupId);
  const bodyDe = input.bodyDe ?? before.body_de;
  const bodyEn = input.bodyEn ?? before.body_en;
  if (bodyDe.trim() === '' && bodyEn.trim() === '') throw empty();
  checkPlaceholders({ bodyDe: input.bodyDe, bodyEn: input.bodyEn });
  await db
    .updateTable('text_snippets')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
      body_de: bodyDe,
      body_en: bodyEn,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return loadSnippet(db, actor, id);
}

export async function deleteSnippet(db: Executor, actor: Actor, id: number): Promise<void> {
  const before = await loadSnippet(db, actor, id);
  assertManages(actor, before, 'text snippets');
  await db.deleteFrom('text_snippets').where('id', '=', id).execute();
}

import { sql, type Selectable } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { MacrosTable, TextSnippetsTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { visibleTexts } from './macros.policy.ts';

export type SnippetRow = Selectable<TextSnippetsTable> & { owner_name: string | null };
export type MacroRow = Selectable<MacrosTable> & { owner_name: string | null };

/** A search word matches the name or either text, case-insensitively. */
const matches = (q: string | undefined, columns: string[]) => {
  if (!q) return sql<boolean>`1 = 1`;
  const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`lower(${sql.ref(c)}) like ${like} escape '\\'`),
    sql` or `,
  )})`;
};

/** The snippets the actor may use, by name (at most 500: a list to pick from, not an archive). */
export function listSnippets(db: Executor, actor: Actor, q?: string, id?: number): Promise<SnippetRow[]> {
  return db
    .selectFrom('text_snippets')
    .leftJoin('users', 'users.id', 'text_snippets.owner_id')
    .selectAll('text_snippets')
    .select('users.name as owner_name')
    .where(visibleTexts(actor))
    .where(matches(q, ['text_snippets.name', 'text_snippets.body_de', 'text_snippets.body_en']))
    .$if(id !== undefined, (qb) => qb.where('text_snippets.id', '=', id!))
    .orderBy('text_snippets.name')
    .orderBy('text_snippets.id')
    .limit(500)
    .execute();
}

export function listMacros(db: Executor, actor: Actor, q?: string, id?: number): Promise<MacroRow[]> {
  return db
    .selectFrom('macros')
    .leftJoin('users', 'users.id', 'macros.owner_id')
    .selectAll('macros')
    .select('users.name as owner_name')
    .where(visibleTexts(actor))
    .where(matches(q, ['macros.name', 'macros.reply_de', 'macros.reply_en']))
    .$if(id !== undefined, (qb) => qb.where('macros.id', '=', id!))
    .orderBy('macros.name')
    .orderBy('macros.id')
    .limit(500)
    .execute();
}

/** One snippet the actor may see; 404 otherwise (someone else's personal ones do not exist for them). */
export async function loadSnippet(db: Executor, actor: Actor, id: number): Promise<SnippetRow> {
  const row = (await listSnippets(db, actor, undefined, id))[0];
  if (!row) throw notFound('The text snippet');
  return row;
}

export async function loadMacro(db: Executor, actor: Actor, id: number): Promise<MacroRow> {
  const row = (await listMacros(db, actor, undefined, id))[0];
  if (!row) throw notFound('The macro');
  return row;
}

import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { fold } from '../../platform/search/normalise.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { linkArticleImages } from './kb-images.ts';
import { writeArticleIndex } from './kb-index.ts';
import type { ArticleRow } from './knowledge.presenter.ts';
import type { CreateArticleBody, UpdateArticleBody } from '../../../shared/contracts/knowledge.ts';

/**
 * The writers of kb_articles: create, change (optimistic locking; the previous state goes to
 * kb_article_versions first) and restore an earlier version (a change like any other, so the
 * state it replaces is kept too). Each keeps the search index and the article's image links
 * (kb_article_images) in the same transaction.
 */
export async function createArticle(trx: Executor, actor: Actor, input: CreateArticleBody): Promise<ArticleRow> {
  const fields = await checkedFields(trx, {
    visibility: input.visibility,
    organisationId: input.organisationId ?? null,
    categoryId: input.categoryId ?? null,
    translationOf: input.translationOf ?? null,
  });
  const solution = await checkedSolution(trx, input.solutionKind ?? null, input.solutionCategoryId ?? null, input.solutionProblemId ?? null);
  const now = nowIso();
  const slug = input.slug ? await claimSlug(trx, input.slug, undefined, true) : await claimSlug(trx, slugOf(input.title));
  const tags = normaliseTags(input.tags ?? []);
  const row = await trx
    .insertInto('kb_articles')
    .values({
      slug,
      title: input.title,
      body: input.body,
      locale: input.locale,
      visibility: input.visibility,
      organisation_id: fields.organisationId,
      status: input.status,
      category_id: fields.categoryId,
      translation_of: fields.translationOf,
      tags: JSON.stringify(tags),
      author_id: actor.id,
      solution_kind: solution.kind,
      solution_category_id: solution.categoryId,
      solution_problem_id: solution.problemId,
      published_at: input.status === 'published' ? now : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeArticleIndex(trx, row.id, row.title, row.body, tags);
  await linkArticleImages(trx, row.id, row.body);
  return row;
}

export async function updateArticle(trx: Executor, actor: Actor, id: number, input: UpdateArticleBody): Promise<ArticleRow> {
  const current = await trx.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('The article');
  if (input.version !== current.version) throw stale(current);
  if (input.translationOf === id) throw invalid('An article cannot translate itself.', { translationOf: 'Choose another article.' });
  const visibility = input.visibility ?? current.visibility;
  const fields = await checkedFields(trx, {
    visibility,
    organisationId: input.organisationId !== undefined ? input.organisationId : current.organisation_id,
    categoryId: input.categoryId !== undefined ? input.categoryId : current.category_id,
    translationOf: input.translationOf !== undefined ? input.translationOf : current.translation_of,
  });
  const solution = await checkedSolution(
    trx,
    input.solutionKind !== undefined ? input.solutionKind : (current.solution_kind ?? null),
    input.solutionCategoryId !== undefined ? input.solutionCategoryId : (current.solution_category_id ?? null),
    input.solutionProblemId !== undefined ? input.solutionProblemId : (current.solution_problem_id ?? null),
  );
  const status = input.status ?? current.status;
  const tags = input.tags ? normaliseTags(input.tags) : (JSON.parse(current.tags) as string[]);
  const slug = input.slug && input.slug !== current.slug ? await claimSlug(trx, input.slug, id, true) : current.slug;
  await keepVersion(trx, actor, current);
  const now = nowIso();
  const row = await trx
    .updateTable('kb_articles')
    .set({
      slug,
      title: input.title ?? current.title,
      body: input.body ?? current.body,
      locale: input.locale ?? current.locale,
      visibility,
      organisation_id: fields.organisationId,
      status,
      category_id: fields.categoryId,
      translation_of: fields.translationOf,
      tags: JSON.stringify(tags),
      solution_kind: solution.kind,
      solution_category_id: solution.categoryId,
      solution_problem_id: solution.problemId,
      version: current.version + 1,
      published_at: status === 'published' ? (current.published_at ?? now) : current.published_at,
      updated_at: now,
    })
    // The version check in the statement itself: of two concurrent writers only one wins.
    .where('id', '=', id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw stale(await trx.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  await writeArticleIndex(trx, row.id, row.title, row.body, tags);
  await linkArticleImages(trx, row.id, row.body);
  return row;
}

/** Brings back the content of an earlier version as a new version. */
export async function restoreArticleVersion(trx: Executor, actor: Actor, id: number, version: number, currentVersion: number): Promise<ArticleRow> {
  const current = await trx.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('The article');
  if (current.version !== currentVersion) throw stale(current);
  const old = await trx.selectFrom('kb_article_versions').selectAll().where('article_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!old) throw notFound('That version of the article');
  return updateArticle(trx, actor, id, {
    version: currentVersion,
    title: old.title,
    body: old.body,
    locale: old.locale as 'de' | 'en',
    visibility: old.visibility as 'public' | 'internal' | 'organisation',
    organisationId: old.organisation_id,
    status: old.status as 'draft' | 'published' | 'archived',
    categoryId: old.category_id,
    tags: JSON.parse(old.tags) as string[],
  });
}

async function keepVersion(trx: Executor, actor: Actor, current: ArticleRow): Promise<void> {
  await trx
    .insertInto('kb_article_versions')
    .values({
      article_id: current.id,
      version: current.version,
      title: current.title,
      body: current.body,
      locale: current.locale,
      visibility: current.visibility,
      organisation_id: current.organisation_id,
      status: current.status,
      category_id: current.category_id,
      tags: current.tags,
      edited_by: actor.id,
      created_at: nowIso(),
    })
    .execute();
}

function stale(current: ArticleRow): AppError {
  return new AppError('stale_version', 'Someone changed this article in the meantime. Reload it and apply your change again.', { details: { current: { id: current.id, version: current.version } } });
}

async function checkedFields(trx: Executor, f: { visibility: string; organisationId: number | null; categoryId: number | null; translationOf: number | null }) {
  if (f.visibility === 'organisation' && !f.organisationId)
    throw invalid('Choose the organisation whose requesters may read the article.', { organisationId: 'Required for visibility "organisation".' });
  const organisationId = f.visibility === 'organisation' ? f.organisationId : null;
  if (organisationId && !(await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst())) {
    throw invalid('There is no such organisation.', { organisationId: 'Unknown organisation.' });
  }
  if (f.categoryId && !(await trx.selectFrom('categories').select('id').where('id', '=', f.categoryId).executeTakeFirst())) {
    throw invalid('There is no such category.', { categoryId: 'Unknown category.' });
  }
  let translationOf: number | null = null;
  if (f.translationOf) {
    const original = await trx.selectFrom('kb_articles').select(['id', 'translation_of']).where('id', '=', f.translationOf).executeTakeFirst();
    if (!original) throw invalid('There is no such article to translate.', { translationOf: 'Unknown article.' });
    // Every translation points at the group's first article, so a group is one lookup.
    translationOf = original.translation_of ?? original.id;
  }
  return { organisationId, categoryId: f.categoryId, translationOf };
}

/**
 * A known solution names its category, its problem or both; without a kind both are dropped.
 * (Only agents write articles, so naming a problem here is theirs too.)
 */
async function checkedSolution(
  trx: Executor,
  kind: string | null,
  categoryId: number | null,
  problemId: number | null,
): Promise<{ kind: string | null; categoryId: number | null; problemId: number | null }> {
  if (!kind) return { kind: null, categoryId: null, problemId: null };
  if (!categoryId && !problemId) throw invalid('Choose the category or the problem this article solves.', { solutionCategoryId: 'Required with a known solution (or solutionProblemId).' });
  if (categoryId && !(await trx.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst())) {
    throw invalid('There is no such category.', { solutionCategoryId: 'Unknown category.' });
  }
  if (problemId && !(await trx.selectFrom('problems').select('id').where('id', '=', problemId).executeTakeFirst())) {
    throw invalid(`There is no problem P-${problemId}.`, { solutionProblemId: 'Unknown problem.' });
  }
  return { kind, categoryId, problemId };
}

function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

export function slugOf(title: string): string {
  const words = fold(title).match(/[a-z0-9]+/g) ?? [];
  let slug = '';
  for (const word of words) {
    if (slug.length + word.length + 1 > 80) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  return slug || 'artikel';
}

/** A free slug: the wished one, or with -2, -3 … appended (an explicit wish that is taken is a 409). */
async function claimSlug(trx: Executor, wish: string, ownId?: number, exact = false): Promise<string> {
  const taken = new Set((await trx.selectFrom('kb_articles').select(['id', 'slug']).where('slug', 'like', `${wish}%`).execute()).filter((r) => r.id !== ownId).map((r) => r.slug));
  if (!taken.has(wish)) return wish;
  if (exact) throw new AppError('conflict', `Another article already has the address "${wish}".`, { fields: { slug: 'Taken.' } });
  for (let n = 2; ; n++) if (!taken.has(`${wish}-${n}`)) return `${wish}-${n}`;
}

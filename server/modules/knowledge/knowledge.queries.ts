import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { notFound } from '../../platform/errors.ts';
import { countsAsReader, visibleArticles } from './knowledge.policy.ts';
import { type ArticleRow, presentArticle, type Translation } from './knowledge.presenter.ts';
import type { ArticleDto, ArticleHighlightDto, ListArticlesQuery } from '../../../shared/contracts/knowledge.ts';

/** The article if the caller may see it, else a 404 (the same answer as for a missing one). */
export async function loadVisibleArticle(db: Executor, actor: Actor | null, by: { id: number } | { slug: string }): Promise<ArticleRow> {
  let qb = db.selectFrom('kb_articles').selectAll().where(visibleArticles(actor));
  qb = 'id' in by ? qb.where('id', '=', by.id) : qb.where('slug', '=', by.slug);
  const row = await qb.executeTakeFirst();
  if (!row) throw notFound('The article');
  return row;
}

/** Reading an article as a reader counts a view. */
export async function readArticle(db: Executor, actor: Actor | null, by: { id: number } | { slug: string }): Promise<ArticleDto> {
  const row = await loadVisibleArticle(db, actor, by);
  if (countsAsReader(actor)) {
    await db
      .updateTable('kb_articles')
      .set({ views: sql`views + 1` })
      .where('id', '=', row.id)
      .execute();
    row.views += 1;
  }
  return (await presentArticles(db, actor, [row]))[0]!;
}

/** Presents rows with the other-language versions of each that the caller may see. */
export async function presentArticles(
  db: Executor,
  actor: Actor | null,
  rows: ArticleRow[],
  options: { withBody?: boolean; scores?: Map<number, number>; highlights?: Map<number, ArticleHighlightDto> } = {},
): Promise<ArticleDto[]> {
  if (rows.length === 0) return [];
  const roots = [...new Set(rows.map((r) => r.translation_of ?? r.id))];
  const family = await db
    .selectFrom('kb_articles')
    .select(['id', 'slug', 'locale', 'title', 'translation_of'])
    .where(visibleArticles(actor))
    .where((eb) => eb.or([eb('id', 'in', roots), eb('translation_of', 'in', roots)]))
    .execute();
  return rows.map((row) => {
    const root = row.translation_of ?? row.id;
    const translations: Translation[] = family
      .filter((f) => f.id !== row.id && (f.translation_of ?? f.id) === root)
      .map((f) => ({ id: f.id, slug: f.slug, locale: f.locale as Translation['locale'], title: f.title }));
    const score = options.scores?.get(row.id);
    const highlight = options.highlights?.get(row.id);
    const staff = actor !== null && actor.role !== 'customer';
    return presentArticle(row, translations, {
      staff,
      ...(options.withBody !== undefined ? { withBody: options.withBody } : {}),
      ...(score !== undefined ? { score } : {}),
      ...(highlight ? { highlight } : {}),
    });
  });
}

export async function loadArticlesByIds(db: Executor, ids: number[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('kb_articles').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ArticleRow => r !== undefined);
}

/** Lists without a search text: recently updated or most viewed, with the filters. */
export async function listArticles(db: Executor, actor: Actor | null, query: ListArticlesQuery): Promise<ArticleRow[]> {
  let qb = db.selectFrom('kb_articles').selectAll().where(visibleArticles(actor));
  if (query.locale) qb = qb.where('locale', '=', query.locale);
  if (query.categoryId) qb = qb.where('category_id', '=', query.categoryId);
  if (query.status) qb = qb.where('status', '=', query.status);
  // tags is a JSON array of lower-case strings: the quoted tag is one element.
  if (query.tag) qb = qb.where('tags', 'like', `%${JSON.stringify(query.tag).replace(/[%_\\]/g, '')}%`);
  qb = query.sort === 'views' ? qb.orderBy('views', 'desc').orderBy('id', 'desc') : qb.orderBy('updated_at', 'desc').orderBy('id', 'desc');
  return qb.limit(query.limit ?? 50).execute();
}

/** Categories that hold articles the caller may read, with how many (the help center's menu). */
export async function articleCategories(db: Executor, actor: Actor | null): Promise<Array<{ id: number; name: string; nameEn: string | null; articles: number }>> {
  const rows = await db
    .selectFrom('kb_articles')
    .innerJoin('categories', 'categories.id', 'kb_articles.category_id')
    .where(visibleArticles(actor, { publishedOnly: true }))
    .select(['categories.id', 'categories.name', 'categories.name_en', sql<number>`count(*)`.as('articles')])
    .groupBy(['categories.id', 'categories.name', 'categories.name_en'])
    .orderBy('categories.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, articles: Number(r.articles) }));
}

export async function presentOne(db: Executor, actor: Actor | null, row: ArticleRow): Promise<ArticleDto> {
  return (await presentArticles(db, actor, [row]))[0]!;
}

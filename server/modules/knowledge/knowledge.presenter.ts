import type { Selectable } from 'kysely';
import type { KbArticlesTable, KbArticleVersionsTable } from '../../platform/db/schema.ts';
import type { ArticleDto, ArticleHighlightDto, ArticleVersionDto } from '../../../shared/contracts/knowledge.ts';

export type ArticleRow = Selectable<KbArticlesTable>;
export type Translation = ArticleDto['translations'][number];

/** Exactly the fields of an article that leave the server. */
/** `staff`: agents and admins also see the problem an article solves (problems are theirs alone). */
export function presentArticle(row: ArticleRow, translations: Translation[], options: { withBody?: boolean; score?: number; highlight?: ArticleHighlightDto; staff?: boolean } = {}): ArticleDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: options.withBody === false ? '' : row.body,
    locale: row.locale as ArticleDto['locale'],
    visibility: row.visibility as ArticleDto['visibility'],
    organisationId: row.organisation_id,
    status: row.status as ArticleDto['status'],
    categoryId: row.category_id,
    translationOf: row.translation_of,
    translations,
    tags: JSON.parse(row.tags) as string[],
    version: row.version,
    views: row.views,
    helpful: row.helpful_count,
    unhelpful: row.unhelpful_count,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    solutionKind: (row.solution_kind ?? null) as ArticleDto['solutionKind'],
    solutionCategoryId: row.solution_category_id ?? null,
    solutionProblemId: options.staff ? (row.solution_problem_id ?? null) : null,
    ...(options.score !== undefined ? { score: Math.round(options.score * 100) / 100 } : {}),
    ...(options.highlight ? { highlight: options.highlight } : {}),
  };
}

export function presentVersion(row: Selectable<KbArticleVersionsTable>): ArticleVersionDto {
  return {
    version: row.version,
    title: row.title,
    body: row.body,
    locale: row.locale as ArticleVersionDto['locale'],
    visibility: row.visibility as ArticleVersionDto['visibility'],
    status: row.status as ArticleVersionDto['status'],
    categoryId: row.category_id,
    tags: JSON.parse(row.tags) as string[],
    editedBy: row.edited_by,
    createdAt: row.created_at,
  };
}

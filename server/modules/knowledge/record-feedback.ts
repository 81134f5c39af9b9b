import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { loadVisibleArticle } from './knowledge.queries.ts';

/** "Was this helpful?": the answer with its comment, and the article's running counts. */
export async function recordFeedback(trx: Executor, actor: Actor | null, articleId: number, input: { helpful: boolean; comment?: string | undefined }): Promise<void> {
  const article = await loadVisibleArticle(trx, actor, { id: articleId });
  await trx
    .insertInto('kb_feedback')
    .values({ article_id: article.id, user_id: actor?.id ?? null, helpful: input.helpful ? 1 : 0, comment: input.comment ?? '', created_at: nowIso() })
    .execute();
  await trx
    .updateTable('kb_articles')
    .set(input.helpful ? { helpful_count: sql`helpful_count + 1` } : { unhelpful_count: sql`unhelpful_count + 1` })
    .where('id', '=', article.id)
    .execute();
}

/**
 * What the portal and help center did with a suggestion: shown, clicked, or "this solved my
 * problem" (a deflected request: no ticket was made). Kept with the article's category for
 * the deflection rate per category.
 */
export async function recordKbEvent(db: Executor, actor: Actor | null, input: { kind: 'shown' | 'clicked' | 'deflected'; articleId: number; query?: string | undefined }): Promise<void> {
  const article = await loadVisibleArticle(db, actor, { id: input.articleId });
  await db
    .insertInto('kb_events')
    .values({ kind: input.kind, article_id: article.id, category_id: article.category_id, user_id: actor?.id ?? null, query: (input.query ?? '').slice(0, 2000), created_at: nowIso() })
    .execute();
}

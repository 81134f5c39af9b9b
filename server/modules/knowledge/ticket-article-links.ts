import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { visibleArticles } from './knowledge.policy.ts';
import { loadVisibleArticle } from './knowledge.queries.ts';
import type { TicketArticleLinkDto } from '../../../shared/contracts/kb-insights.ts';

/**
 * Tickets link to the articles that solved them: an agent links one on the ticket, and a public
 * agent reply that carries an article's help-center address links it (kb-ticket-links.subscriber.ts).
 * The links live in kb_ticket_links; the tickets table is never written here.
 */
export async function linkArticle(db: Executor, ticketId: number, articleId: number, source: 'agent' | 'reply', linkedBy: number | null): Promise<void> {
  const values = { ticket_id: ticketId, article_id: articleId, source, linked_by: linkedBy, created_at: nowIso() };
  // Linking twice is no error: the first link (and its source) stays.
  await db
    .insertInto('kb_ticket_links')
    .values(values)
    .onConflict((oc) => oc.columns(['ticket_id', 'article_id']).doNothing())
    .execute();
}

/** An agent links an article they may read (drafts included: they may be about to publish it). */
export async function linkArticleByAgent(db: Executor, actor: Actor, ticketId: number, articleId: number): Promise<void> {
  const article = await loadVisibleArticle(db, actor, { id: articleId });
  await linkArticle(db, ticketId, article.id, 'agent', actor.id);
}

export async function unlinkArticle(db: Executor, ticketId: number, articleId: number): Promise<void> {
  await db.deleteFrom('kb_ticket_links').where('ticket_id', '=', ticketId).where('article_id', '=', articleId).execute();
}

/** The ticket's linked articles that the caller may read (a requester never sees internal or draft ones). */
export async function ticketArticleLinks(db: Executor, actor: Actor, ticketId: number): Promise<TicketArticleLinkDto[]> {
  const rows = await db
    .selectFrom('kb_ticket_links')
    .innerJoin('kb_articles', 'kb_articles.id', 'kb_ticket_links.article_id')
    .where('kb_ticket_links.ticket_id', '=', ticketId)
    .where(visibleArticles(actor))
    .select(['kb_articles.id', 'kb_articles.slug', 'kb_articles.title', 'kb_articles.locale', 'kb_ticket_links.source', 'kb_ticket_links.created_at'])
    .orderBy('kb_ticket_links.id')
    .execute();
  return rows.map((r) => ({
    article: { id: r.id, slug: r.slug, title: r.title, locale: r.locale as 'de' | 'en' },
    source: r.source as 'agent' | 'reply',
    linkedAt: r.created_at,
  }));
}

/** The help-center slugs a text links to (`…/help/<slug>` or `…/help/articles/<slug>`). */
export function linkedSlugs(text: string): string[] {
  const slugs = new Set<string>();
  for (const match of text.matchAll(/\/help\/(?:articles\/)?([a-z0-9]+(?:-[a-z0-9]+)*)(?![a-z0-9-])/g)) slugs.add(match[1]!);
  return [...slugs].slice(0, 20);
}

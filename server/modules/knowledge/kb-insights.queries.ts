import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { LocalPeriod } from '../../platform/local-days.ts';
import type { ArticleDraftDto, ArticleFeedbackDto, DeflectionRowDto, ReviewItemDto, ReviewQuery } from '../../../shared/contracts/kb-insights.ts';

/** What readers made of an article: views, helpful yes/no, their comments, and the tickets it solved. */
export async function articleFeedback(db: Executor, articleId: number): Promise<ArticleFeedbackDto> {
  const article = await db.selectFrom('kb_articles').select(['views', 'helpful_count', 'unhelpful_count']).where('id', '=', articleId).executeTakeFirst();
  if (!article) throw notFound('The article');
  const comments = await db
    .selectFrom('kb_feedback')
    .select(['helpful', 'comment', 'created_at'])
    .where('article_id', '=', articleId)
    .where('comment', '<>', '')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  const linked = await db
    .selectFrom('kb_ticket_links')
    .select(sql<number>`count(*)`.as('n'))
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow();
  return {
    views: article.views,
    helpful: article.helpful_count,
    unhelpful: article.unhelpful_count,
    linkedTickets: Number(linked.n),
    comments: comments.map((c) => ({ helpful: c.helpful === 1, comment: c.comment, createdAt: c.created_at })),
  };
}

/**
 * Articles to review: poor feedback (a helpful share below the limit with enough votes) or not
 * updated for a number of months. Archived articles are done with and left out.
 */
export async function reviewList(db: Executor, query: ReviewQuery, now = new Date()): Promise<ReviewItemDto[]> {
  const minVotes = query.minVotes ?? 5;
  const maxShare = query.maxHelpfulShare ?? 0.5;
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - (query.staleMonths ?? 12));
  const staleBefore = cutoff.toISOString();
  const rows = await db
    .selectFrom('kb_articles')
    .select(['id', 'slug', 'title', 'locale', 'status', 'views', 'helpful_count', 'unhelpful_count', 'updated_at'])
    .where('status', '<>', 'archived')
    .where((eb) =>
      eb.or([
        eb('updated_at', '<', staleBefore),
        eb.and([
          eb(sql<number>`helpful_count + unhelpful_count`, '>=', minVotes),
          // helpful / votes < maxShare in whole per-mille, without a division: integers on both
          // databases (PostgreSQL types the parameter as an integer).
          eb(sql<number>`helpful_count * 1000`, '<', sql<number>`${Math.round(maxShare * 1000)} * (helpful_count + unhelpful_count)`),
        ]),
      ]),
    )
    .orderBy('updated_at')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map((r) => {
    const votes = r.helpful_count + r.unhelpful_count;
    const share = votes > 0 ? r.helpful_count / votes : null;
    const reasons: ReviewItemDto['reasons'] = [];
    if (share !== null && votes >= minVotes && share < maxShare) reasons.push('poor_feedback');
    if (r.updated_at < staleBefore) reasons.push('stale');
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      locale: r.locale as ReviewItemDto['locale'],
      status: r.status as ReviewItemDto['status'],
      views: r.views,
      helpful: r.helpful_count,
      unhelpful: r.unhelpful_count,
      helpfulShare: share === null ? null : Math.round(share * 100) / 100,
      updatedAt: r.updated_at,
      reasons,
    };
  });
}

/**
 * Suggestions shown and clicked, requests deflected and tickets created, per category over a
 * period (local days of the caller, inclusive: `localPeriod`). The deflection rate is deflected / (deflected + tickets): of the
 * requests that started in that category, the share the knowledge base answered.
 */
export async function deflectionReport(db: Executor, period: LocalPeriod): Promise<{ rows: DeflectionRowDto[]; total: DeflectionRowDto }> {
  const { start, end } = period;
  const events = await db
    .selectFrom('kb_events')
    .select(['category_id', 'kind', sql<number>`count(*)`.as('n')])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy(['category_id', 'kind'])
    .execute();
  const tickets = await db
    .selectFrom('tickets')
    .select(['category_id', sql<number>`count(*)`.as('n')])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('category_id')
    .execute();
  const byCategory = new Map<number | null, { shown: number; clicked: number; deflected: number; tickets: number }>();
  const slot = (id: number | null) => {
    let s = byCategory.get(id);
    if (!s) byCategory.set(id, (s = { shown: 0, clicked: 0, deflected: 0, tickets: 0 }));
    return s;
  };
  for (const e of events) {
    const s = slot(e.category_id);
    if (e.kind === 'shown' || e.kind === 'clicked' || e.kind === 'deflected') s[e.kind] += Number(e.n);
  }
  for (const t of tickets) slot(t.category_id).tickets += Number(t.n);
  const ids = [...byCategory.keys()].filter((id): id is number => id !== null);
  const names = ids.length ? await db.selectFrom('categories').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));
  const row = (categoryId: number | null, c: { shown: number; clicked: number; deflected: number; tickets: number }): DeflectionRowDto => ({
    categoryId,
    name: categoryId === null ? null : (nameOf.get(categoryId)?.name ?? null),
    nameEn: categoryId === null ? null : (nameOf.get(categoryId)?.name_en ?? null),
    ...c,
    deflectionRate: c.deflected + c.tickets > 0 ? Math.round((c.deflected / (c.deflected + c.tickets)) * 1000) / 1000 : null,
  });
  const rows = [...byCategory.entries()].map(([id, c]) => row(id, c)).sort((a, b) => b.deflected + b.tickets - (a.deflected + a.tickets) || (a.categoryId ?? 0) - (b.categoryId ?? 0));
  const sum = { shown: 0, clicked: 0, deflected: 0, tickets: 0 };
  for (const r of rows) for (const k of ['shown', 'clicked', 'deflected', 'tickets'] as const) sum[k] += r[k];
  return { rows, total: row(null, sum) };
}

/** "Create article from this ticket": the subject as title, the agent's last public reply as body. */
export async function articleDraftFromTicket(db: Executor, ticket: { id: number; subject: string; categoryId: number | null; locale: string | null }): Promise<ArticleDraftDto> {
  const reply = await db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.author_id')
    .select('messages.body')
    .where('messages.ticket_id', '=', ticket.id)
    .where('messages.internal', '=', 0)
    .where('messages.automatic', '=', 0)
    .where('users.role', 'in', ['agent', 'admin'])
    .orderBy('messages.id', 'desc')
    .executeTakeFirst();
  return { ticketId: ticket.id, title: ticket.subject, body: reply?.body ?? '', categoryId: ticket.categoryId, locale: ticket.locale === 'en' ? 'en' : 'de' };
}

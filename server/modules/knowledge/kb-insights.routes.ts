/**
 * The knowledge base around tickets and for its authors, under /api/v1:
 *   GET    /tickets/:id/kb-links                   → 200 {items} the articles that solved the ticket (what the caller may read)
 *   POST   /tickets/:id/kb-links {articleId}       → 201 (agents who see the ticket)
 *   DELETE /tickets/:id/kb-links/:articleId        → 204 (agents who see the ticket)
 *   GET    /tickets/:id/kb-draft                   → 200 a new article prefilled from the ticket (agents)
 *   GET    /kb/known-solutions?categoryId=         → 200 {items} the category's known solutions and workarounds (signed in)
 *   GET    /kb/articles/:id/feedback               → 200 views, helpful counts and comments (agents)
 *   GET    /kb/review?minVotes=&maxHelpfulShare=&staleMonths= → 200 {items} articles with poor feedback or old (agents)
 *   GET    /kb/reports/deflection?from=&to=        → 200 shown, clicked, deflected, tickets and the rate per category (agents)
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAgent } from '../auth/auth-plugin.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import { visibleArticles } from './knowledge.policy.ts';
import { presentArticles } from './knowledge.queries.ts';
import { articleDraftFromTicket, articleFeedback, deflectionReport, reviewList } from './kb-insights.queries.ts';
import { linkArticleByAgent, ticketArticleLinks, unlinkArticle } from './ticket-article-links.ts';
import { articleListSchema, articleParams, createdSchema } from '../../../shared/contracts/knowledge.ts';
import {
  articleDraftSchema,
  articleFeedbackSchema,
  deflectionQuery,
  deflectionReportSchema,
  knownSolutionsQuery,
  linkArticleBody,
  reviewListSchema,
  reviewQuery,
  ticketArticleLinkListSchema,
  ticketArticleLinkParams,
  ticketArticleParams,
} from '../../../shared/contracts/kb-insights.ts';
import { localPeriod } from '../../platform/local-days.ts';

export async function kbInsightsRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['knowledge'];

  app.get(
    '/tickets/:id/kb-links',
    { schema: { tags, summary: 'Articles linked to the ticket as its solution', params: ticketArticleParams, response: { 200: ticketArticleLinkListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      await loadVisibleTicket(deps.db, actor, request.params.id);
      return { items: await ticketArticleLinks(deps.db, actor, request.params.id) };
    },
  );

  app.post(
    '/tickets/:id/kb-links',
    { schema: { tags, summary: 'Link an article that solved the ticket (agents)', params: ticketArticleParams, body: linkArticleBody, response: { 201: createdSchema } } },
    async (request, reply) => {
      const actor = requireAgent(request);
      await loadVisibleTicket(deps.db, actor, request.params.id);
      await linkArticleByAgent(deps.db, actor, request.params.id, request.body.articleId);
      return reply.status(201).send({ status: 'recorded' as const });
    },
  );

  app.delete('/tickets/:id/kb-links/:articleId', { schema: { tags, summary: 'Remove an article link (agents)', params: ticketArticleLinkParams } }, async (request, reply) => {
    const actor = requireAgent(request);
    await loadVisibleTicket(deps.db, actor, request.params.id);
    await unlinkArticle(deps.db, request.params.id, request.params.articleId);
    return reply.status(204).send();
  });

  app.get(
    '/tickets/:id/kb-draft',
    { schema: { tags, summary: 'A new article prefilled from the ticket: subject and the last public agent reply (agents)', params: ticketArticleParams, response: { 200: articleDraftSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
      const requester = await deps.db.selectFrom('tickets').innerJoin('users', 'users.id', 'tickets.requester_id').select('users.locale').where('tickets.id', '=', ticket.id).executeTakeFirst();
      return articleDraftFromTicket(deps.db, { id: ticket.id, subject: ticket.subject, categoryId: ticket.category?.id ?? null, locale: requester?.locale ?? null });
    },
  );

  app.get(
    '/kb/known-solutions',
    { schema: { tags, summary: "A category's known solutions and workarounds that the caller may read", querystring: knownSolutionsQuery, response: { 200: articleListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await deps.db
        .selectFrom('kb_articles')
        .selectAll()
        .where(visibleArticles(actor, { publishedOnly: true }))
        .where('solution_category_id', '=', request.query.categoryId)
        .where('solution_kind', 'is not', null)
        .orderBy('id')
        .limit(20)
        .execute();
      return { items: await presentArticles(deps.db, actor, rows, { withBody: false }) };
    },
  );

  app.get(
    '/kb/articles/:id/feedback',
    { schema: { tags, summary: 'Views, helpful yes/no and comments of an article (agents)', params: articleParams, response: { 200: articleFeedbackSchema } } },
    async (request) => {
      requireAgent(request);
      return articleFeedback(deps.db, request.params.id);
    },
  );

  app.get(
    '/kb/review',
    { schema: { tags, summary: 'Articles with poor feedback or not updated for months (agents)', querystring: reviewQuery, response: { 200: reviewListSchema } } },
    async (request) => {
      requireAgent(request);
      return { items: await reviewList(deps.db, request.query) };
    },
  );

  app.get(
    '/kb/reports/deflection',
    { schema: { tags, summary: 'Deflection rate per category over a period (agents)', querystring: deflectionQuery, response: { 200: deflectionReportSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const { from, to } = request.query;
      // Local days of the caller, like the reports (platform/local-days.ts).
      return { from, to, ...(await deflectionReport(deps.db, localPeriod(from, to, actor.timeZone))) };
    },
  );
}

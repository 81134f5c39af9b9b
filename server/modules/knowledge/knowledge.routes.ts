/**
 * Knowledge base, under /api/v1/kb:
 *   POST  /articles                          → 201 article (agents, admins)
 *   PATCH /articles/:id {…, version}         → 200 article; 409 when version is stale; the previous state is kept
 *   GET   /articles/:id/versions             → 200 {items} earlier versions, newest first (agents, admins)
 *   POST  /articles/:id/versions/:version/restore {version} → 200 article (agents, admins)
 *   GET   /articles?q=&locale=&categoryId=&sort= → 200 {items} (public: what the caller may read); with q each has its highlight
 *   GET   /articles/:id · /articles/by-slug/:slug → 200 article; 404 for what the caller may not see
 *   GET   /suggestions?q=&limit=               → 200 {items} best first, above the score threshold (public)
 *   POST  /articles/:id/feedback {helpful, comment?} → 201 (public, rate-limited)
 *   POST  /events {kind: shown|clicked|deflected, articleId, query?} → 201 (public, rate-limited)
 *   GET   /categories                         → 200 {items} categories with readable articles (public)
 */
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../../platform/http/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { articleCategories, listArticles, loadVisibleArticle, presentArticles, presentOne, readArticle } from './knowledge.queries.ts';
import { presentVersion } from './knowledge.presenter.ts';
import { rankArticles } from './suggest-articles.ts';
import { highlightArticle, highlightQuery } from './kb-highlight.ts';
import { createArticle, restoreArticleVersion, updateArticle } from './write-article.ts';
import { recordFeedback, recordKbEvent } from './record-feedback.ts';
import {
  articleListSchema,
  articleParams,
  articleSchema,
  articleSlugParams,
  articleVersionListSchema,
  articleVersionParams,
  createArticleBody,
  createdSchema,
  feedbackBody,
  kbCategoryListSchema,
  kbEventBody,
  listArticlesQuery,
  restoreArticleBody,
  suggestionsQuery,
  updateArticleBody,
} from '../../../shared/contracts/knowledge.ts';

export async function knowledgeRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['knowledge'];
  const open = { public: true };
  // Anonymous writes (help-center feedback) are limited per client address.
  const rateLimit = { max: Math.max(deps.config.loginRateLimit * 6, 60), timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.ip };

  app.post('/kb/articles', { schema: { tags, summary: 'Write an article (agents, admins)', body: createArticleBody, response: { 201: articleSchema } } }, async (request, reply) => {
    const actor = requireAgent(request);
    const row = await deps.db.transaction().execute((trx) => createArticle(trx, actor, request.body));
    return reply.status(201).send(await presentOne(deps.db, actor, row));
  });

  app.patch(
    '/kb/articles/:id',
    { schema: { tags, summary: 'Change an article; the previous state is kept as a version (agents, admins)', params: articleParams, body: updateArticleBody, response: { 200: articleSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const row = await deps.db.transaction().execute((trx) => updateArticle(trx, actor, request.params.id, request.body));
      return presentOne(deps.db, actor, row);
    },
  );

  app.get(
    '/kb/articles/:id/versions',
    { schema: { tags, summary: 'Earlier versions of an article, newest first (agents, admins)', params: articleParams, response: { 200: articleVersionListSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      await loadVisibleArticle(deps.db, actor, { id: request.params.id });
      const rows = await deps.db.selectFrom('kb_article_versions').selectAll().where('article_id', '=', request.params.id).orderBy('version', 'desc').execute();
      return { items: rows.map(presentVersion) };
    },
  );

  app.post(
    '/kb/articles/:id/versions/:version/restore',
    { schema: { tags, summary: 'Bring back an earlier version as the newest (agents, admins)', params: articleVersionParams, body: restoreArticleBody, response: { 200: articleSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      const row = await deps.db.transaction().execute((trx) => restoreArticleVersion(trx, actor, request.params.id, request.params.version, request.body.version));
      return presentOne(deps.db, actor, row);
    },
  );

  app.get(
    '/kb/articles',
    { config: { ...open, search: true }, schema: { tags, summary: 'Articles the caller may read; q searches (public)', querystring: listArticlesQuery, response: { 200: articleListSchema } } },
    async (request) => {
      const { query } = request;
      const withBody = query.withBody ?? true;
      if (query.q?.trim()) {
        const ranked = await rankArticles(deps.db, request.actor, query.q, {
          limit: query.limit ?? 50,
          suggest: false,
          filter: (row) => (!query.locale || row.locale === query.locale) && (!query.categoryId || row.category_id === query.categoryId) && (!query.status || row.status === query.status),
        });
        // Highlights by the search's own analysis (stems, folding, compound parts, synonyms).
        const marks = highlightQuery(query.q);
        const highlights = new Map(ranked.rows.map((row) => [row.id, highlightArticle(marks, row)]));
        return { items: await presentArticles(deps.db, request.actor, ranked.rows, { withBody, scores: ranked.scores, highlights }) };
      }
      return { items: await presentArticles(deps.db, request.actor, await listArticles(deps.db, request.actor, query), { withBody }) };
    },
  );

  app.get(
    '/kb/articles/by-slug/:slug',
    { config: open, schema: { tags, summary: 'An article by its readable address (public)', params: articleSlugParams, response: { 200: articleSchema } } },
    async (request) => readArticle(deps.db, request.actor, { slug: request.params.slug }),
  );

  app.get(
    '/kb/articles/:id',
    { config: open, schema: { tags, summary: 'An article; 404 for what the caller may not read (public)', params: articleParams, response: { 200: articleSchema } } },
    async (request) => readArticle(deps.db, request.actor, { id: request.params.id }),
  );

  app.get(
    '/kb/suggestions',
    {
      config: { ...open, search: true },
      schema: { tags, summary: 'Articles answering a request text, best first (public: what the portal shows while typing)', querystring: suggestionsQuery, response: { 200: articleListSchema } },
    },
    async (request) => {
      const ranked = await rankArticles(deps.db, request.actor, request.query.q, { limit: request.query.limit ?? 5, suggest: true, locale: request.query.locale });
      return { items: await presentArticles(deps.db, request.actor, ranked.rows, { scores: ranked.scores }) };
    },
  );

  app.post(
    '/kb/articles/:id/feedback',
    { config: { ...open, rateLimit }, schema: { tags, summary: '"Was this helpful?" (public, rate-limited)', params: articleParams, body: feedbackBody, response: { 201: createdSchema } } },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => recordFeedback(trx, request.actor, request.params.id, request.body));
      return reply.status(201).send({ status: 'recorded' as const });
    },
  );

  app.post(
    '/kb/events',
    { config: { ...open, rateLimit }, schema: { tags, summary: 'A suggestion shown, clicked, or a request deflected (public, rate-limited)', body: kbEventBody, response: { 201: createdSchema } } },
    async (request, reply) => {
      if (request.body.kind === 'deflected' && request.actor && request.actor.role !== 'customer') throw new AppError('forbidden', 'Only requesters deflect their own requests.');
      await recordKbEvent(deps.db, request.actor, request.body);
      return reply.status(201).send({ status: 'recorded' as const });
    },
  );

  app.get('/kb/categories', { config: open, schema: { tags, summary: 'Categories with articles the caller may read (public)', response: { 200: kbCategoryListSchema } } }, async (request) => ({
    items: await articleCategories(deps.db, request.actor),
  }));
}

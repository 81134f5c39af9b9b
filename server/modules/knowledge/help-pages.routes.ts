/**
 * Server-rendered help-center pages (outside /api/v1):
 *   GET /help/articles/:slug → 200 text/html for a published public article; 404 for anything else
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/http/context.ts';
import { webDistDir } from '../../platform/http/serve-web-app.ts';
import { appHeadTags, loadPublicArticle, renderArticlePage } from './help-article-page.ts';

export async function helpPageRoutes(app: FastifyInstance, deps: Deps, options: { distDir?: string | undefined }): Promise<void> {
  const appHead = appHeadTags(options.distDir ?? webDistDir());
  app.get<{ Params: { slug: string } }>('/help/articles/:slug', { schema: { hide: true } }, async (request, reply) => {
    const slug = request.params.slug;
    const found = /^[a-z0-9-]{1,200}$/.test(slug) ? await loadPublicArticle(deps.db, slug) : null;
    if (!found) {
      return reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>404</title></head><body><p>Artikel nicht gefunden · Article not found. <a href="/help">Hilfe-Center · Help center</a></p></body></html>',
        );
    }
    void reply.header('cache-control', 'public, max-age=300');
    return reply.type('text/html; charset=utf-8').send(renderArticlePage({ ...found, baseUrl: deps.config.publicUrl, appHead }));
  });
}

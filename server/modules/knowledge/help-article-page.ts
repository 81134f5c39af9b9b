import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Executor } from '../../platform/db/database.ts';
import { KB_IMAGE_URL } from './kb-images.ts';
import { visibleArticles } from './knowledge.policy.ts';
import type { ArticleRow } from './knowledge.presenter.ts';
import { escapeHtml } from '../../platform/escape-html.ts';

/**
 * Crawlable help-center pages: the server renders a published public article as plain HTML
 * (title, meta description, lang, hreflang to its translation, canonical address, sanitised
 * body), so search engines and link previews read it without running JavaScript. The web
 * app's scripts are included, so a browser's SPA mounts over it and takes over.
 * Only published public articles: the page is the same for every visitor (no session read),
 * so nothing restricted can end up in a shared cache.
 */
const BODY_HTML: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title', 'loading'], code: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    img: sanitizeHtml.simpleTransform('img', { loading: 'lazy' }),
  },
  // Images only from our own article images: an external one would track readers (and the CSP blocks it anyway).
  exclusiveFilter: (frame) => frame.tag === 'img' && !KB_IMAGE_URL.test(frame.attribs.src ?? ''),
};

export async function loadPublicArticle(db: Executor, slug: string): Promise<{ article: ArticleRow; translations: Array<Pick<ArticleRow, 'slug' | 'locale' | 'title'>> } | null> {
  const article = await db.selectFrom('kb_articles').selectAll().where(visibleArticles(null)).where('slug', '=', slug).executeTakeFirst();
  if (!article) return null;
  const root = article.translation_of ?? article.id;
  const translations = await db
    .selectFrom('kb_articles')
    .select(['slug', 'locale', 'title'])
    .where(visibleArticles(null))
    .where((eb) => eb.or([eb('id', '=', root), eb('translation_of', '=', root)]))
    .where('id', '<>', article.id)
    .execute();
  return { article, translations };
}

export function articleBodyHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true, breaks: true }), BODY_HTML);
}

/** The first sentences of the body as plain text, for the meta description. */
export function descriptionOf(markdown: string, max = 160): string {
  const text = sanitizeHtml(marked.parse(markdown, { async: false }), { allowedTags: [], allowedAttributes: {} })
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

export function renderArticlePage(input: { article: ArticleRow; translations: Array<Pick<ArticleRow, 'slug' | 'locale' | 'title'>>; baseUrl: string; appHead: string }): string {
  const { article, translations, baseUrl } = input;
  const url = (slug: string) => `${baseUrl}/help/articles/${encodeURIComponent(slug)}`;
  const alternates = [article, ...translations].map((a) => `<link rel="alternate" hreflang="${escapeHtml(a.locale)}" href="${escapeHtml(url(a.slug))}">`).join('\n    ');
  const other = translations
    .map((tr) => `<p><a href="/help/articles/${encodeURIComponent(tr.slug)}" hreflang="${escapeHtml(tr.locale)}" lang="${escapeHtml(tr.locale)}">${escapeHtml(tr.title)}</a></p>`)
    .join('');
  const helpCenter = article.locale === 'en' ? 'Help center' : 'Hilfe-Center';
  return `<!doctype html>
<html lang="${escapeHtml(article.locale)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(article.title)} – ${helpCenter}</title>
    <meta name="description" content="${escapeHtml(descriptionOf(article.body))}">
    <link rel="canonical" href="${escapeHtml(url(article.slug))}">
    ${alternates}
    ${input.appHead}
  </head>
  <body>
    <div id="root">
      <main class="page page-narrow help-article">
        <nav class="breadcrumb"><a href="/help">${helpCenter}</a></nav>
        <article lang="${escapeHtml(article.locale)}">
          <h1>${escapeHtml(article.title)}</h1>
          ${other}
          <div class="markdown">${articleBodyHtml(article.body)}</div>
        </article>
      </main>
    </div>
  </body>
</html>
`;
}

/** The web app's own script and style tags from its built index.html ('' without a build). */
export function appHeadTags(distDir: string): string {
  try {
    const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    return (html.match(/<script\b[^>]*\bsrc="\/assets\/[^"]+"[^>]*><\/script>|<link\b[^>]*\bhref="\/assets\/[^"]+"[^>]*>/g) ?? []).join('\n    ');
  } catch {
    return '';
  }
}

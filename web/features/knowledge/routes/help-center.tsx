import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading } from '../../../components/states.tsx';
import { useArticles, useKbCategories } from '../../../lib/knowledge.ts';
import type { ArticleDto } from '../../../../shared/contracts/knowledge.ts';
import { Highlight } from '../components/highlight.tsx';

/** The public help center: search while typing, topics, most viewed and recently updated. */
export default function HelpCenter() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const categoryId = Number(params.get('category')) || undefined;
  const [q, setQ] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const categories = useKbCategories();
  const results = useArticles({ q, categoryId, limit: 20 });
  const popular = useArticles({ sort: 'views', limit: 5 });
  const recent = useArticles({ sort: 'recent', limit: 5 });
  const faq = useArticles({ tag: 'faq', sort: 'views', limit: 10 });
  const searching = Boolean(q) || Boolean(categoryId);

  return (
    <main id="main" className="page page-narrow help-center">
      <h1>{t('kb.helpCenter')}</h1>
      <p className="muted">{t('kb.intro')}</p>
      <div className="field">
        <label htmlFor="help-search">{t('kb.search')}</label>
        <input
          id="help-search"
          type="search"
          value={text}
          placeholder={t('kb.searchPlaceholder')}
          autoComplete="off"
          onChange={(e) => {
            setText(e.target.value);
            setParams(
              (p) => {
                if (e.target.value) p.set('q', e.target.value);
                else p.delete('q');
                return p;
              },
              { replace: true },
            );
          }}
        />
      </div>
      {categories.data && categories.data.length > 0 && (
        <nav aria-label={t('kb.categories')} className="help-topics">
          <strong>{t('kb.categories')}:</strong>{' '}
          {categories.data.map((c) => (
            <Link key={c.id} to={`/help?category=${c.id}`} aria-current={c.id === categoryId ? 'page' : undefined}>
              {(i18n.language.startsWith('en') && c.nameEn) || c.name} ({c.articles})
            </Link>
          ))}
        </nav>
      )}
      {searching ? (
        <section aria-label={t('kb.results')}>
          <h2>{t('kb.results')}</h2>
          {results.isPending ? <Loading /> : <ArticleList items={results.data ?? []} empty={t('kb.noResults')} />}
          <p>
            {t('kb.stillNeedHelp')} <Link to={`/portal/new?subject=${encodeURIComponent(q)}`}>{t('kb.newRequest')}</Link>
          </p>
        </section>
      ) : (
        <div className="help-columns">
          {(faq.data?.length ?? 0) > 0 && (
            <section>
              <h2>{t('kbInsights.faq')}</h2>
              <ArticleList items={faq.data ?? []} empty={t('kb.noResults')} />
            </section>
          )}
          <section>
            <h2>{t('kb.mostViewed')}</h2>
            <ArticleList items={popular.data ?? []} empty={t('kb.noResults')} />
          </section>
          <section>
            <h2>{t('kb.recent')}</h2>
            <ArticleList items={recent.data ?? []} empty={t('kb.noResults')} />
          </section>
        </div>
      )}
    </main>
  );
}

function ArticleList({ items, empty }: { items: ArticleDto[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="article-list">
      {items.map((a) => (
        <li key={a.id}>
          <Link to={`/help/articles/${a.slug}`} lang={a.locale}>
            <Highlight text={a.title} marks={a.highlight?.title} />
          </Link>
          {a.highlight?.excerpt && (
            <p className="small muted" lang={a.locale}>
              <Highlight text={a.highlight.excerpt} marks={a.highlight.excerptMarks} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useArticles } from '../../../lib/knowledge.ts';
import { type Problem, useMarkKnownSolution } from '../api/problems.ts';
import { problemErrorText } from './problem-error.ts';

/** The articles marked as the problem's known solution or workaround; find an article and mark it. */
export function KnownSolutions({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const mark = useMarkKnownSolution(problem.id);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useArticles({ q, limit: 5 });
  const marked = new Set(problem.knownSolutions.map((a) => a.id));
  return (
    <section className="card" aria-labelledby="problem-solutions-title">
      <h2 id="problem-solutions-title" className="h-small">
        {t('problems.knownSolutions')}
      </h2>
      {problem.knownSolutions.length === 0 && <p className="muted small">{t('problems.noKnownSolutions')}</p>}
      <ul className="mini-list" aria-label={t('problems.knownSolutions')}>
        {problem.knownSolutions.map((a) => (
          <li key={a.id}>
            <Link to={`/agent/kb/${a.id}`} lang={a.locale}>
              {a.title}
            </Link>{' '}
            <span className="muted small">{a.kind === 'workaround' ? t('problems.workaroundKind') : t('problems.solution')}</span>{' '}
            <button type="button" className="btn-link" onClick={() => mark.mutate({ articleId: a.id, kind: null })} aria-label={t('problems.removeMarkNamed', { title: a.title })}>
              {t('problems.removeMark')}
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor="problem-article-search" className="visually-hidden">
        {t('problems.findArticle')}
      </label>
      <input id="problem-article-search" type="search" placeholder={t('problems.findArticle')} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      {q && (
        <ul className="mini-list" aria-label={t('kb.results')}>
          {(results.data ?? [])
            .filter((a) => !marked.has(a.id))
            .map((a) => (
              <li key={a.id}>
                <span lang={a.locale}>{a.title}</span>{' '}
                <button type="button" className="btn-link" onClick={() => mark.mutate({ articleId: a.id, kind: 'solution' })}>
                  {t('problems.markAsSolution')}
                </button>{' '}
                <button type="button" className="btn-link" onClick={() => mark.mutate({ articleId: a.id, kind: 'workaround' })}>
                  {t('problems.markAsWorkaround')}
                </button>
              </li>
            ))}
          {results.data?.length === 0 && <li className="muted">{t('kb.noResults')}</li>}
        </ul>
      )}
      {mark.isError && (
        <p className="field-error" role="alert">
          {problemErrorText(mark.error, t)}
        </p>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../../components/date-time.tsx';
import { Loading } from '../../../components/states.tsx';
import { useAuthorArticles } from '../api/kb-authoring.ts';
import { Highlight } from '../components/highlight.tsx';

type Status = 'draft' | 'published' | 'archived';

/** The authors' list: every article in every state, with views and feedback. */
export default function KbArticles() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const articles = useAuthorArticles({ ...(q ? { q } : {}), status: status || undefined });
  return (
    <div className="page kb-articles">
      <h1>{t('kbEditor.articles')}</h1>
      <p>
        <Link to="/agent/kb/new" className="btn btn-primary">
          {t('kbEditor.newArticle')}
        </Link>{' '}
        <Link to="/agent/kb/insights">{t('kbInsights.nav')}</Link>
      </p>
      <div className="filters">
        <label htmlFor="kb-list-search" className="visually-hidden">
          {t('kb.search')}
        </label>
        <input id="kb-list-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('kb.search')} autoComplete="off" />
        <label htmlFor="kb-list-status">{t('kbEditor.status')}</label>
        <select id="kb-list-status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
          <option value="">{t('kbEditor.allStates')}</option>
          <option value="draft">{t('kbEditor.statusDraft')}</option>
          <option value="published">{t('kbEditor.statusPublished')}</option>
          <option value="archived">{t('kbEditor.statusArchived')}</option>
        </select>
      </div>
      {articles.isPending ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="ticket-table">
            <thead>
              <tr>
                <th>{t('kbEditor.title')}</th>
                <th>{t('kbEditor.language')}</th>
                <th>{t('kbEditor.status')}</th>
                <th>{t('kbEditor.visibility')}</th>
                <th>{t('kbEditor.viewsColumn')}</th>
                <th>{t('kbEditor.helpfulColumn')}</th>
                <th>{t('kb.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {(articles.data ?? []).map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agent/kb/${a.id}`} lang={a.locale}>
                      <Highlight text={a.title} marks={a.highlight?.title} />
                    </Link>
                  </td>
                  <td>{a.locale.toUpperCase()}</td>
                  <td>{t(`kbEditor.status_${a.status}`)}</td>
                  <td>{t(`kbEditor.visibility_${a.visibility}`)}</td>
                  <td>{a.views}</td>
                  <td>
                    {a.helpful} / {a.unhelpful}
                  </td>
                  <td>
                    <DateTime iso={a.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {articles.data?.length === 0 && <p className="muted">{t('kb.noResults')}</p>}
        </div>
      )}
    </div>
  );
}

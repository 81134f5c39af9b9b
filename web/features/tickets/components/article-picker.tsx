import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticles, useLinkArticle } from '../../../lib/knowledge.ts';

/** Search the knowledge base from the composer and insert an article as a link or its content. */
export function ArticlePicker({ ticketId, onInsert }: { ticketId: number; onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useArticles({ q, status: 'published', limit: 5 });
  // Inserting an article links it to the ticket as (part of) its solution; a link in the sent reply would too.
  const link = useLinkArticle(ticketId);
  const insert = (articleId: number, text: string) => {
    link.mutate(articleId);
    onInsert(text);
  };
  return (
    <div className="article-picker">
      <label htmlFor="article-picker-search" className="visually-hidden">
        {t('kb.insertSearch')}
      </label>
      <input id="article-picker-search" type="search" placeholder={t('kb.insertSearch')} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      {q && (
        <ul aria-label={t('kb.results')}>
          {(results.data ?? []).map((a) => (
            <li key={a.id}>
              <span lang={a.locale}>{a.title}</span>{' '}
              <button type="button" className="btn-link" onClick={() => insert(a.id, `[${a.title}](${window.location.origin}/help/articles/${a.slug})`)}>
                {t('kb.insertLink')}
              </button>{' '}
              <button type="button" className="btn-link" onClick={() => insert(a.id, a.body)}>
                {t('kb.insertContent')}
              </button>
            </li>
          ))}
          {results.data?.length === 0 && <li className="muted">{t('kb.noResults')}</li>}
        </ul>
      )}
    </div>
  );
}

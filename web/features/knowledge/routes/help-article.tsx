import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Markdown } from '../../../components/markdown.tsx';
import { Loading } from '../../../components/states.tsx';
import { useArticle, useArticleFeedback } from '../../../lib/knowledge.ts';

/** One article (public ones without sign-in): Markdown rendered safely, "Was this helpful?", and the way to a request. */
export default function HelpArticle() {
  const { t } = useTranslation();
  const slug = useParams().slug ?? '';
  const article = useArticle(slug);
  if (article.isPending) return <Loading />;
  if (!article.data) {
    return (
      <main id="main" className="page page-narrow">
        <p className="alert alert-error" role="alert">
          {t('kb.notFound')}
        </p>
        <Link to="/help">{t('kb.helpCenter')}</Link>
      </main>
    );
  }
  const a = article.data;
  return (
    <main id="main" className="page page-narrow help-article">
      <nav className="breadcrumb" aria-label={t('ticket.breadcrumb')}>
        <Link to="/help">{t('kb.helpCenter')}</Link> › {a.title}
      </nav>
      <article lang={a.locale}>
        <h1>{a.title}</h1>
        <p className="muted small">
          {t('kb.updated')}: {new Date(a.updatedAt).toLocaleDateString()} · {t('kb.views', { count: a.views })}
        </p>
        {a.translations.map((tr) => (
          <p key={tr.id}>
            <Link to={`/help/articles/${tr.slug}`} lang={tr.locale}>
              {tr.title}
            </Link>{' '}
            ({tr.locale.toUpperCase()})
          </p>
        ))}
        <Markdown text={a.body} images="articles" />
      </article>
      <Feedback articleId={a.id} />
      <p>
        {t('kb.stillNeedHelp')} <Link to={`/portal/new?subject=${encodeURIComponent(a.title)}`}>{t('kb.newRequest')}</Link>
      </p>
    </main>
  );
}

function Feedback({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const feedback = useArticleFeedback(articleId);
  const [helpful, setHelpful] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  if (feedback.isSuccess) return <p role="status">{t('kb.thanks')}</p>;
  return (
    <section className="card" aria-label={t('kb.wasHelpful')}>
      <strong>{t('kb.wasHelpful')}</strong>{' '}
      <button type="button" className="btn" onClick={() => feedback.mutate({ helpful: true })}>
        {t('kb.yes')}
      </button>{' '}
      <button type="button" className="btn" onClick={() => setHelpful(false)}>
        {t('kb.no')}
      </button>
      {helpful === false && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            feedback.mutate({ helpful: false, ...(comment.trim() ? { comment } : {}) });
          }}
        >
          <label htmlFor="kb-feedback-comment">{t('kb.feedbackComment')}</label>
          <textarea id="kb-feedback-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="btn btn-primary">
            {t('kb.sendFeedback')}
          </button>
        </form>
      )}
    </section>
  );
}

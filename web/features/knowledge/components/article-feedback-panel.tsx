import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { useArticleFeedbackSummary } from '../api/kb-authoring.ts';

/** What readers made of the article: views, helpful yes/no, their comments and the tickets it solved. */
export function ArticleFeedbackPanel({ articleId }: { articleId: number }) {
  const { t } = useTranslation();
  const summary = useArticleFeedbackSummary(articleId);
  const s = summary.data;
  if (!s) return null;
  const votes = s.helpful + s.unhelpful;
  return (
    <section className="card" aria-labelledby="kb-feedback-title">
      <h2 id="kb-feedback-title" className="h-small">
        {t('kbInsights.feedbackTitle')}
      </h2>
      <p>
        {t('kb.views', { count: s.views })} · {t('kbInsights.helpfulCounts', { yes: s.helpful, no: s.unhelpful })}
        {votes > 0 && ` (${Math.round((s.helpful / votes) * 100)} %)`} · {t('kbInsights.linkedTickets', { count: s.linkedTickets })}
      </p>
      {s.comments.length > 0 && (
        <ul className="mini-list">
          {s.comments.map((c, i) => (
            <li key={i}>
              <span className="small muted">
                {c.helpful ? t('kb.yes') : t('kb.no')} · <DateTime iso={c.createdAt} />
              </span>
              <br />
              {c.comment}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

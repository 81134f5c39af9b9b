import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../../components/date-time.tsx';
import { Loading } from '../../../components/states.tsx';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import { useDeflectionReport, useReviewList } from '../api/kb-authoring.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';

/** A date as YYYY-MM-DD in the viewer's time zone (the server counts the report's days in it). */
const day = (d: Date, zone: string | undefined) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)} %`);

/** Articles to review (poor feedback or old) and the deflection rate per category. */
export default function KbInsights() {
  const { t } = useTranslation();
  const locale = useViewerLocale();
  const [minVotes, setMinVotes] = useState(5);
  const [maxShare, setMaxShare] = useState(50);
  const [staleMonths, setStaleMonths] = useState(12);
  const review = useReviewList({ minVotes, maxHelpfulShare: maxShare / 100, staleMonths });
  const zone = useQueryClient().getQueryData<SessionUser | null>(['session'])?.timeZone;
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 29 * 86_400_000), zone));
  const [to, setTo] = useState(() => day(new Date(), zone));
  const report = useDeflectionReport(from, to);
  const categoryLabel = (r: { categoryId: number | null; name: string | null; nameEn: string | null }) =>
    r.categoryId === null ? t('kbInsights.noCategory') : (((locale.startsWith('en') && r.nameEn) || r.name) ?? `#${r.categoryId}`);

  return (
    <div className="page kb-insights">
      <nav className="breadcrumb" aria-label={t('ticket.breadcrumb')}>
        <Link to="/agent/kb">{t('kbEditor.articles')}</Link> › {t('kbInsights.title')}
      </nav>
      <h1>{t('kbInsights.title')}</h1>

      <section aria-labelledby="kb-review-title">
        <h2 id="kb-review-title">{t('kbInsights.reviewTitle')}</h2>
        <div className="filters">
          <label htmlFor="kb-review-votes">{t('kbInsights.minVotes')}</label>
          <input id="kb-review-votes" type="number" min={1} max={1000} value={minVotes} onChange={(e) => setMinVotes(Math.max(1, Number(e.target.value) || 1))} />
          <label htmlFor="kb-review-share">{t('kbInsights.maxShare')}</label>
          <input id="kb-review-share" type="number" min={0} max={100} value={maxShare} onChange={(e) => setMaxShare(Math.min(100, Math.max(0, Number(e.target.value) || 0)))} />
          <label htmlFor="kb-review-months">{t('kbInsights.staleMonths')}</label>
          <input id="kb-review-months" type="number" min={1} max={120} value={staleMonths} onChange={(e) => setStaleMonths(Math.min(120, Math.max(1, Number(e.target.value) || 1)))} />
        </div>
        {review.isPending ? (
          <Loading />
        ) : review.data?.length === 0 ? (
          <p className="muted">{t('kbInsights.nothingToReview')}</p>
        ) : (
          <ul className="mini-list">
            {(review.data ?? []).map((a) => (
              <li key={a.id}>
                <Link to={`/agent/kb/${a.id}`} lang={a.locale}>
                  {a.title}
                </Link>{' '}
                <span className="small muted">
                  {a.reasons.map((r) => t(`kbInsights.reason_${r}`)).join(', ')} · {t('kbInsights.helpfulCounts', { yes: a.helpful, no: a.unhelpful })} · {t('kb.updated')}{' '}
                  <DateTime iso={a.updatedAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="kb-deflection-title">
        <h2 id="kb-deflection-title">{t('kbInsights.deflectionTitle')}</h2>
        <p className="small muted">{t('kbInsights.deflectionHint')}</p>
        <div className="filters">
          <label htmlFor="kb-deflection-from">{t('kbInsights.from')}</label>
          <input id="kb-deflection-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor="kb-deflection-to">{t('kbInsights.to')}</label>
          <input id="kb-deflection-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        {report.data && (
          <div className="table-wrap">
            <table className="ticket-table">
              <thead>
                <tr>
                  <th>{t('kbEditor.category')}</th>
                  <th>{t('kbInsights.shown')}</th>
                  <th>{t('kbInsights.clicked')}</th>
                  <th>{t('kbInsights.deflected')}</th>
                  <th>{t('kbInsights.tickets')}</th>
                  <th>{t('kbInsights.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {[...report.data.rows, { ...report.data.total, total: true }].map((r) => (
                  <tr key={'total' in r ? 'total' : (r.categoryId ?? 'none')}>
                    <td>{'total' in r ? <strong>{t('kbInsights.total')}</strong> : categoryLabel(r)}</td>
                    <td>{r.shown}</td>
                    <td>{r.clicked}</td>
                    <td>{r.deflected}</td>
                    <td>{r.tickets}</td>
                    <td>{percent(r.deflectionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

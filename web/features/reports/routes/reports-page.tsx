import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../../components/states.tsx';
import { categoryName, useCategories, useGroups } from '../../../lib/reference-data.ts';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import { KeyFigures } from '../components/key-figures.tsx';
import { VolumeChart } from '../components/volume-chart.tsx';
import { useRecurringProblems, useReportOrganisations, useReportSummary, useReportVolume, volumeCsvUrl, type ReportFilters } from '../api/reports.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';

const PRESETS = [7, 30, 90] as const;
type Breakdown = 'category' | 'group' | 'channel' | 'organisation';
const BREAKDOWNS: Breakdown[] = ['category', 'group', 'channel', 'organisation'];

/** Today in a time zone as YYYY-MM-DD, and a date n days before it. */
function localToday(zone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
function daysBefore(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
const optionalId = (v: string) => (v ? Number(v) : undefined);

/** Reports for continuous improvement: key figures, volume over time and by dimension, recurring problems. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const locale = useViewerLocale();
  // Dates are the viewer's own days, as the server counts them (the profile's time zone).
  const zone = useQueryClient().getQueryData<SessionUser | null>(['session'])?.timeZone;
  const today = localToday(zone);
  const [range, setRange] = useState({ from: daysBefore(today, 29), to: today });
  const [groupId, setGroupId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [bucket, setBucket] = useState<'day' | 'week' | 'month'>('day');
  const [breakdown, setBreakdown] = useState<Breakdown>('category');
  const [recurringDays, setRecurringDays] = useState(30);
  const filters: ReportFilters = { ...range, groupId: optionalId(groupId), categoryId: optionalId(categoryId), organisationId: optionalId(organisationId) };
  const summary = useReportSummary(filters);
  const overTime = useReportVolume(filters, bucket);
  const byDimension = useReportVolume(filters, breakdown);
  const recurring = useRecurringProblems(recurringDays);
  const groups = useGroups();
  const categories = useCategories();
  const organisations = useReportOrganisations();
  const error = summary.error ?? overTime.error ?? byDimension.error;

  return (
    <div className="page reports">
      <h1>{t('reports.title')}</h1>
      <form className="filters report-filters" aria-label={t('reports.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="report-presets" role="group" aria-label={t('reports.presets')}>
          {PRESETS.map((n) => (
            <button key={n} type="button" aria-pressed={range.to === today && range.from === daysBefore(today, n - 1)} onClick={() => setRange({ from: daysBefore(today, n - 1), to: today })}>
              {t('reports.lastDays', { count: n })}
            </button>
          ))}
        </div>
        <label htmlFor="report-from">{t('reports.from')}</label>
        <input id="report-from" type="date" value={range.from} max={range.to} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        <label htmlFor="report-to">{t('reports.to')}</label>
        <input id="report-to" type="date" value={range.to} min={range.from} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        <label htmlFor="report-group">{t('reports.group')}</label>
        <select id="report-group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          <option value="">{t('reports.all')}</option>
          {(groups.data ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <label htmlFor="report-category">{t('reports.category')}</label>
        <select id="report-category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="">{t('reports.all')}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c, locale)}
            </option>
          ))}
        </select>
        <label htmlFor="report-organisation">{t('reports.organisation')}</label>
        <select id="report-organisation" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
          <option value="">{t('reports.all')}</option>
          {(organisations.data ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}

      <section aria-labelledby="report-summary-title">
        <h2 id="report-summary-title">{t('reports.summaryTitle')}</h2>
        {summary.data ? <KeyFigures summary={summary.data} /> : <Loading />}
      </section>

      <section aria-labelledby="report-time-title">
        <h2 id="report-time-title">{t('reports.overTimeTitle')}</h2>
        <div className="filters">
          <label htmlFor="report-bucket">{t('reports.per')}</label>
          <select id="report-bucket" value={bucket} onChange={(e) => setBucket(e.target.value as typeof bucket)}>
            {(['day', 'week', 'month'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`reports.by_${b}`)}
              </option>
            ))}
          </select>
          <a className="button" href={volumeCsvUrl(filters, bucket)} download>
            {t('reports.downloadCsv')}
          </a>
        </div>
        {overTime.data ? <VolumeChart rows={overTime.data} /> : <Loading />}
      </section>

      <section aria-labelledby="report-breakdown-title">
        <h2 id="report-breakdown-title">{t('reports.breakdownTitle')}</h2>
        <div className="filters">
          <label htmlFor="report-breakdown">{t('reports.per')}</label>
          <select id="report-breakdown" value={breakdown} onChange={(e) => setBreakdown(e.target.value as Breakdown)}>
            {BREAKDOWNS.map((b) => (
              <option key={b} value={b}>
                {t(`reports.by_${b}`)}
              </option>
            ))}
          </select>
          <a className="button" href={volumeCsvUrl(filters, breakdown)} download data-testid="report-csv">
            {t('reports.downloadCsv')}
          </a>
        </div>
        {byDimension.data ? (
          byDimension.data.length === 0 ? (
            <p className="muted">{t('reports.noTickets')}</p>
          ) : (
            <div className="table-wrap">
              <table className="ticket-table report-table">
                <thead>
                  <tr>
                    <th scope="col">{t(`reports.by_${breakdown}`)}</th>
                    <th scope="col">{t('reports.created')}</th>
                    <th scope="col">{t('reports.resolved')}</th>
                  </tr>
                </thead>
                <tbody>
                  {byDimension.data.map((r) => (
                    <tr key={r.key}>
                      <td>{r.label}</td>
                      <td>{r.created}</td>
                      <td>{r.resolved}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <Loading />
        )}
      </section>

      <section aria-labelledby="report-recurring-title">
        <h2 id="report-recurring-title">{t('reports.recurringTitle')}</h2>
        <p className="small muted">{t('reports.recurringHint')}</p>
        <div className="filters">
          <label htmlFor="report-recurring-days">{t('reports.recurringDays')}</label>
          <select id="report-recurring-days" value={recurringDays} onChange={(e) => setRecurringDays(Number(e.target.value))}>
            {[7, 14, 30, 60, 90].map((n) => (
              <option key={n} value={n}>
                {t('reports.lastDays', { count: n })}
              </option>
            ))}
          </select>
        </div>
        {recurring.isPending ? (
          <Loading />
        ) : (recurring.data ?? []).length === 0 ? (
          <p className="muted">{t('reports.noRecurring')}</p>
        ) : (
          <ol className="report-recurring">
            {(recurring.data ?? []).map((c) => (
              <li key={c.ticketIds[0]}>
                <strong>{c.label}</strong> <span className="small muted">{t('reports.ticketCount', { count: c.count })}</span>
                <ul className="mini-list report-ticket-links">
                  {c.ticketIds.map((id) => (
                    <li key={id}>
                      <Link to={`/agent/tickets/${id}`}>#{id}</Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

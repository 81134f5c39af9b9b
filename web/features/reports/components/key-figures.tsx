import { useTranslation } from 'react-i18next';
import type { ReportSummaryDto } from '../../../../shared/contracts/reports.ts';

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10} %`);

/** Minutes as "45 min", "3 h 20 min" or "2 d 4 h". */
function duration(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
}

/** The summary as a grid of key figures, each with what it means on hover and for screen readers. */
export function KeyFigures({ summary }: { summary: ReportSummaryDto }) {
  const { t } = useTranslation();
  const figures: Array<[string, string, string]> = [
    ['created', String(summary.created), t('reports.createdHint')],
    ['resolved', String(summary.resolved), t('reports.resolvedHint')],
    ['backlog', String(summary.backlog), t('reports.backlogHint')],
    ['firstResponse', `${duration(summary.firstResponseMinutes.median)} / ${duration(summary.firstResponseMinutes.p90)}`, t('reports.medianP90')],
    ['resolution', `${duration(summary.resolutionMinutes.median)} / ${duration(summary.resolutionMinutes.p90)}`, t('reports.medianP90')],
    ['fcr', percent(summary.firstContactResolutionRate), t('reports.fcrHint')],
    ['escalation', percent(summary.escalationRate), t('reports.escalationHint')],
    ['reopen', percent(summary.reopenRate), t('reports.reopenHint')],
    ['sla', percent(summary.slaCompliance), t('reports.slaHint')],
    ['csat', summary.csat.average === null ? '–' : `${summary.csat.average} / 5`, t('reports.csatHint', { count: summary.csat.count })],
  ];
  return (
    <dl className="report-figures">
      {figures.map(([key, value, hint]) => (
        <div key={key} className="report-figure" data-figure={key}>
          <dt>{t(`reports.figure_${key}`)}</dt>
          <dd>
            <strong>{value}</strong>
            <span className="small muted">{hint}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

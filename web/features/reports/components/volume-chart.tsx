import { useTranslation } from 'react-i18next';
import type { VolumeRowDto } from '../../../../shared/contracts/reports.ts';

const HEIGHT = 160;
const BAR_GAP = 2;

/**
 * Created and resolved tickets per day, week or month as paired bars, in plain SVG: one chart
 * does not earn a charting library's weight. The table below it carries the same numbers for
 * screen readers; the chart itself is one labelled image.
 */
export function VolumeChart({ rows }: { rows: VolumeRowDto[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => Math.max(r.created, r.resolved)));
  const slot = rows.length > 0 ? Math.max(6, Math.min(40, 720 / rows.length)) : 40;
  const width = Math.max(1, rows.length) * slot;
  const bar = Math.max(2, (slot - BAR_GAP * 3) / 2);
  const y = (n: number) => HEIGHT - (n / max) * (HEIGHT - 4);
  const every = Math.ceil(rows.length / 12);
  return (
    <figure className="report-chart">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT + 28}`}
        role="img"
        aria-label={t('reports.chartLabel', { created: rows.reduce((n, r) => n + r.created, 0), resolved: rows.reduce((n, r) => n + r.resolved, 0) })}
      >
        <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="report-chart-axis" />
        {rows.map((r, i) => (
          <g key={r.key}>
            <title>{t('reports.chartBar', { label: r.label, created: r.created, resolved: r.resolved })}</title>
            <rect x={i * slot + BAR_GAP} y={y(r.created)} width={bar} height={HEIGHT - y(r.created)} className="report-bar-created" />
            <rect x={i * slot + BAR_GAP * 2 + bar} y={y(r.resolved)} width={bar} height={HEIGHT - y(r.resolved)} className="report-bar-resolved" />
            {i % every === 0 && (
              <text x={i * slot + slot / 2} y={HEIGHT + 18} textAnchor="middle" className="report-chart-label">
                {r.label.length > 7 ? r.label.slice(5) : r.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption className="small muted">
        <span className="report-key report-key-created" aria-hidden="true" /> {t('reports.created')} <span className="report-key report-key-resolved" aria-hidden="true" /> {t('reports.resolved')} ·{' '}
        {t('reports.max', { n: max })}
      </figcaption>
    </figure>
  );
}

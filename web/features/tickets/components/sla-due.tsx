import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { formatRelative } from '../../../lib/format.ts';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import type { TicketSlaDto } from '../../../../shared/contracts/tickets.ts';

type SlaState = 'ok' | 'at-risk' | 'breached' | 'paused' | 'met';

/** The target that counts now (first response until it is met, then resolution) and its state. */
export function slaStatus(sla: TicketSlaDto, now = Date.now()): { target: 'firstResponse' | 'resolution'; dueAt: string; state: SlaState } {
  const target = sla.firstRespondedAt === null && sla.stoppedAt === null ? 'firstResponse' : 'resolution';
  const dueAt = target === 'firstResponse' ? sla.firstResponseDueAt : sla.resolutionDueAt;
  const breached = target === 'firstResponse' ? sla.firstResponseBreached : sla.resolutionBreached;
  let state: SlaState = 'ok';
  if (sla.stoppedAt !== null) state = sla.resolutionBreached || sla.firstResponseBreached ? 'breached' : 'met';
  else if (breached || (sla.pausedSince === null && Date.parse(dueAt) <= now)) state = 'breached';
  else if (sla.pausedSince !== null) state = 'paused';
  else if (sla.atRisk) state = 'at-risk';
  return { target, dueAt, state };
}

/** The due time and the time left (or overdue), coloured by state: ok, at risk, breached, paused. */
export function SlaDue({ sla, long = false }: { sla: TicketSlaDto | null; long?: boolean }) {
  const { t } = useTranslation();
  const locale = useViewerLocale();
  if (!sla) return <span className="muted">–</span>;
  const { target, dueAt, state } = slaStatus(sla);
  if (state === 'met') return <span className="sla sla-met">{t('sla.met')}</span>;
  return (
    <span className={`sla sla-${state}`} data-sla-state={state}>
      {long && <>{t(`sla.${target}`)}: </>}
      {state === 'paused' ? t('sla.paused') : <DateTime iso={dueAt} />}
      {state !== 'paused' && <> ({formatRelative(dueAt, locale)})</>}
      {state === 'breached' && <> · {t('sla.breached')}</>}
      {state === 'at-risk' && <> · {t('sla.atRisk')}</>}
    </span>
  );
}

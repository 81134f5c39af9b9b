import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { formatRelative } from '../../../lib/format.ts';
import { useViewerLocale } from '../../../lib/use-viewer-locale.ts';
import type { TicketSlaDto } from '../../../../shared/contracts/tickets.ts';

type SlaState = 'ok' | 'at-risk' | 'breached' | 'paused' | 'met';

type SlaTarget = 'firstResponse' | 'nextResponse' | 'resolution';

/** The target that counts now (first response until it is met, then an awaited next response when it is due first, else resolution) and its state. */
export function slaStatus(sla: TicketSlaDto, now = Date.now()): { target: SlaTarget; dueAt: string; state: SlaState } {
  const awaiting = sla.stoppedAt === null && sla.nextResponseDueAt !== null && sla.nextResponseDueAt < sla.resolutionDueAt;
  const target: SlaTarget = sla.firstRespondedAt === null && sla.stoppedAt === null ? 'firstResponse' : awaiting ? 'nextResponse' : 'resolution';
  const dueAt = target === 'firstResponse' ? sla.firstResponseDueAt : target === 'nextResponse' ? sla.nextResponseDueAt! : sla.resolutionDueAt;
  const breached = target === 'firstResponse' ? sla.firstResponseBreached : target === 'nextResponse' ? sla.nextResponseBreached : sla.resolutionBreached;
  let state: SlaState = 'ok';
  if (sla.stoppedAt !== null) state = sla.resolutionBreached || sla.firstResponseBreached || sla.nextResponseBreached ? 'breached' : 'met';
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
      {long && <>{target === 'nextResponse' ? t('slaClock.nextResponse') : t(`sla.${target}`)}: </>}
      {state === 'paused' ? t('sla.paused') : <DateTime iso={dueAt} />}
      {state !== 'paused' && <> ({formatRelative(dueAt, locale)})</>}
      {state === 'breached' && <> · {t('sla.breached')}</>}
      {state === 'at-risk' && <> · {t('sla.atRisk')}</>}
    </span>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntryDto } from '../../../../shared/contracts/audit.ts';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import { useAuditLog } from '../api/admin.ts';

/** Facts of an entry in one line, e.g. "from: customer · to: agent". */
function detailsText(details: AuditEntryDto['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(' · ');
}

/** The audit log for administrators: who did what to whom, when and from where (read only). */
export function AuditLogAdmin() {
  const { t } = useTranslation();
  const [action, setAction] = useState<AuditAction | ''>('');
  const log = useAuditLog(action);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('admin.auditLog')}</h1>
      <p className="muted">{t('admin.auditIntro')}</p>
      <div className="field">
        <label htmlFor="audit-action">{t('admin.auditAction')}</label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
          <option value="">{t('admin.auditAllActions')}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`auditActions.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.auditTime')}</th>
              <th scope="col">{t('admin.auditActor')}</th>
              <th scope="col">{t('admin.auditAction')}</th>
              <th scope="col">{t('admin.auditTarget')}</th>
              <th scope="col">{t('admin.auditClientIp')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <DateTime iso={entry.occurredAt} />
                </td>
                <td>
                  {entry.actor ? (
                    <>
                      {entry.actor.name} <span className="muted small">{entry.actor.email}</span>
                    </>
                  ) : (
                    <span className="muted">{t('admin.auditNoActor')}</span>
                  )}
                </td>
                <td>
                  {t(`auditActions.${entry.action}`)}
                  {Object.keys(entry.details).length > 0 && <div className="muted small">{detailsText(entry.details)}</div>}
                </td>
                <td>
                  {entry.target
                    ? `${t(`auditTargets.${entry.target.type}`, { defaultValue: entry.target.type })} ${entry.target.label ?? (entry.target.id !== null ? `#${entry.target.id}` : '')}`
                    : '—'}
                </td>
                <td>
                  <code>{entry.clientIp ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" className="btn" onClick={() => void log.fetchNextPage()}>
          {t('tickets.loadMore')}
        </button>
      )}
    </section>
  );
}

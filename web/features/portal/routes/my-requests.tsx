import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import { useMyRequests } from '../api/requests.ts';

export default function MyRequests() {
  const { t } = useTranslation();
  const requests = useMyRequests();
  const created = (useLocation().state as { created?: number } | null)?.created;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('portal.myRequests')}</h1>
        <Link className="btn btn-primary page-action" to="/portal/new">
          {t('portal.newRequest')}
        </Link>
      </div>
      {created && (
        <p className="alert alert-success" role="status">
          {t('portal.created', { id: created })}
        </p>
      )}
      {requests.isPending ? (
        <Loading />
      ) : requests.isError ? (
        <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />
      ) : requests.data.items.length === 0 ? (
        <Empty title={t('portal.noRequests')} hint={t('portal.noRequestsHint')} />
      ) : (
        <ul className="request-list">
          {requests.data.items.map((ticket) => (
            <li key={ticket.id} className="request-item">
              <div>
                <Link to={`/portal/requests/${ticket.id}`}>{ticket.subject}</Link>
                <div className="muted small">
                  #{ticket.id} · {t('portal.updated')} <DateTime iso={ticket.updatedAt} relative />
                </div>
              </div>
              <StatusBadge status={ticket.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

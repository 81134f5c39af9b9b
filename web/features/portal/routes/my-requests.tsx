import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import type { TicketDto } from '../../../../shared/contracts/tickets.ts';
import { useMyRequests } from '../api/requests.ts';

/** What needs the requester first: questions waiting for their answer, then what is being worked on, then what is solved. */
const SECTIONS = [
  { key: 'waitingForYou', statuses: ['pending'] },
  { key: 'inProgress', statuses: ['new', 'open'] },
  { key: 'resolved', statuses: ['resolved'] },
] as const;

export default function MyRequests() {
  const { t } = useTranslation();
  const requests = useMyRequests();
  const [showClosed, setShowClosed] = useState(false);
  const closed = useMyRequests(true, showClosed);
  const created = (useLocation().state as { created?: number } | null)?.created;
  const items = requests.data?.items ?? [];
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
      ) : (
        <>
          {items.length === 0 && <Empty title={t('portal.noRequests')} hint={t('portal.noRequestsHint')} />}
          {SECTIONS.map(({ key, statuses }) => {
            const part = items.filter((ticket) => (statuses as readonly string[]).includes(ticket.status));
            if (part.length === 0) return null;
            return (
              <section key={key} aria-labelledby={`requests-${key}`} className={`request-section request-section-${key}`}>
                <h2 id={`requests-${key}`} className="h-section">
                  {t(`lists.${key}`)} <span className="muted">({part.length})</span>
                </h2>
                {key === 'waitingForYou' && <p className="hint">{t('lists.waitingForYouHint')}</p>}
                <RequestList tickets={part} />
              </section>
            );
          })}
          <section aria-labelledby="requests-closed" className="request-section">
            <h2 id="requests-closed" className="h-section">
              {t('lists.closed')}
            </h2>
            {!showClosed ? (
              <button type="button" className="btn" onClick={() => setShowClosed(true)}>
                {t('lists.showClosed')}
              </button>
            ) : closed.isPending ? (
              <Loading />
            ) : closed.isError ? (
              <ErrorState error={closed.error} onRetry={() => void closed.refetch()} />
            ) : closed.data.items.length === 0 ? (
              <p className="muted">{t('lists.noClosed')}</p>
            ) : (
              <RequestList tickets={closed.data.items} />
            )}
          </section>
        </>
      )}
    </div>
  );
}

function RequestList({ tickets }: { tickets: TicketDto[] }) {
  const { t } = useTranslation();
  return (
    <ul className="request-list">
      {tickets.map((ticket) => (
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
  );
}

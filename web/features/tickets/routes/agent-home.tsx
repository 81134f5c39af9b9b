import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge, StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import { api, withQuery } from '../../../lib/api-client.ts';
import { formatNumber } from '../../../lib/format.ts';
import type { Page, SessionUser, Ticket } from '../../../lib/types.ts';
import { useQueueCount, type TicketFilters } from '../api/tickets.ts';

interface Queue {
  key: string;
  filters: TicketFilters;
}

/** The agent's queues; each one is a saved filter on the ticket list. */
const QUEUES: Queue[] = [
  { key: 'mine', filters: { assignee: 'me', status: 'new,open' } },
  { key: 'unassigned', filters: { assignee: 'none', status: 'new,open' } },
  { key: 'allOpen', filters: { status: 'new,open' } },
  { key: 'pending', filters: { status: 'pending' } },
  { key: 'urgent', filters: { status: 'new,open', priority: 'urgent,high' } },
];

function queueLink(filters: TicketFilters): string {
  return withQuery('/agent/tickets', { ...filters });
}

function QueueCard({ queue }: { queue: Queue }) {
  const { t, i18n } = useTranslation();
  const count = useQueueCount(queue.filters);
  return (
    <li>
      <Link className="queue-card" to={queueLink(queue.filters)} data-queue={queue.key}>
        <span className="queue-name">{t(`queues.${queue.key}`)}</span>
        <span className="queue-count" aria-live="polite">
          {count.data ? `${formatNumber(count.data.count, i18n.language)}${count.data.more ? '+' : ''}` : '…'}
        </span>
      </Link>
    </li>
  );
}

export default function AgentHome() {
  const { t } = useTranslation();
  const me = useQueryClient().getQueryData<SessionUser>(['session']);
  const recent = useQuery({
    queryKey: ['tickets', 'recent'],
    queryFn: () => api<Page<Ticket>>(withQuery('/tickets', { sort: '-updated', limit: 10 })),
  });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('home.greeting', { name: me?.name ?? '' })}</h1>
      </div>
      <section aria-labelledby="queues-title">
        <h2 id="queues-title">{t('home.queues')}</h2>
        <ul className="queue-grid">
          {QUEUES.map((q) => <QueueCard key={q.key} queue={q} />)}
        </ul>
      </section>
      <section aria-labelledby="recent-title" className="card">
        <h2 id="recent-title">{t('home.recent')}</h2>
        {recent.isPending ? (
          <Loading />
        ) : recent.isError ? (
          <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
        ) : recent.data.items.length === 0 ? (
          <Empty title={t('home.nothingYet')} />
        ) : (
          <ul className="recent-list">
            {recent.data.items.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/agent/tickets/${ticket.id}`}>
                  <span className="muted">#{ticket.id}</span> {ticket.subject}
                </Link>
                <span className="recent-meta">
                  <StatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} /> <DateTime iso={ticket.updatedAt} relative />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

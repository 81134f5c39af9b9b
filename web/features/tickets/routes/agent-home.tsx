import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge, StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import { api, withQuery } from '../../../lib/api-client.ts';
import { formatNumber } from '../../../lib/format.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { ticketListSchema } from '../../../../shared/contracts/tickets.ts';
import { useQueueCounts, type QueueCounts } from '../api/tickets.ts';
import { SavedViews } from '../components/saved-views.tsx';

/** Each queue is a filter on the ticket list; the counts come from GET /tickets/counts. */
function queues(): Array<{ key: keyof QueueCounts; filters: Record<string, string> }> {
  const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
  return [
    { key: 'mine', filters: { assignee: 'me', status: 'new,open,pending' } },
    { key: 'unassigned', filters: { assignee: 'none', status: 'new,open' } },
    { key: 'open', filters: { status: 'new,open,pending' } },
    { key: 'pending', filters: { status: 'pending' } },
    // Every status (the list hides closed tickets unless told), so the list matches the count.
    { key: 'recentlyUpdated', filters: { updatedFrom: dayAgo, sort: '-updated', status: 'all' } },
    // Tickets I escalated out of my groups and still follow.
    { key: 'followed', filters: { followed: 'me', status: 'new,open,pending' } },
    // Service levels: the clocks kept by the SLA module.
    { key: 'slaAtRisk', filters: { sla: 'at_risk', status: 'all' } },
    { key: 'slaBreached', filters: { sla: 'breached', status: 'all' } },
  ];
}

export default function AgentHome() {
  const { t, i18n } = useTranslation();
  const me = useQueryClient().getQueryData<SessionUser>(['session']);
  const counts = useQueueCounts();
  const list = useMemo(queues, []);
  const recent = useQuery({
    queryKey: ['tickets', 'recent'],
    queryFn: () => api(withQuery('/tickets', { sort: '-updated', limit: 10 }), { schema: ticketListSchema }),
  });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('home.greeting', { name: me?.name ?? '' })}</h1>
      </div>
      <section aria-labelledby="queues-title">
        <h2 id="queues-title">{t('home.queues')}</h2>
        {counts.isError && <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />}
        <ul className="queue-grid">
          {list.map((q) => (
            <li key={q.key}>
              <Link className="queue-card" to={withQuery('/agent/tickets', q.filters)} data-queue={q.key}>
                <span className="queue-name">{t(`queues.${q.key}`)}</span>
                <span className="queue-count">{counts.data ? formatNumber(counts.data[q.key], i18n.language) : '…'}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="views-title">
        <h2 id="views-title">{t('home.views')}</h2>
        <SavedViews />
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

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { api, withQuery } from '../../../lib/api-client.ts';
import { type TicketDto as Ticket, ticketListSchema } from '../../../../shared/contracts/tickets.ts';
import { RequesterRatings } from './satisfaction-panel.tsx';

/** Who asked, their organisation, and their other recent tickets. */
export function RequesterCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const others = useQuery({
    queryKey: ['tickets', 'requester', ticket.requester.id],
    queryFn: () => api(withQuery('/tickets', { requester: ticket.requester.id, sort: '-created', limit: 6 }), { schema: ticketListSchema }),
  });
  const list = others.data?.items.filter((x) => x.id !== ticket.id).slice(0, 5) ?? [];
  return (
    <section className="requester-card" aria-labelledby="requester-title">
      <h2 id="requester-title" className="h-small">
        {t('tickets.requester')}
      </h2>
      <p className="requester-name">{ticket.requester.name}</p>
      <p className="muted small">
        <a href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</a>
      </p>
      {ticket.organisation && <p className="small">{ticket.organisation.name}</p>}
      <RequesterRatings userId={ticket.requester.id} />
      <h3 className="h-small">{t('ticket.otherTickets')}</h3>
      {list.length === 0 ? (
        <p className="muted small">{t('ticket.noOtherTickets')}</p>
      ) : (
        <ul className="mini-list">
          {list.map((x) => (
            <li key={x.id}>
              <Link to={`/agent/tickets/${x.id}`}>
                #{x.id} {x.subject}
              </Link>{' '}
              <StatusBadge status={x.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

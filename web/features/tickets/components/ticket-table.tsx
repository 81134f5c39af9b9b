import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge, StatusBadge } from '../../../components/badges.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { SlaDue } from './sla-due.tsx';
import type { TicketDto as Ticket } from '../../../../shared/contracts/tickets.ts';

interface Props {
  tickets: Ticket[];
  activeIndex: number;
  selected: Set<number>;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
  onActivate: (index: number) => void;
}

/** The dense queue table: one line per ticket, checkbox for bulk actions, j/k highlight. */
export function TicketTable({ tickets, activeIndex, selected, onToggle, onToggleAll, onActivate }: Props) {
  const { t } = useTranslation();
  const allSelected = tickets.length > 0 && tickets.every((ticket) => selected.has(ticket.id));
  return (
    <table className="ticket-table">
      <caption className="visually-hidden">{t('tickets.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <input type="checkbox" aria-label={t('tickets.selectAll')} checked={allSelected} onChange={onToggleAll} />
          </th>
          <th scope="col" className="col-id">
            #
          </th>
          <th scope="col">{t('tickets.subject')}</th>
          <th scope="col">{t('tickets.requester')}</th>
          <th scope="col">{t('tickets.status')}</th>
          <th scope="col">{t('tickets.priority')}</th>
          <th scope="col">{t('tickets.group')}</th>
          <th scope="col">{t('tickets.assignee')}</th>
          <th scope="col">{t('sla.due')}</th>
          <th scope="col">{t('tickets.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket, index) => (
          <tr
            key={ticket.id}
            className={`${index === activeIndex ? 'active' : ''} ${selected.has(ticket.id) ? 'selected' : ''}`}
            aria-current={index === activeIndex ? 'true' : undefined}
            onClick={() => onActivate(index)}
            data-ticket-id={ticket.id}
          >
            <td className="col-check">
              <input type="checkbox" aria-label={t('tickets.selectTicket', { id: ticket.id })} checked={selected.has(ticket.id)} onChange={() => onToggle(ticket.id)} />
            </td>
            <td className="col-id">{ticket.id}</td>
            <td className="col-subject">
              <Link to={`/agent/tickets/${ticket.id}`}>{ticket.subject}</Link>
              {ticket.tags.length > 0 && (
                <span className="tags-inline">
                  {ticket.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </span>
              )}
            </td>
            <td className="col-requester">{ticket.requester.name}</td>
            <td className="col-status">
              <StatusBadge status={ticket.status} />
              {ticket.status === 'pending' && ticket.pendingUntil && (
                <span className="muted small pending-until" title={t('pendingCaller.reminder')}>
                  {' '}
                  ⏰ <DateTime iso={ticket.pendingUntil} />
                </span>
              )}
            </td>
            <td className="col-priority">
              <PriorityBadge priority={ticket.priority} />
            </td>
            <td className="col-group">{ticket.group.name}</td>
            <td className="col-assignee">{ticket.assignee?.name ?? <span className="muted">{t('tickets.unassigned')}</span>}</td>
            <td className="nowrap col-due">
              <SlaDue sla={ticket.sla} />
            </td>
            <td className="nowrap col-updated">
              <DateTime iso={ticket.updatedAt} relative />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

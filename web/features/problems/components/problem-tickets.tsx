import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../../../components/badges.tsx';
import { type Problem, useLinkTickets, useUnlinkTicket } from '../api/problems.ts';
import { problemErrorText } from './problem-error.ts';
import { parseTicketNumbers } from './ticket-numbers.ts';

/** The incidents of a problem: the ones the agent may see, with links; more added by number. */
export function ProblemTickets({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const link = useLinkTickets(problem.id);
  const unlink = useUnlinkTicket(problem.id);
  const [numbers, setNumbers] = useState('');
  const hidden = problem.ticketIds.length - problem.tickets.length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ids = parseTicketNumbers(numbers);
    if (ids.length > 0) link.mutate(ids, { onSuccess: () => setNumbers('') });
  };
  const error = link.error ?? unlink.error;
  return (
    <section className="card" aria-labelledby="problem-tickets-title">
      <h2 id="problem-tickets-title" className="h-small">
        {t('problems.linkedTickets')} ({problem.ticketIds.length})
      </h2>
      {problem.ticketIds.length === 0 && <p className="muted small">{t('problems.noTickets')}</p>}
      <ul className="mini-list" aria-label={t('problems.linkedTickets')}>
        {problem.tickets.map((ticket) => (
          <li key={ticket.id}>
            <Link to={`/agent/tickets/${ticket.id}`}>
              #{ticket.id} {ticket.subject}
            </Link>{' '}
            <StatusBadge status={ticket.status} />{' '}
            <button type="button" className="btn-link" onClick={() => unlink.mutate(ticket.id)} aria-label={t('problems.unlinkNamed', { id: ticket.id })}>
              {t('problems.unlink')}
            </button>
          </li>
        ))}
      </ul>
      {hidden > 0 && <p className="muted small">{t('problems.hiddenTickets', { count: hidden })}</p>}
      <form onSubmit={submit} className="field">
        <label htmlFor="problem-add-tickets">{t('problems.addTickets')}</label>
        <input id="problem-add-tickets" value={numbers} onChange={(e) => setNumbers(e.target.value)} placeholder={t('problems.addTicketsHint')} inputMode="numeric" />
        <button type="submit" className="btn" disabled={link.isPending || parseTicketNumbers(numbers).length === 0}>
          {t('problems.add')}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {problemErrorText(error, t)}
        </p>
      )}
    </section>
  );
}

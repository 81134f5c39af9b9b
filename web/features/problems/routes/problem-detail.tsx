import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DateTime } from '../../../components/date-time.tsx';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { useProblem, useUpdateProblem } from '../api/problems.ts';
import { KnownSolutions } from '../components/known-solutions.tsx';
import { ProblemForm } from '../components/problem-form.tsx';
import { ProblemHistory } from '../components/problem-history.tsx';
import { ProblemStatusBadge } from '../components/problem-status.tsx';
import { ProblemTickets } from '../components/problem-tickets.tsx';

/** One problem: its fields and status, the linked tickets and the known-solution articles. */
export default function ProblemDetail() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const problem = useProblem(id);
  const update = useUpdateProblem(id);
  if (problem.isPending) return <Loading />;
  if (problem.isError)
    return (
      <div className="page">
        <ErrorState error={problem.error} onRetry={() => void problem.refetch()} />
      </div>
    );
  const data = problem.data;
  return (
    <div className="page page-wide problem-page">
      <nav aria-label={t('ticket.breadcrumb')} className="breadcrumb">
        <Link to="/agent/problems">{t('problems.title')}</Link> › P-{data.id}
      </nav>
      <div className="ticket-head">
        <h1>
          <span className="muted">P-{data.id}</span> {data.title}
        </h1>
        <div className="ticket-meta">
          <ProblemStatusBadge status={data.status} />
          {data.createdBy && <span className="muted">{t('problems.createdBy', { name: data.createdBy.name })}</span>}
          <span className="muted">
            <DateTime iso={data.createdAt} />
          </span>
        </div>
      </div>
      <div className="ticket-layout">
        <div className="ticket-main">
          {/* Keyed by version: a saved or reloaded problem starts the form afresh. */}
          <ProblemForm key={data.version} problem={data} update={update} />
        </div>
        <div className="ticket-side">
          <ProblemTickets problem={data} />
          <KnownSolutions problem={data} />
          <ProblemHistory problem={data} />
        </div>
      </div>
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Markdown } from '../../../components/markdown.tsx';
import { useTicketProblem, useUnlinkTicket } from '../api/problems.ts';
import { LinkProblemDialog } from './link-problem-dialog.tsx';
import { ProblemStatusBadge } from './problem-status.tsx';
import { problemErrorText } from './problem-error.ts';

/**
 * The ticket view's problem panel (agents): "Known problem: <title>" with its status, workaround
 * and known-solution articles; or "Link to problem" (an existing one or a new one from the ticket).
 */
export function TicketProblemPanel({ ticketId, subject }: { ticketId: number; subject: string }) {
  const { t } = useTranslation();
  const problem = useTicketProblem(ticketId);
  const [linking, setLinking] = useState(false);
  const unlink = useUnlinkTicket(problem.data?.id ?? 0);
  if (problem.isPending || problem.isError) return null;
  const data = problem.data;
  return (
    <section className="card ticket-problem" aria-labelledby="ticket-problem-title">
      <h2 id="ticket-problem-title" className="h-small">
        {t('problems.panelTitle')}
      </h2>
      {data ? (
        <>
          <p data-known-problem={data.id}>
            <Link to={`/agent/problems/${data.id}`}>{t('problems.knownProblem', { title: data.title })}</Link> <ProblemStatusBadge status={data.status} />
          </p>
          {(data.workaround.trim() || data.knownSolutions.length > 0) && (
            <div className="problem-workaround">
              <strong>{t('problems.workaroundLabel')}</strong>
              {data.workaround.trim() && <Markdown text={data.workaround} />}
              {data.knownSolutions.length > 0 && (
                <ul className="mini-list" aria-label={t('problems.knownSolutions')}>
                  {data.knownSolutions.map((a) => (
                    <li key={a.id}>
                      <Link to={`/agent/kb/${a.id}`} lang={a.locale}>
                        {a.title}
                      </Link>{' '}
                      <span className="muted small">{a.kind === 'workaround' ? t('problems.workaroundKind') : t('problems.solution')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <button type="button" className="btn-link" onClick={() => unlink.mutate(ticketId)} disabled={unlink.isPending}>
            {t('problems.unlinkFromProblem')}
          </button>
          {unlink.isError && (
            <p className="field-error" role="alert">
              {problemErrorText(unlink.error, t)}
            </p>
          )}
        </>
      ) : (
        <button type="button" className="btn" onClick={() => setLinking(true)}>
          {t('problems.linkToProblem')}
        </button>
      )}
      {linking && <LinkProblemDialog ticketId={ticketId} subject={subject} onClose={() => setLinking(false)} />}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/date-time.tsx';
import { type Problem, useProblemHistory } from '../api/problems.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type Entry = NonNullable<ReturnType<typeof useProblemHistory>['data']>[number];

/** One history entry as a sentence in the reader's language. */
export function problemLogText(e: Entry, t: Translate): string {
  const tickets = e.ticketIds.map((id) => `#${id}`).join(', ');
  if (e.type === 'problem.created') return tickets ? `${t('problems.log.created')}, ${t('problems.log.linked', { tickets })}` : t('problems.log.created');
  if (e.type === 'problem.tickets_linked') return t('problems.log.linked', { tickets });
  if (e.type === 'problem.ticket_unlinked') return t('problems.log.unlinked', { tickets });
  const parts: string[] = [];
  const status = e.changes.find((c) => c.field === 'status');
  if (status) parts.push(t('problems.log.status', { from: t(`problems.statuses.${status.from}`), to: t(`problems.statuses.${status.to}`) }));
  const others = e.changes.filter((c) => c.field !== 'status').map((c) => t(`problems.log.fields.${c.field}`, { defaultValue: c.field }));
  if (others.length > 0) parts.push(t('problems.log.changed', { fields: others.join(', ') }));
  return parts.join('; ');
}

/** What happened to the problem, oldest first. */
export function ProblemHistory({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const history = useProblemHistory(problem.id, problem.version);
  return (
    <section className="card" aria-labelledby="problem-history-title">
      <h2 id="problem-history-title" className="h-small">
        {t('problems.log.title')}
      </h2>
      <ul className="mini-list">
        {(history.data ?? []).map((e) => (
          <li key={e.id}>
            <span className="muted small">
              <DateTime iso={e.at} />
            </span>{' '}
            {e.actor?.name ?? ''} {problemLogText(e, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

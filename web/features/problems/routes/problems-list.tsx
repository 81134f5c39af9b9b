import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../../components/date-time.tsx';
import { ErrorState, Loading } from '../../../components/states.tsx';
import { PROBLEM_STATUSES, type ProblemStatus, useProblems } from '../api/problems.ts';
import { ProblemStatusBadge } from '../components/problem-status.tsx';
import { NewProblemForm } from '../components/new-problem-form.tsx';

const PAGE = 50;

/** The agents' list of problems: newest first, filtered by status and searched by title or number. */
export default function ProblemsList() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ProblemStatus | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useProblems({ ...(q ? { q } : {}), status: status || undefined, limit });
  return (
    <div className="page problems-page">
      <h1>{t('problems.title')}</h1>
      <p className="muted">{t('problems.intro')}</p>
      {creating ? (
        <NewProblemForm onCancel={() => setCreating(false)} />
      ) : (
        <p>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('problems.newProblem')}
          </button>
        </p>
      )}
      <div className="filters">
        <label htmlFor="problems-search" className="visually-hidden">
          {t('problems.search')}
        </label>
        <input id="problems-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('problems.search')} autoComplete="off" />
        <label htmlFor="problems-status">{t('problems.status')}</label>
        <select id="problems-status" value={status} onChange={(e) => setStatus(e.target.value as ProblemStatus | '')}>
          <option value="">{t('problems.allStatuses')}</option>
          {PROBLEM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`problems.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="ticket-table">
            <thead>
              <tr>
                <th>{t('problems.columns.number')}</th>
                <th>{t('problems.columns.title')}</th>
                <th>{t('problems.columns.status')}</th>
                <th>{t('problems.columns.owner')}</th>
                <th>{t('problems.columns.tickets')}</th>
                <th>{t('problems.columns.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>P-{p.id}</td>
                  <td>
                    <Link to={`/agent/problems/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>
                    <ProblemStatusBadge status={p.status} />
                  </td>
                  <td>{[p.owner?.name, p.ownerGroup?.name].filter(Boolean).join(' · ') || t('problems.nobody')}</td>
                  <td>{p.ticketCount}</td>
                  <td>
                    <DateTime iso={p.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.items.length === 0 && <p className="muted">{t('problems.none')}</p>}
          {list.data.nextCursor !== null && (
            <p>
              <button type="button" className="btn" onClick={() => setLimit(Math.min(limit + PAGE, 100))} disabled={limit >= 100}>
                {t('problems.more')}
              </button>
            </p>
          )}
        </div>
      )}
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../../components/markdown.tsx';
import { useAgents, useGroups } from '../../../lib/reference-data.ts';
import { PROBLEM_STATUSES, type Problem, type ProblemStatus, type useUpdateProblem } from '../api/problems.ts';
import { problemErrorText } from './problem-error.ts';

interface Props {
  problem: Problem;
  update: ReturnType<typeof useUpdateProblem>;
}

/** The problem's fields and status, saved together at the version shown (409: the current state is shown again). */
export function ProblemForm({ problem, update }: Props) {
  const { t } = useTranslation();
  const groups = useGroups();
  const agents = useAgents();
  const [form, setForm] = useState({
    title: problem.title,
    description: problem.description,
    status: problem.status,
    rootCause: problem.rootCause,
    workaround: problem.workaround,
    ownerGroupId: problem.ownerGroup?.id ?? null,
    ownerId: problem.owner?.id ?? null,
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm({ ...form, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ version: problem.version, ...form, title: form.title.trim() });
  };
  return (
    <form className="card problem-form" onSubmit={submit} aria-label={t('problems.breadcrumb')}>
      <div className="field">
        <label htmlFor="problem-title">{t('problems.problemTitle')}</label>
        <input id="problem-title" required value={form.title} onChange={(e) => set('title', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="problem-status">{t('problems.status')}</label>
        <select id="problem-status" value={form.status} onChange={(e) => set('status', e.target.value as ProblemStatus)} aria-describedby="problem-status-hint">
          {PROBLEM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`problems.statuses.${s}`)}
            </option>
          ))}
        </select>
        <p id="problem-status-hint" className="muted small">
          {t('problems.knownErrorHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="problem-description">{t('problems.description')}</label>
        <textarea id="problem-description" rows={5} value={form.description} onChange={(e) => set('description', e.target.value)} />
        {form.description.trim() && <Markdown className="card muted" text={form.description} />}
      </div>
      <div className="field">
        <label htmlFor="problem-root-cause">{t('problems.rootCause')}</label>
        <textarea id="problem-root-cause" rows={3} value={form.rootCause} onChange={(e) => set('rootCause', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="problem-workaround">{t('problems.workaround')}</label>
        <textarea id="problem-workaround" rows={3} value={form.workaround} onChange={(e) => set('workaround', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="problem-owner-group">{t('problems.ownerGroup')}</label>
        <select id="problem-owner-group" value={form.ownerGroupId ?? ''} onChange={(e) => set('ownerGroupId', e.target.value ? Number(e.target.value) : null)}>
          <option value="">{t('problems.nobody')}</option>
          {(groups.data ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="problem-owner">{t('problems.owner')}</label>
        <select id="problem-owner" value={form.ownerId ?? ''} onChange={(e) => set('ownerId', e.target.value ? Number(e.target.value) : null)}>
          <option value="">{t('problems.nobody')}</option>
          {(agents.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      {update.isError && (
        <p className="field-error" role="alert">
          {problemErrorText(update.error, t)}
        </p>
      )}
      {update.isSuccess && (
        <p className="muted" role="status">
          {t('problems.saved')}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending || !form.title.trim()}>
          {t('problems.save')}
        </button>
      </div>
    </form>
  );
}

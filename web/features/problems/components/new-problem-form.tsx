import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { problemErrorText } from './problem-error.ts';
import { useCreateProblem } from '../api/problems.ts';
import { parseTicketNumbers } from './ticket-numbers.ts';

/** A new problem with a title and, optionally, the numbers of its first tickets; opens it once created. */
export function NewProblemForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateProblem();
  const [title, setTitle] = useState('');
  const [numbers, setNumbers] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate({ title: title.trim(), ticketIds: parseTicketNumbers(numbers) }, { onSuccess: (problem) => void navigate(`/agent/problems/${problem.id}`) });
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('problems.newProblem')}>
      <div className="field">
        <label htmlFor="new-problem-title">{t('problems.problemTitle')}</label>
        <input id="new-problem-title" required value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="new-problem-tickets">{t('problems.addTickets')}</label>
        <input id="new-problem-tickets" value={numbers} onChange={(e) => setNumbers(e.target.value)} placeholder={t('problems.addTicketsHint')} inputMode="numeric" />
      </div>
      {create.isError && (
        <p className="field-error" role="alert">
          {problemErrorText(create.error, t)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !title.trim()}>
          {t('common.create')}
        </button>
      </div>
    </form>
  );
}

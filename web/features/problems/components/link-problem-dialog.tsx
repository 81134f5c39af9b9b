import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateProblem, useLinkTickets, useProblems } from '../api/problems.ts';
import { problemErrorText } from './problem-error.ts';
import { ProblemStatusBadge } from './problem-status.tsx';

interface Props {
  ticketId: number;
  subject: string;
  onClose: () => void;
}

/** "Link to problem": choose an existing problem (searched by title or number) or create one from the ticket. */
export function LinkProblemDialog({ ticketId, subject, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const [title, setTitle] = useState(subject);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const candidates = useProblems({ ...(q ? { q } : {}), limit: 10 });
  const open = (candidates.data?.items ?? []).filter((p) => p.status !== 'closed');
  const link = useLinkTickets(chosen ?? 0);
  const create = useCreateProblem();
  const linkTo = (event: FormEvent) => {
    event.preventDefault();
    if (chosen !== null) link.mutate([ticketId], { onSuccess: onClose });
  };
  const createNew = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) create.mutate({ title: title.trim(), ticketIds: [ticketId] }, { onSuccess: onClose });
  };
  const error = link.error ?? create.error;
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={onClose} data-dialog="link-problem">
      <h2 id={`${ids}-title`}>{t('problems.linkTitle', { id: ticketId })}</h2>
      <form onSubmit={linkTo}>
        <fieldset>
          <legend>{t('problems.chooseExisting')}</legend>
          <label htmlFor={`${ids}-search`} className="visually-hidden">
            {t('problems.searchExisting')}
          </label>
          <input id={`${ids}-search`} type="search" placeholder={t('problems.searchExisting')} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
          <ul className="mini-list">
            {open.map((p) => (
              <li key={p.id}>
                <label>
                  <input type="radio" name={`${ids}-problem`} value={p.id} checked={chosen === p.id} onChange={() => setChosen(p.id)} /> P-{p.id} {p.title} <ProblemStatusBadge status={p.status} />
                </label>
              </li>
            ))}
            {candidates.data && open.length === 0 && <li className="muted">{t('problems.none')}</li>}
          </ul>
          <button type="submit" className="btn" disabled={chosen === null || link.isPending}>
            {t('problems.link')}
          </button>
        </fieldset>
      </form>
      <form onSubmit={createNew}>
        <fieldset>
          <legend>{t('problems.createNew')}</legend>
          <div className="field">
            <label htmlFor={`${ids}-new-title`}>{t('problems.newTitle')}</label>
            <input id={`${ids}-new-title`} required value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={!title.trim() || create.isPending}>
            {t('problems.create')}
          </button>
        </fieldset>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {problemErrorText(error, t)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { useGroups } from '../../../lib/reference-data.ts';
import type { EscalateInput } from '../../../../shared/contracts/escalation.ts';
import type { GroupLevel } from '../../../../shared/enums.ts';
import type { EscalationAction } from '../api/escalation.ts';

interface Props {
  action: EscalationAction;
  /** The ticket's level and group (escalate: which targets are "up"); absent for bulk escalation. */
  from?: { level: GroupLevel; groupId: number };
  /** A group the category suggests (categories' escalation group), preselected when it is a valid target. */
  suggestedGroupId?: number | null;
  pending: boolean;
  error: unknown;
  onSubmit: (input: EscalateInput) => void;
  onClose: () => void;
}

const RANK: Record<string, number> = { '1': 1, '2': 2, '3': 3 };

/** Escalation targets go up: specialist teams, and groups above the ticket's level (mirrors the server's rule). */
function isUp(from: Props['from'], level: GroupLevel): boolean {
  if (!from) return true;
  if (level === 'specialist') return true;
  const a = RANK[from.level];
  const b = RANK[level];
  return a !== undefined && b !== undefined && b > a;
}

/** The dialog behind "Escalate", "Hand back" and "Notify supervisors": a required reason, and for escalation the target. */
export function EscalationDialog({ action, from, suggestedGroupId, pending, error, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const groups = useGroups(action === 'escalate');
  const targets = useMemo(() => (groups.data ?? []).filter((g) => g.id !== from?.groupId && isUp(from, g.level)), [groups.data, from]);
  const hasNext = !from || from.level === '1' || from.level === '2';
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<string>('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  useEffect(() => {
    // The suggestion of the category, else the next level; from the top, the first team.
    if (touched || !groups.data) return;
    const suggested = targets.find((g) => g.id === suggestedGroupId);
    if (suggested) setTarget(String(suggested.id));
    else if (!hasNext && targets[0]) setTarget(String(targets[0].id));
  }, [groups.data, suggestedGroupId, touched, hasNext, targets]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    onSubmit({ reason: reason.trim(), ...(target ? { groupId: Number(target) } : {}) });
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={onClose} data-dialog={action}>
      <form onSubmit={submit}>
        <h2 id={`${ids}-title`}>{t(`escalation.${action}Title`)}</h2>
        <p className="muted">{t(`escalation.${action}Hint`)}</p>
        {action === 'escalate' && (
          <div className="field">
            <label htmlFor={`${ids}-target`}>{t('escalation.target')}</label>
            <select
              id={`${ids}-target`}
              value={target}
              onChange={(e) => {
                setTouched(true);
                setTarget(e.target.value);
              }}
            >
              {hasNext && <option value="">{t('escalation.nextLevel')}</option>}
              {targets.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name} ({t(`levels.${g.level}`)})
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-reason`}>{t(action === 'handBack' ? 'escalation.note' : 'escalation.reason')}</label>
          <textarea id={`${ids}-reason`} required rows={4} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {errorMessage(error, t)}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending || !reason.trim() || (action === 'escalate' && !hasNext && !target)}>
            {t(`escalation.${action}`)}
          </button>
        </div>
      </form>
    </dialog>
  );
}

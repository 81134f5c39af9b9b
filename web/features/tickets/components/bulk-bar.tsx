import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../../../shared/enums.ts';
import { errorMessage } from '../../../components/states.tsx';
import { useAgents, useGroups } from '../../../lib/reference-data.ts';
import { useBulkEscalate } from '../api/escalation.ts';
import { useBulkUpdate, useMergeTicket, type BulkChanges } from '../api/tickets.ts';
import { EscalationDialog } from './escalation-dialog.tsx';

interface Props {
  ids: number[];
  meId: number;
  onDone: () => void;
}

/** Actions on every selected ticket at once; merge folds the others into the chosen one. */
export function BulkBar({ ids, meId, onDone }: Props) {
  const { t } = useTranslation();
  const bulk = useBulkUpdate();
  const merge = useMergeTicket();
  const groups = useGroups();
  const agents = useAgents();
  const [mergeTarget, setMergeTarget] = useState('');
  const [tag, setTag] = useState('');
  const [failed, setFailed] = useState<string[]>([]);
  const escalate = useBulkEscalate();
  const [escalating, setEscalating] = useState(false);

  const apply = (changes: BulkChanges) =>
    bulk.mutate(
      { ids, changes },
      {
        onSuccess: (results) => {
          const bad = results.filter((r) => !r.ok).map((r) => `#${r.id}: ${r.error?.message ?? ''}`);
          setFailed(bad);
          if (bad.length === 0) onDone();
        },
      },
    );
  const pick = (make: (value: string) => BulkChanges) => (event: React.ChangeEvent<HTMLSelectElement>) => {
    if (event.target.value) apply(make(event.target.value));
    event.target.value = '';
  };
  const doMerge = async () => {
    const target = Number(mergeTarget);
    for (const id of ids.filter((i) => i !== target)) await merge.mutateAsync({ id, targetId: target });
    onDone();
  };
  const error = bulk.error ?? merge.error;

  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.title')}>
      <strong>{t('bulk.selected', { count: ids.length })}</strong>
      <button type="button" className="btn" onClick={() => apply({ assigneeId: meId })} disabled={bulk.isPending}>
        {t('bulk.assignMe')}
      </button>
      <label className="visually-hidden" htmlFor="bulk-assignee">
        {t('bulk.assignTo')}
      </label>
      <select id="bulk-assignee" defaultValue="" onChange={pick((v) => ({ assigneeId: v === 'none' ? null : Number(v) }))}>
        <option value="">{t('bulk.assignTo')}</option>
        <option value="none">{t('tickets.unassigned')}</option>
        {agents.data?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="bulk-status">
        {t('bulk.setStatus')}
      </label>
      <select id="bulk-status" defaultValue="" onChange={pick((v) => ({ status: v as TicketStatus }))}>
        <option value="">{t('bulk.setStatus')}</option>
        {TICKET_STATUSES.filter((s) => s !== 'new').map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="bulk-priority">
        {t('bulk.setPriority')}
      </label>
      <select id="bulk-priority" defaultValue="" onChange={pick((v) => ({ priority: v as TicketPriority }))}>
        <option value="">{t('bulk.setPriority')}</option>
        {TICKET_PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`priority.${p}`)}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="bulk-group">
        {t('bulk.setGroup')}
      </label>
      <select id="bulk-group" defaultValue="" onChange={pick((v) => ({ groupId: Number(v) }))}>
        <option value="">{t('bulk.setGroup')}</option>
        {groups.data?.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) apply({ addTags: [tag.trim()] });
          setTag('');
        }}
      >
        <label className="visually-hidden" htmlFor="bulk-tag">
          {t('bulk.addTag')}
        </label>
        <input id="bulk-tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('bulk.addTag')} size={12} />
      </form>
      {ids.length > 1 && (
        <span className="bulk-merge">
          <label htmlFor="bulk-merge">{t('bulk.mergeInto')}</label>
          <select id="bulk-merge" value={mergeTarget} onChange={(e) => setMergeTarget(e.target.value)}>
            <option value="">—</option>
            {ids.map((id) => (
              <option key={id} value={id}>
                #{id}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!mergeTarget || merge.isPending} onClick={() => void doMerge()}>
            {t('bulk.merge')}
          </button>
        </span>
      )}
      <button type="button" className="btn" onClick={() => setEscalating(true)}>
        {t('bulk.escalate')}
      </button>
      {escalating && (
        <EscalationDialog
          action="escalate"
          pending={escalate.isPending}
          error={escalate.error}
          onClose={() => setEscalating(false)}
          onSubmit={(input) =>
            escalate.mutate(
              { ...input, ids },
              {
                onSuccess: (results) => {
                  setEscalating(false);
                  const bad = results.filter((r) => !r.ok).map((r) => `#${r.id}: ${r.error?.message ?? ''}`);
                  setFailed(bad);
                  if (bad.length === 0) onDone();
                },
              },
            )
          }
        />
      )}
      <button type="button" className="btn btn-ghost" onClick={onDone}>
        {t('bulk.clear')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {errorMessage(error, t)}
        </p>
      )}
      {failed.length > 0 && (
        <p className="field-error" role="alert">
          {t('bulk.someFailed')} {failed.join('; ')}
        </p>
      )}
    </div>
  );
}

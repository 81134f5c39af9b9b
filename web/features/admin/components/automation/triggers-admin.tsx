import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../../components/confirm-dialog.tsx';
import { Empty, ErrorState, errorMessage, Loading } from '../../../../components/states.tsx';
import { type TriggerDto, useDeleteTrigger, useSaveTrigger, useTriggers } from '../../api/automation.ts';
import { TriggerEditor } from './trigger-editor.tsx';

/** The admin's list of triggers in the order they are tried: on/off, move, edit, delete. */
export function TriggersAdmin() {
  const { t } = useTranslation();
  const triggers = useTriggers();
  const save = useSaveTrigger();
  const remove = useDeleteTrigger();
  const [editing, setEditing] = useState<TriggerDto | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<TriggerDto | null>(null);
  const list = triggers.data ?? [];

  return (
    <section aria-labelledby="triggers-title">
      <h1 id="triggers-title">{t('automation.triggers')}</h1>
      <p className="hint">{t('automation.triggersIntro')}</p>
      {editing ? (
        <TriggerEditor key={editing === 'new' ? 'new' : editing.id} {...(editing === 'new' ? {} : { trigger: editing })} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('automation.newTrigger')}
        </button>
      )}
      {(save.isError || remove.isError) && (
        <p className="field-error" role="alert">
          {errorMessage(save.error ?? remove.error, t)}
        </p>
      )}
      {triggers.isPending ? (
        <Loading />
      ) : triggers.isError ? (
        <ErrorState error={triggers.error} onRetry={() => void triggers.refetch()} />
      ) : list.length === 0 ? (
        <Empty title={t('automation.empty')} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('automation.position')}</th>
              <th scope="col">{t('automation.name')}</th>
              <th scope="col">{t('automation.events')}</th>
              <th scope="col">{t('automation.active')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('automation.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((trigger, i) => (
              <tr key={trigger.id}>
                <td>
                  {trigger.position}
                  <button type="button" className="btn btn-small" disabled={i === 0} onClick={() => save.mutate({ id: trigger.id, body: { position: trigger.position - 1 } })}>
                    ↑<span className="visually-hidden">{`${t('automation.moveUp')}: ${trigger.name}`}</span>
                  </button>
                  <button type="button" className="btn btn-small" disabled={i === list.length - 1} onClick={() => save.mutate({ id: trigger.id, body: { position: trigger.position + 1 } })}>
                    ↓<span className="visually-hidden">{`${t('automation.moveDown')}: ${trigger.name}`}</span>
                  </button>
                </td>
                <td>{trigger.name}</td>
                <td>{trigger.events.map((e) => t(`automation.event.${e}`)).join(', ')}</td>
                <td>
                  <label className="check">
                    <input type="checkbox" role="switch" checked={trigger.active} onChange={(e) => save.mutate({ id: trigger.id, body: { active: e.target.checked } })} />
                    {trigger.active ? t('automation.active') : t('automation.inactive')}
                    <span className="visually-hidden">: {trigger.name}</span>
                  </label>
                </td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => setEditing(trigger)}>
                    {t('automation.edit')}
                    <span className="visually-hidden">: {trigger.name}</span>
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(trigger)}>
                    {t('automation.delete')}
                    <span className="visually-hidden">: {trigger.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t('automation.deleteTitle')}
          message={t('automation.deleteMessage', { name: confirmDelete.name })}
          confirmLabel={t('automation.delete')}
          cancelLabel={t('automation.cancel')}
          onAnswer={(yes) => {
            if (yes) remove.mutate(confirmDelete.id);
            setConfirmDelete(null);
          }}
        />
      )}
    </section>
  );
}

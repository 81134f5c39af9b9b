import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../components/states.tsx';
import { type TriggerDto, useDeleteTrigger, useSaveTrigger, useTriggers } from '../../api/automation.ts';
import { AdminTable, ConfirmDelete, EditDeleteButtons, MoveButtons } from '../admin-table.tsx';
import { TriggerEditor } from './trigger-editor.tsx';

/** The admin's list of triggers in the order they are tried: on/off, move, edit, delete. */
export function TriggersAdmin() {
  const { t } = useTranslation();
  const triggers = useTriggers();
  const save = useSaveTrigger();
  const remove = useDeleteTrigger();
  const [editing, setEditing] = useState<TriggerDto | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<TriggerDto | null>(null);

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
      <AdminTable query={triggers} empty={t('automation.empty')} headers={[t('automation.position'), t('automation.name'), t('automation.events'), t('automation.active')]}>
        {(list) =>
          list.map((trigger, i) => (
            <tr key={trigger.id}>
              <td>
                {trigger.position} <MoveButtons index={i} count={list.length} name={trigger.name} onMove={(delta) => save.mutate({ id: trigger.id, body: { position: trigger.position + delta } })} />
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
                <EditDeleteButtons name={trigger.name} onEdit={() => setEditing(trigger)} onDelete={() => setConfirmDelete(trigger)} />
              </td>
            </tr>
          ))
        }
      </AdminTable>
      <ConfirmDelete
        item={confirmDelete}
        title={t('automation.deleteTitle')}
        message={(name) => t('automation.deleteMessage', { name })}
        onConfirm={(trigger) => remove.mutate(trigger.id)}
        onClose={() => setConfirmDelete(null)}
      />
    </section>
  );
}

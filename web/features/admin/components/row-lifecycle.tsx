import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { errorMessage } from '../../../components/states.tsx';
import { ApiError, apiNoContent } from '../../../lib/api-client.ts';

/** A name that turns into a field with Save and Cancel ("Rename"). */
export function RenameableName({ id, name, onSave, pending }: { id: string; name: string; onSave: (name: string) => void; pending: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null)
    return (
      <span className="rename-cell">
        <span>{name}</span>{' '}
        <button type="button" className="btn btn-small" aria-label={`${t('adminEdits.rename')}: ${name}`} onClick={() => setDraft(name)}>
          {t('adminEdits.rename')}
        </button>
      </span>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() && draft.trim() !== name) onSave(draft.trim());
    setDraft(null);
  };
  return (
    <form className="rename-cell" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}>
      <label className="visually-hidden" htmlFor={id}>
        {t('adminEdits.newName', { name })}
      </label>
      <input id={id} autoFocus required value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" className="btn btn-small btn-primary" disabled={pending}>
        {t('common.save')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setDraft(null)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/**
 * Deactivate / activate and delete for one row of reference data. A delete of something still
 * in use answers 409 in_use: the row then offers deactivation instead.
 */
export function RowLifecycle({ name, active, path, invalidate, onToggle }: { name: string; active: boolean; path: string; invalidate: string[][]; onToggle: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiNoContent(path, { method: 'DELETE' }),
    onSuccess: () => {
      for (const key of invalidate) void client.invalidateQueries({ queryKey: key });
    },
  });
  const inUse = remove.error instanceof ApiError && remove.error.code === 'in_use';
  return (
    <span className="row-actions">
      <span className={active ? '' : 'muted'}>{active ? t('admin.active') : t('admin.inactive')}</span>{' '}
      <button type="button" className="btn btn-small" aria-label={`${active ? t('admin.deactivate') : t('admin.activate')}: ${name}`} onClick={onToggle}>
        {active ? t('admin.deactivate') : t('admin.activate')}
      </button>{' '}
      <button type="button" className="btn btn-small btn-danger" aria-label={`${t('adminEdits.delete')}: ${name}`} onClick={() => setAsking(true)} disabled={remove.isPending}>
        {t('adminEdits.delete')}
      </button>
      {remove.isError && (
        <span className="field-error" role="alert">
          {inUse ? t('adminEdits.inUse', { name }) : errorMessage(remove.error, t)}
        </span>
      )}
      {asking && (
        <ConfirmDialog
          title={t('adminEdits.deleteTitle', { name })}
          message={t('adminEdits.deleteMessage')}
          confirmLabel={t('adminEdits.delete')}
          cancelLabel={t('common.cancel')}
          onAnswer={(ok) => {
            setAsking(false);
            if (ok) remove.mutate();
          }}
        />
      )}
    </span>
  );
}

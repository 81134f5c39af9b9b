import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import { api, withQuery } from '../../../lib/api-client.ts';
import { fieldMessages } from '../../../lib/error-text.ts';
import { viewSchema } from '../../../../shared/contracts/views.ts';
import { useDeleteView, useSavedViews, type SavedView } from '../api/tickets.ts';
import { PencilIcon } from '../../../components/icons.tsx';

function useRenameView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; name: string }) => api(`/me/views/${input.id}`, { method: 'PATCH', body: { name: input.name }, schema: viewSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['views'] }),
  });
}

/** Renames one view in place; Escape or Cancel leaves it as it was, a failed save keeps the entry. */
function RenameForm({ view, onDone }: { view: SavedView; onDone: (renamed: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const rename = useRenameView();
  const [name, setName] = useState(view.name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const fieldError = fieldMessages(rename.error, t, i18n.language).name;
  const errorId = `view-${view.id}-name-error`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ id: view.id, name }, { onSuccess: () => onDone(true) });
  };
  return (
    <form
      className="view-rename"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone(false);
        }
      }}
    >
      <label className="visually-hidden" htmlFor={`view-${view.id}-name`}>
        {t('home.viewNewName', { name: view.name })}
      </label>
      <input
        ref={input}
        id={`view-${view.id}-name`}
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={rename.isError ? true : undefined}
        aria-describedby={rename.isError ? errorId : undefined}
      />{' '}
      <button type="submit" className="btn btn-small btn-primary" disabled={rename.isPending}>
        {t('common.save')}
      </button>{' '}
      <button type="button" className="btn btn-small" onClick={() => onDone(false)}>
        {t('common.cancel')}
      </button>
      <FieldError id={errorId} message={rename.isError ? (fieldError ?? errorMessage(rename.error, t)) : undefined} />
    </form>
  );
}

/** The agent's saved views on the home page: open, rename, delete. */
export function SavedViews() {
  const { t } = useTranslation();
  const views = useSavedViews();
  const deleteView = useDeleteView();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const renameButtons = useRef(new Map<number, HTMLButtonElement>());
  const done = (id: number, renamed: boolean) => {
    setRenaming(null);
    setNotice(renamed ? t('home.viewRenamed') : '');
    requestAnimationFrame(() => renameButtons.current.get(id)?.focus());
  };
  return (
    <>
      {views.data && views.data.length === 0 && <p className="muted">{t('home.noViews')}</p>}
      <ul className="view-list">
        {views.data?.map((v) => (
          <li key={v.id}>
            {renaming === v.id ? (
              <RenameForm view={v} onDone={(renamed) => done(v.id, renamed)} />
            ) : (
              <>
                <Link to={withQuery('/agent/tickets', { ...v.filters, sort: v.sort ?? undefined })}>{v.name}</Link>{' '}
                <button
                  type="button"
                  className="btn-link"
                  aria-label={t('home.renameView', { name: v.name })}
                  title={t('home.renameView', { name: v.name })}
                  ref={(el) => {
                    if (el) renameButtons.current.set(v.id, el);
                    else renameButtons.current.delete(v.id);
                  }}
                  onClick={() => {
                    setNotice('');
                    setRenaming(v.id);
                  }}
                >
                  <PencilIcon />
                </button>
                <button type="button" className="btn-link" aria-label={t('home.deleteView', { name: v.name })} title={t('home.deleteView', { name: v.name })} onClick={() => deleteView.mutate(v.id)}>
                  ×
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="muted">
        {notice}
      </p>
      {deleteView.isError && (
        <p className="field-error" role="alert">
          {errorMessage(deleteView.error, t)}
        </p>
      )}
    </>
  );
}

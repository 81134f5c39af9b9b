import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDto } from '../../../../shared/contracts/mail-admin.ts';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, errorMessage, Loading } from '../../../components/states.tsx';
import { useDeleteMailbox, useMailboxes, useSaveMailbox } from '../api/mail-admin.ts';

interface Form {
  name: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  moveTo: string;
  active: boolean;
}
const EMPTY: Form = { name: '', host: '', port: '993', secure: true, username: '', password: '', folder: 'INBOX', moveTo: '', active: true };

function formOf(m: MailboxDto): Form {
  return { name: m.name, host: m.host, port: String(m.port), secure: m.secure, username: m.username, password: '', folder: m.folder, moveTo: m.moveTo ?? '', active: m.active };
}

/** IMAP mailboxes the mail role polls: add, change (a password only to replace it), remove. */
export function MailboxesAdmin() {
  const { t } = useTranslation();
  const mailboxes = useMailboxes();
  const save = useSaveMailbox();
  const remove = useDeleteMailbox();
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [confirmDelete, setConfirmDelete] = useState<MailboxDto | null>(null);
  const [saved, setSaved] = useState(false);
  const field = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const common = {
      name: form.name,
      host: form.host,
      port: Number(form.port),
      secure: form.secure,
      username: form.username,
      folder: form.folder,
      moveTo: form.moveTo.trim() || null,
      active: form.active,
    };
    const input = editing === null ? { id: null, changes: { ...common, password: form.password } } : { id: editing, changes: { ...common, ...(form.password ? { password: form.password } : {}) } };
    save.mutate(input, {
      onSuccess: () => {
        setForm(EMPTY);
        setEditing(null);
        setSaved(true);
      },
    });
  };

  return (
    <section aria-labelledby="mailboxes-title">
      <h1 id="mailboxes-title">{t('mailAdmin.mailboxes')}</h1>
      <p className="muted">{t('mailAdmin.mailboxesIntro')}</p>
      <form className="add-form" onSubmit={submit} aria-label={editing === null ? t('mailAdmin.addMailbox') : t('mailAdmin.editMailbox')}>
        <div className="field">
          <label htmlFor="mb-name">{t('admin.name')}</label>
          <input id="mb-name" required value={form.name} onChange={(e) => field('name', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mb-host">{t('mailAdmin.host')}</label>
          <input id="mb-host" required value={form.host} onChange={(e) => field('host', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mb-port">{t('mailAdmin.port')}</label>
          <input id="mb-port" type="number" min={1} max={65535} required value={form.port} onChange={(e) => field('port', e.target.value)} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={form.secure} onChange={(e) => field('secure', e.target.checked)} /> {t('mailAdmin.secure')}
          </label>
        </div>
        <div className="field">
          <label htmlFor="mb-user">{t('mailAdmin.username')}</label>
          <input id="mb-user" required autoComplete="off" value={form.username} onChange={(e) => field('username', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mb-password">{t('mailAdmin.password')}</label>
          <input
            id="mb-password"
            type="password"
            autoComplete="new-password"
            required={editing === null}
            placeholder={editing === null ? '' : t('mailAdmin.passwordUnchanged')}
            value={form.password}
            onChange={(e) => field('password', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="mb-folder">{t('mailAdmin.folder')}</label>
          <input id="mb-folder" required value={form.folder} onChange={(e) => field('folder', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mb-move">{t('mailAdmin.moveTo')}</label>
          <input id="mb-move" value={form.moveTo} onChange={(e) => field('moveTo', e.target.value)} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={form.active} onChange={(e) => field('active', e.target.checked)} /> {t('mailAdmin.active')}
          </label>
        </div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {editing === null ? t('mailAdmin.addMailbox') : t('mailAdmin.saveMailbox')}
        </button>
        {editing !== null && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setEditing(null);
              setForm(EMPTY);
            }}
          >
            {t('common.cancel')}
          </button>
        )}
        {save.isError && (
          <p className="field-error" role="alert">
            {errorMessage(save.error, t)}
          </p>
        )}
        {saved && <p role="status">{t('mailAdmin.mailboxSaved')}</p>}
      </form>
      {remove.isError && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error, t)}
        </p>
      )}
      {mailboxes.isPending ? (
        <Loading />
      ) : mailboxes.isError ? (
        <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
      ) : mailboxes.data.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('mailAdmin.server')}</th>
              <th scope="col">{t('mailAdmin.folder')}</th>
              <th scope="col">{t('mailAdmin.lastPolled')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('mailAdmin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mailboxes.data.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  {!m.active && <div className="muted small">{t('mailAdmin.inactive')}</div>}
                </td>
                <td>
                  {m.username}@{m.host}:{m.port}
                  {m.secure ? ' (TLS)' : ''}
                </td>
                <td>
                  {m.folder}
                  {m.moveTo && <> → {m.moveTo}</>}
                </td>
                <td>
                  {m.lastPolledAt ? <DateTime iso={m.lastPolledAt} /> : '—'}
                  {m.lastError && <div className="field-error small">{m.lastError}</div>}
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      setEditing(m.id);
                      setForm(formOf(m));
                      setSaved(false);
                    }}
                  >
                    {t('mailAdmin.edit')}
                  </button>{' '}
                  <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(m)}>
                    {t('mailAdmin.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t('mailAdmin.deleteTitle')}
          message={t('mailAdmin.deleteMessage', { name: confirmDelete.name })}
          confirmLabel={t('mailAdmin.delete')}
          cancelLabel={t('common.cancel')}
          onAnswer={(yes) => {
            if (yes) remove.mutate(confirmDelete.id);
            setConfirmDelete(null);
          }}
        />
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDto } from '../../../../shared/contracts/mail-admin.ts';
import { DateTime } from '../../../components/date-time.tsx';
import { errorMessage } from '../../../components/states.tsx';
import { AdminTable, ConfirmDelete, RowButton } from './admin-table.tsx';
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
      <AdminTable query={mailboxes} empty={t('admin.empty')} headers={[t('admin.name'), t('mailAdmin.server'), t('mailAdmin.folder'), t('mailAdmin.lastPolled')]}>
        {(list) =>
          list.map((m) => (
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
                <RowButton
                  label={t('mailAdmin.edit')}
                  name={m.name}
                  onClick={() => {
                    setEditing(m.id);
                    setForm(formOf(m));
                    setSaved(false);
                  }}
                />{' '}
                <RowButton label={t('mailAdmin.delete')} name={m.name} onClick={() => setConfirmDelete(m)} />
              </td>
            </tr>
          ))
        }
      </AdminTable>
      <ConfirmDelete
        item={confirmDelete}
        title={t('mailAdmin.deleteTitle')}
        message={(name) => t('mailAdmin.deleteMessage', { name })}
        onConfirm={(mailbox) => remove.mutate(mailbox.id)}
        onClose={() => setConfirmDelete(null)}
      />
    </section>
  );
}

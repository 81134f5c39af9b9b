import { Fragment, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../shared/enums.ts';
import { DateTime } from '../../../components/date-time.tsx';
import { Empty, ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { userSchema } from '../../../../shared/contracts/users.ts';
import { useAdminWrite, useAllGroups, useOrganisationOptions, useUsers, type UserRow } from '../api/admin.ts';
import { UserEditor } from './user-editor.tsx';
import { UserPrivacyActions } from './user-privacy-actions.tsx';

export function UsersAdmin() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const groups = useAllGroups();
  const orgs = useOrganisationOptions();
  const meId = useQueryClient().getQueryData<SessionUser>(['session'])?.id;
  const write = useAdminWrite(userSchema, [['admin', 'users'], ['agents'], ['groups']]);
  const empty = { name: '', email: '', role: 'agent', password: '', locale: '', organisationId: '', groupIds: [] as number[] };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState('');
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const groupName = (id: number) => groups.data?.find((g) => g.id === id)?.name ?? `#${id}`;
  const [editing, setEditing] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const editButtons = useRef(new Map<number, HTMLButtonElement>());
  const closeEditor = (id: number, saved: UserRow | null) => {
    setEditing(null);
    setNotice(saved ? t('admin.userSaved', { name: saved.name }) : '');
    // Back to where the keyboard user was.
    requestAnimationFrame(() => editButtons.current.get(id)?.focus());
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const isCustomer = form.role === 'customer';
    setCreated('');
    write.mutate(
      {
        method: 'POST',
        path: '/users',
        body: {
          name: form.name,
          email: form.email,
          role: form.role,
          password: form.password || undefined,
          // Unset: the person's browser and first message decide.
          locale: form.locale || undefined,
          // "By mail domain": left out, so the server picks the organisation of the address's domain.
          organisationId: form.organisationId === 'none' ? null : form.organisationId ? Number(form.organisationId) : undefined,
          groupIds: isCustomer || form.groupIds.length === 0 ? undefined : form.groupIds,
        },
      },
      {
        onSuccess: (user) => {
          setForm(empty);
          const org = orgs.data?.find((o) => o.id === user.organisationId)?.name;
          setCreated(org ? t('adminEdits.userCreatedIn', { name: user.name, organisation: org }) : t('adminEdits.userCreated', { name: user.name }));
        },
      },
    );
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('admin.users')}</h1>
      <form className="add-form" onSubmit={submit} aria-label={t('admin.addUser')}>
        <div className="field">
          <label htmlFor="user-name">{t('admin.name')}</label>
          <input id="user-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="user-email">{t('admin.email')}</label>
          <input id="user-email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="user-role">{t('admin.role')}</label>
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-locale">{t('profile.language')}</label>
          <select id="user-locale" value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value })}>
            <option value="">{t('adminEdits.localeUnset')}</option>
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-organisation">{t('admin.organisation')}</label>
          <select id="user-organisation" value={form.organisationId} onChange={(e) => setForm({ ...form, organisationId: e.target.value })}>
            <option value="">{t('adminEdits.byDomain')}</option>
            <option value="none">{t('admin.none')}</option>
            {orgs.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        {form.role !== 'customer' && (
          <fieldset className="field add-form-groups">
            <legend>{t('admin.groupMemberships')}</legend>
            <div className="check-list">
              {groups.data
                ?.filter((g) => g.active)
                .map((g) => (
                  <label key={g.id} className="check">
                    <input
                      type="checkbox"
                      checked={form.groupIds.includes(g.id)}
                      onChange={(e) => setForm({ ...form, groupIds: e.target.checked ? [...form.groupIds, g.id] : form.groupIds.filter((id) => id !== g.id) })}
                    />
                    {g.name}
                  </label>
                ))}
            </div>
            <p className="hint">{t('adminEdits.groupsHint')}</p>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="user-password">{t('admin.initialPassword')}</label>
          <input id="user-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={write.isPending}>
          {t('admin.addUser')}
        </button>
        {write.isError && (
          <p className="field-error" role="alert">
            {errorMessage(write.error, t)}
          </p>
        )}
        <p role="status" className="success-text">
          {created}
        </p>
      </form>
      <div className="field admin-search">
        <label htmlFor="user-search">{t('tickets.search')}</label>
        <input id="user-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <p role="status" className="muted">
        {notice}
      </p>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.groups')}</th>
                <th scope="col">{t('admin.created')}</th>
                <th scope="col">{t('admin.active')}</th>
                <th scope="col">{t('common.edit')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <Fragment key={u.id}>
                  <tr>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td>{u.groupIds.map(groupName).join(', ')}</td>
                    <td>
                      <DateTime iso={u.createdAt} />
                    </td>
                    <td>
                      <span className={u.active ? '' : 'muted'}>{u.active ? t('admin.active') : t('admin.inactive')}</span>{' '}
                      {u.id !== meId && (
                        <button type="button" className="btn btn-small" onClick={() => write.mutate({ method: 'PATCH', path: `/users/${u.id}`, body: { active: !u.active } })}>
                          {u.active ? t('admin.deactivate') : t('admin.activate')}
                          <span className="visually-hidden">: {u.name}</span>
                        </button>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={editing === u.id}
                        ref={(el) => {
                          if (el) editButtons.current.set(u.id, el);
                          else editButtons.current.delete(u.id);
                        }}
                        onClick={() => {
                          setNotice('');
                          setEditing(editing === u.id ? null : u.id);
                        }}
                      >
                        {t('admin.editUser')}
                        <span className="visually-hidden">: {u.name}</span>
                      </button>
                    </td>
                  </tr>
                  {editing === u.id && (
                    <tr>
                      <td colSpan={7}>
                        <UserEditor user={u} isSelf={u.id === meId} onDone={(saved) => closeEditor(u.id, saved)} />
                        <UserPrivacyActions user={u} isSelf={u.id === meId} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <button type="button" className="btn" onClick={() => void users.fetchNextPage()}>
          {t('tickets.loadMore')}
        </button>
      )}
    </section>
  );
}

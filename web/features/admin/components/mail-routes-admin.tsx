import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { useGroups } from '../../../lib/reference-data.ts';
import { useAllCategories } from '../api/admin.ts';
import { useAddMailRoute, useDeleteMailRoute, useMailRoutes } from '../api/mail-routing.ts';
import { AdminTable, RowButton } from './admin-table.tsx';

/** Where new tickets from mail land, by the address (or domain) the mail was sent to. */
export function MailRoutesAdmin() {
  const { t } = useTranslation();
  const routes = useMailRoutes();
  const groups = useGroups().data ?? [];
  const categories = useAllCategories().data ?? [];
  const add = useAddMailRoute();
  const remove = useDeleteMailRoute();
  const [address, setAddress] = useState('');
  const [groupId, setGroupId] = useState('');
  const [categoryId, setCategoryId] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { address, groupId: Number(groupId), categoryId: categoryId ? Number(categoryId) : null },
      {
        onSuccess: () => {
          setAddress('');
          setGroupId('');
          setCategoryId('');
        },
      },
    );
  };
  return (
    <section aria-labelledby="mail-routes-title">
      <h2 id="mail-routes-title">{t('mailRouting.title')}</h2>
      <p className="muted">{t('mailRouting.intro')}</p>
      <form className="add-form" onSubmit={submit} aria-label={t('mailRouting.add')}>
        <div className="field">
          <label htmlFor="route-address">{t('mailRouting.address')}</label>
          <input id="route-address" required placeholder="sap@example.com, @sap.example.com" value={address} onChange={(e) => setAddress(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="route-group">{t('mailRouting.group')}</label>
          <select id="route-group" required value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">{t('mailRouting.chooseGroup')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="route-category">{t('mailRouting.category')}</label>
          <select id="route-category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="">{t('mailRouting.noCategory')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('mailRouting.add')}
        </button>
        {add.isError && (
          <p className="field-error" role="alert">
            {errorMessage(add.error, t)}
          </p>
        )}
      </form>
      <AdminTable query={routes} empty={t('mailRouting.none')} headers={[t('mailRouting.address'), t('mailRouting.group'), t('mailRouting.category')]}>
        {(list) =>
          list.map((r) => (
            <tr key={r.id}>
              <td>{r.address}</td>
              <td>{r.group.name}</td>
              <td>{r.category?.name ?? '—'}</td>
              <td>
                <RowButton label={t('common.delete')} name={r.address} disabled={remove.isPending} onClick={() => remove.mutate(r.id)} />
              </td>
            </tr>
          ))
        }
      </AdminTable>
    </section>
  );
}

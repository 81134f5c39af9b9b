import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { categorySchema } from '../../../../shared/contracts/categories.ts';
import { useGroups } from '../../../lib/reference-data.ts';
import { useAdminWrite, useAllCategories } from '../api/admin.ts';
import { RenameableName, RowLifecycle } from './row-lifecycle.tsx';

export function CategoriesAdmin() {
  const { t } = useTranslation();
  const categories = useAllCategories();
  const write = useAdminWrite(categorySchema, [['admin', 'categories'], ['categories']]);
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [parentId, setParentId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [escalationGroupId, setEscalationGroupId] = useState('');
  const groups = useGroups().data ?? [];
  const groupOf = (value: string) => (value ? Number(value) : null);
  /** Routing: the group that handles the category's tickets, and where escalation is suggested to go. */
  const groupSelect = (id: string, value: string, onChange: (value: string) => void, emptyLabel: string) => (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel}</option>
      {groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name} ({t(`levels.${g.level}`)})
        </option>
      ))}
    </select>
  );
  const all = categories.data ?? [];
  const topLevel = all.filter((c) => c.parentId === null);
  const nameOf = (id: number | null) => (id === null ? '—' : (all.find((c) => c.id === id)?.name ?? `#${id}`));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate(
      {
        method: 'POST',
        path: '/categories',
        body: { name, nameEn: nameEn.trim() || null, parentId: parentId ? Number(parentId) : null, groupId: groupOf(groupId), escalationGroupId: groupOf(escalationGroupId) },
      },
      {
        onSuccess: () => {
          setName('');
          setNameEn('');
          setParentId('');
          setGroupId('');
          setEscalationGroupId('');
        },
      },
    );
  };
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t('admin.categories')}</h1>
      <form className="add-form" onSubmit={submit} aria-label={t('admin.addCategory')}>
        <div className="field">
          <label htmlFor="category-name">{t('admin.name')}</label>
          <input id="category-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="category-name-en">{t('admin.nameEn')}</label>
          <input id="category-name-en" value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="category-parent">{t('admin.parent')}</label>
          <select id="category-parent" value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">{t('admin.none')}</option>
            {topLevel.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category-group">{t('admin.routeTo')}</label>
          {groupSelect('category-group', groupId, setGroupId, t('admin.defaultGroup'))}
        </div>
        <div className="field">
          <label htmlFor="category-escalation">{t('admin.escalateTo')}</label>
          {groupSelect('category-escalation', escalationGroupId, setEscalationGroupId, t('admin.nextLevel'))}
        </div>
        <button type="submit" className="btn btn-primary" disabled={write.isPending}>
          {t('admin.addCategory')}
        </button>
        {write.isError && (
          <p className="field-error" role="alert">
            {errorMessage(write.error, t)}
          </p>
        )}
      </form>
      {categories.isPending ? (
        <Loading />
      ) : categories.isError ? (
        <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />
      ) : all.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.nameEn')}</th>
                <th scope="col">{t('admin.parent')}</th>
                <th scope="col">{t('admin.routeTo')}</th>
                <th scope="col">{t('admin.escalateTo')}</th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((c) => (
                <tr key={c.id}>
                  <td>
                    <RenameableName
                      id={`category-rename-${c.id}`}
                      name={c.name}
                      pending={write.isPending}
                      onSave={(name) => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { name } })}
                    />
                  </td>
                  <td>
                    <RenameableName
                      id={`category-rename-en-${c.id}`}
                      name={c.nameEn ?? ''}
                      pending={write.isPending}
                      onSave={(nameEn) => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { nameEn } })}
                    />
                  </td>
                  <td>{nameOf(c.parentId)}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`category-group-${c.id}`}>
                      {t('admin.routeTo')}: {c.name}
                    </label>
                    {groupSelect(
                      `category-group-${c.id}`,
                      c.groupId === null ? '' : String(c.groupId),
                      (v) => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { groupId: groupOf(v) } }),
                      t('admin.defaultGroup'),
                    )}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`category-escalation-${c.id}`}>
                      {t('admin.escalateTo')}: {c.name}
                    </label>
                    {groupSelect(
                      `category-escalation-${c.id}`,
                      c.escalationGroupId === null ? '' : String(c.escalationGroupId),
                      (v) => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { escalationGroupId: groupOf(v) } }),
                      t('admin.nextLevel'),
                    )}
                  </td>
                  <td>
                    <RowLifecycle
                      name={c.name}
                      active={c.active}
                      path={`/categories/${c.id}`}
                      invalidate={[['admin', 'categories'], ['categories']]}
                      onToggle={() => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { active: !c.active } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

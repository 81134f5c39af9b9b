import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { categorySchema } from '../../../../shared/contracts/categories.ts';
import { useAdminWrite, useAllCategories } from '../api/admin.ts';

export function CategoriesAdmin() {
  const { t } = useTranslation();
  const categories = useAllCategories();
  const write = useAdminWrite(categorySchema, [['admin', 'categories'], ['categories']]);
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [parentId, setParentId] = useState('');
  const all = categories.data ?? [];
  const topLevel = all.filter((c) => c.parentId === null);
  const nameOf = (id: number | null) => (id === null ? '—' : all.find((c) => c.id === id)?.name ?? `#${id}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate(
      { method: 'POST', path: '/categories', body: { name, nameEn: nameEn.trim() || null, parentId: parentId ? Number(parentId) : null } },
      { onSuccess: () => { setName(''); setNameEn(''); setParentId(''); } },
    );
  };
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t('admin.categories')}</h1>
      <form className="add-form" onSubmit={submit} aria-label={t('admin.addCategory')}>
        <div className="field"><label htmlFor="category-name">{t('admin.name')}</label><input id="category-name" required value={name} onChange={(e) => setName(e.target.value)} /></div>
        <div className="field"><label htmlFor="category-name-en">{t('admin.nameEn')}</label><input id="category-name-en" value={nameEn} onChange={(e) => setNameEn(e.target.value)} /></div>
        <div className="field">
          <label htmlFor="category-parent">{t('admin.parent')}</label>
          <select id="category-parent" value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">{t('admin.none')}</option>
            {topLevel.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={write.isPending}>{t('admin.addCategory')}</button>
        {write.isError && <p className="field-error" role="alert">{errorMessage(write.error, t)}</p>}
      </form>
      {categories.isPending ? <Loading /> : categories.isError ? <ErrorState error={categories.error} onRetry={() => void categories.refetch()} /> : all.length === 0 ? <Empty title={t('admin.empty')} /> : (
        <table className="data-table">
          <thead><tr><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.nameEn')}</th><th scope="col">{t('admin.parent')}</th><th scope="col">{t('admin.active')}</th></tr></thead>
          <tbody>
            {all.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.nameEn ?? '—'}</td>
                <td>{nameOf(c.parentId)}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => write.mutate({ method: 'PATCH', path: `/categories/${c.id}`, body: { active: !c.active } })}>
                    {c.active ? t('admin.active') : t('admin.inactive')}<span className="visually-hidden">: {c.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_MODES, GROUP_LEVELS } from '../../../../shared/enums.ts';
import { Empty, ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { groupSchema } from '../../../../shared/contracts/groups.ts';
import { useAdminWrite, useAllGroups } from '../api/admin.ts';
import { RenameableName, RowLifecycle } from './row-lifecycle.tsx';

export function GroupsAdmin() {
  const { t } = useTranslation();
  const groups = useAllGroups();
  const write = useAdminWrite(groupSchema, [['groups'], ['admin', 'groups']]);
  const [form, setForm] = useState({ name: '', level: '1', description: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate({ method: 'POST', path: '/groups', body: form }, { onSuccess: () => setForm({ name: '', level: '1', description: '' }) });
  };
  return (
    <section aria-labelledby="groups-title">
      <h1 id="groups-title">{t('admin.groups')}</h1>
      <form className="add-form" onSubmit={submit} aria-label={t('admin.addGroup')}>
        <div className="field">
          <label htmlFor="group-name">{t('admin.name')}</label>
          <input id="group-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="group-level">{t('admin.level')}</label>
          <select id="group-level" value={form.level} onChange={(e) => setForm({ ...form, level: e.target.value })}>
            {GROUP_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`levels.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="group-description">{t('admin.description')}</label>
          <input id="group-description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={write.isPending}>
          {t('admin.addGroup')}
        </button>
        {write.isError && (
          <p className="field-error" role="alert">
            {errorMessage(write.error, t)}
          </p>
        )}
      </form>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.level')}</th>
                <th scope="col">{t('assignment.mode')}</th>
                <th scope="col">{t('admin.members')}</th>
                <th scope="col">{t('admin.default')}</th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((g) => (
                <tr key={g.id}>
                  <td>
                    <RenameableName id={`group-rename-${g.id}`} name={g.name} pending={write.isPending} onSave={(name) => write.mutate({ method: 'PATCH', path: `/groups/${g.id}`, body: { name } })} />
                    {g.description && <div className="muted small">{g.description}</div>}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`level-${g.id}`}>
                      {t('admin.level')}: {g.name}
                    </label>
                    <select id={`level-${g.id}`} value={g.level} onChange={(e) => write.mutate({ method: 'PATCH', path: `/groups/${g.id}`, body: { level: e.target.value } })}>
                      {GROUP_LEVELS.map((l) => (
                        <option key={l} value={l}>
                          {t(`levels.${l}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`assignment-${g.id}`}>
                      {t('assignment.mode')}: {g.name}
                    </label>
                    <select id={`assignment-${g.id}`} value={g.assignmentMode} onChange={(e) => write.mutate({ method: 'PATCH', path: `/groups/${g.id}`, body: { assignmentMode: e.target.value } })}>
                      {ASSIGNMENT_MODES.map((m) => (
                        <option key={m} value={m}>
                          {t(`assignment.modes.${m}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{g.memberCount}</td>
                  <td>
                    {g.isDefault ? (
                      t('admin.default')
                    ) : g.active ? (
                      <button type="button" className="btn btn-small" onClick={() => write.mutate({ method: 'PATCH', path: `/groups/${g.id}`, body: { isDefault: true } })}>
                        {t('admin.makeDefault')}
                        <span className="visually-hidden">: {g.name}</span>
                      </button>
                    ) : null}
                  </td>
                  <td>
                    {g.isDefault ? (
                      t('admin.active')
                    ) : (
                      <RowLifecycle
                        name={g.name}
                        active={g.active}
                        path={`/groups/${g.id}`}
                        invalidate={[['groups'], ['admin', 'groups']]}
                        onToggle={() => write.mutate({ method: 'PATCH', path: `/groups/${g.id}`, body: { active: !g.active } })}
                      />
                    )}
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

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../../../../shared/enums.ts';
import { Empty, ErrorState, Loading, errorMessage } from '../../../components/states.tsx';
import { organisationSchema } from '../../../../shared/contracts/organisations.ts';
import { useAdminWrite, useOrganisations } from '../api/admin.ts';
import { RenameableName, RowLifecycle } from './row-lifecycle.tsx';

export function OrganisationsAdmin() {
  const { t } = useTranslation();
  const orgs = useOrganisations();
  const write = useAdminWrite(organisationSchema, [['admin', 'organisations']]);
  const [form, setForm] = useState({ name: '', kind: 'customer', domain: '', sharesTickets: false, domainTrusted: false });
  const rows = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate(
      { method: 'POST', path: '/organisations', body: { ...form, domain: form.domain.trim() || null } },
      { onSuccess: () => setForm({ name: '', kind: 'customer', domain: '', sharesTickets: false, domainTrusted: false }) },
    );
  };
  return (
    <section aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('admin.organisations')}</h1>
      <form className="add-form" onSubmit={submit} aria-label={t('admin.addOrganisation')}>
        <div className="field">
          <label htmlFor="org-name">{t('admin.name')}</label>
          <input id="org-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-kind">{t('admin.kind')}</label>
          <select id="org-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`orgKinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-domain">{t('admin.domain')}</label>
          <input id="org-domain" value={form.domain} placeholder="example.com" onChange={(e) => setForm({ ...form, domain: e.target.value })} />
        </div>
        <label className="check">
          <input type="checkbox" checked={form.sharesTickets} onChange={(e) => setForm({ ...form, sharesTickets: e.target.checked })} /> {t('admin.sharesTickets')}
        </label>
        <label className="check">
          <input type="checkbox" checked={form.domainTrusted} aria-describedby="org-trust-hint" onChange={(e) => setForm({ ...form, domainTrusted: e.target.checked })} /> {t('admin.domainTrusted')}
        </label>
        <p className="hint" id="org-trust-hint">
          {t('admin.domainTrustedHint')}
        </p>
        <button type="submit" className="btn btn-primary" disabled={write.isPending}>
          {t('admin.addOrganisation')}
        </button>
        {write.isError && (
          <p className="field-error" role="alert">
            {errorMessage(write.error, t)}
          </p>
        )}
      </form>
      {orgs.isPending ? (
        <Loading />
      ) : orgs.isError ? (
        <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={t('admin.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.kind')}</th>
                <th scope="col">{t('admin.domain')}</th>
                <th scope="col">{t('admin.sharesTickets')}</th>
                <th scope="col">{t('admin.domainTrusted')}</th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <td>
                    <RenameableName
                      id={`org-rename-${o.id}`}
                      name={o.name}
                      pending={write.isPending}
                      onSave={(name) => write.mutate({ method: 'PATCH', path: `/organisations/${o.id}`, body: { name } })}
                    />
                  </td>
                  <td>{t(`orgKinds.${o.kind}`)}</td>
                  <td>{o.domain ?? '—'}</td>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={o.sharesTickets} onChange={(e) => write.mutate({ method: 'PATCH', path: `/organisations/${o.id}`, body: { sharesTickets: e.target.checked } })} />
                      <span className="visually-hidden">
                        {t('admin.sharesTickets')}: {o.name}
                      </span>
                      {o.sharesTickets ? t('common.yes') : t('common.no')}
                    </label>
                  </td>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={o.domainTrusted} onChange={(e) => write.mutate({ method: 'PATCH', path: `/organisations/${o.id}`, body: { domainTrusted: e.target.checked } })} />
                      <span className="visually-hidden">
                        {t('admin.domainTrusted')}: {o.name}
                      </span>
                      {o.domainTrusted ? t('common.yes') : t('common.no')}
                    </label>
                  </td>
                  <td>
                    <RowLifecycle
                      name={o.name}
                      active={o.active}
                      path={`/organisations/${o.id}`}
                      invalidate={[['admin', 'organisations']]}
                      onToggle={() => write.mutate({ method: 'PATCH', path: `/organisations/${o.id}`, body: { active: !o.active } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {orgs.hasNextPage && (
        <button type="button" className="btn" onClick={() => void orgs.fetchNextPage()}>
          {t('tickets.loadMore')}
        </button>
      )}
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { type SlaPolicyDto, useCalendars, useDeletePolicy, useSavePolicy, useSlaPolicies } from '../api/sla-admin.ts';
import { AdminTable, ConfirmDelete, EditDeleteButtons, MoveButtons } from './admin-table.tsx';
import { SlaPolicyForm } from './sla-policy-form.tsx';

/** "1 h 30 min" in the UI language. */
function useDuration() {
  const { t } = useTranslation();
  return (minutes: number | null) => {
    if (minutes === null) return '—';
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return [h ? t('slaAdmin.hoursShort', { count: h }) : '', m ? t('slaAdmin.minutesShort', { count: m }) : ''].filter(Boolean).join(' ');
  };
}

/** SLA policies in the order they are tried: the first whose conditions match a ticket applies. */
export function SlaPoliciesAdmin() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const calendars = useCalendars();
  const move = useSavePolicy();
  const remove = useDeletePolicy();
  const duration = useDuration();
  const [editing, setEditing] = useState<SlaPolicyDto | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<SlaPolicyDto | null>(null);
  const calendarName = (id: number) => calendars.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const conditionText = (p: SlaPolicyDto) => {
    const parts = [
      p.conditions.priority?.map((x) => t(`priority.${x}`)).join(', '),
      p.conditions.requesterKind?.map((k) => t(`slaAdmin.requesterKinds.${k}`)).join(', '),
      p.conditions.categoryId?.length ? t('slaAdmin.categoriesCount', { count: p.conditions.categoryId.length }) : '',
      p.conditions.organisationId?.length ? t('slaAdmin.organisationsCount', { count: p.conditions.organisationId.length }) : '',
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('slaAdmin.everyTicket');
  };
  const breachText = (p: SlaPolicyDto) =>
    [p.onBreach.notifySupervisors && t('slaAdmin.notifySupervisors'), p.onBreach.raisePriority && t('slaAdmin.raisePriority'), p.onBreach.escalate && t('slaAdmin.escalate')]
      .filter(Boolean)
      .join(', ') || '—';

  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">{t('slaAdmin.policies')}</h1>
      <p className="muted">{t('slaAdmin.policiesIntro')}</p>
      {editing === null ? (
        <p>
          <button
            type="button"
            className="btn btn-primary"
            disabled={(calendars.data ?? []).length === 0}
            onClick={() => {
              setEditing('new');
              setSaved(false);
            }}
          >
            {t('slaAdmin.addPolicy')}
          </button>
          {calendars.data?.length === 0 && <span className="muted"> {t('slaAdmin.needCalendar')}</span>}
        </p>
      ) : (
        <SlaPolicyForm
          key={editing === 'new' ? 'new' : editing.id}
          policy={editing === 'new' ? null : editing}
          onDone={(done) => {
            setEditing(null);
            setSaved(done);
          }}
        />
      )}
      {saved && <p role="status">{t('slaAdmin.policySaved')}</p>}
      {(move.isError || remove.isError) && (
        <p className="field-error" role="alert">
          {errorMessage(move.error ?? remove.error, t)}
        </p>
      )}
      <AdminTable query={policies} empty={t('admin.empty')} headers={[t('slaAdmin.order'), t('admin.name'), t('slaAdmin.conditions'), t('slaAdmin.targets'), t('slaAdmin.onBreach')]}>
        {(list) =>
          list.map((p, index) => (
            <tr key={p.id}>
              <td>
                {index + 1}{' '}
                <MoveButtons index={index} count={list.length} name={p.name} disabled={move.isPending} onMove={(delta) => move.mutate({ id: p.id, body: { position: index + 1 + delta } })} />
              </td>
              <td>
                {p.name}
                <div className="muted small">{calendarName(p.calendarId)}</div>
              </td>
              <td className="small">{conditionText(p)}</td>
              <td className="small">
                {t('slaAdmin.firstResponse')}: {duration(p.firstResponseMinutes)}
                <br />
                {t('slaAdmin.nextResponse')}: {duration(p.nextResponseMinutes)}
                <br />
                {t('slaAdmin.resolution')}: {duration(p.resolutionMinutes)}
                <br />
                {t('slaAdmin.warningAt', { percent: p.warningPercent })}
              </td>
              <td className="small">{breachText(p)}</td>
              <td>
                <EditDeleteButtons
                  name={p.name}
                  onEdit={() => {
                    setEditing(p);
                    setSaved(false);
                  }}
                  onDelete={() => setConfirmDelete(p)}
                />
              </td>
            </tr>
          ))
        }
      </AdminTable>
      <ConfirmDelete
        item={confirmDelete}
        title={t('slaAdmin.deletePolicyTitle')}
        message={(name) => t('slaAdmin.deletePolicyMessage', { name })}
        onConfirm={(policy) => remove.mutate(policy.id)}
        onClose={() => setConfirmDelete(null)}
      />
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import type { CreateSlaPolicyInput, RequesterKind, SlaPolicyDto } from '../../../../shared/contracts/sla.ts';
import { REQUESTER_KINDS } from '../../../../shared/contracts/sla.ts';
import { TICKET_PRIORITIES, type TicketPriority } from '../../../../shared/enums.ts';
import { useAllCategories, useOrganisations } from '../api/admin.ts';
import { useCalendars, useSavePolicy } from '../api/sla-admin.ts';

interface Form {
  name: string;
  calendarId: string;
  priority: TicketPriority[];
  categoryId: number[];
  organisationId: number[];
  requesterKind: RequesterKind[];
  firstResponse: number | null;
  nextResponse: number | null;
  resolution: number | null;
  warningPercent: string;
  escalate: boolean;
  raisePriority: boolean;
  notifySupervisors: boolean;
}

function formOf(p: SlaPolicyDto | null): Form {
  return {
    name: p?.name ?? '',
    calendarId: p ? String(p.calendarId) : '',
    priority: p?.conditions.priority ?? [],
    categoryId: p?.conditions.categoryId ?? [],
    organisationId: p?.conditions.organisationId ?? [],
    requesterKind: p?.conditions.requesterKind ?? [],
    firstResponse: p?.firstResponseMinutes ?? 60,
    nextResponse: p?.nextResponseMinutes ?? null,
    resolution: p?.resolutionMinutes ?? 8 * 60,
    warningPercent: String(p?.warningPercent ?? 80),
    escalate: p?.onBreach.escalate ?? false,
    raisePriority: p?.onBreach.raisePriority ?? false,
    notifySupervisors: p?.onBreach.notifySupervisors ?? true,
  };
}

const toggle = <T,>(list: T[], value: T, on: boolean): T[] => (on ? [...list, value] : list.filter((v) => v !== value));

/** A target in business hours and minutes; `optional` targets can be switched off (null). */
function DurationInput({ id, label, value, onChange, optional }: { id: string; label: string; value: number | null; onChange: (minutes: number | null) => void; optional?: boolean }) {
  const { t } = useTranslation();
  const hours = value === null ? 0 : Math.floor(value / 60);
  const minutes = value === null ? 0 : value % 60;
  return (
    <fieldset className="duration">
      <legend>{label}</legend>
      {optional && (
        <label>
          <input type="checkbox" checked={value !== null} onChange={(e) => onChange(e.target.checked ? 120 : null)} /> {t('slaAdmin.targetOn')}
        </label>
      )}
      {value !== null && (
        <>
          {' '}
          <input id={`${id}-h`} type="number" min={0} max={1666} value={hours} onChange={(e) => onChange(Number(e.target.value) * 60 + minutes)} />{' '}
          <label htmlFor={`${id}-h`}>{t('slaAdmin.hoursUnit')}</label>{' '}
          <input id={`${id}-m`} type="number" min={0} max={59} value={minutes} onChange={(e) => onChange(hours * 60 + Number(e.target.value))} />{' '}
          <label htmlFor={`${id}-m`}>{t('slaAdmin.minutesUnit')}</label>
        </>
      )}
    </fieldset>
  );
}

/** Add or change one SLA policy: conditions, targets in business time, warning share, breach actions. */
export function SlaPolicyForm({ policy, onDone }: { policy: SlaPolicyDto | null; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const categories = useAllCategories();
  const organisations = useOrganisations();
  const save = useSavePolicy();
  const [form, setForm] = useState<Form>(() => formOf(policy));
  const field = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  const orgs = organisations.data?.pages.flatMap((p) => p.items) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const conditions = {
      ...(form.priority.length ? { priority: form.priority } : {}),
      ...(form.categoryId.length ? { categoryId: form.categoryId } : {}),
      ...(form.organisationId.length ? { organisationId: form.organisationId } : {}),
      ...(form.requesterKind.length ? { requesterKind: form.requesterKind } : {}),
    };
    const body: CreateSlaPolicyInput = {
      name: form.name,
      calendarId: Number(form.calendarId),
      conditions,
      firstResponseMinutes: form.firstResponse ?? 0,
      nextResponseMinutes: form.nextResponse,
      resolutionMinutes: form.resolution ?? 0,
      warningPercent: Number(form.warningPercent),
      onBreach: { escalate: form.escalate, raisePriority: form.raisePriority, notifySupervisors: form.notifySupervisors },
    };
    save.mutate({ id: policy?.id ?? null, body }, { onSuccess: () => onDone(true) });
  };
  const multi = (id: string, label: string, options: Array<{ id: number; name: string }>, value: number[], onChange: (v: number[]) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} multiple size={Math.min(6, Math.max(2, options.length))} value={value.map(String)} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => Number(o.value)))}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <p className="muted small">{t('slaAdmin.anyWhenEmpty')}</p>
    </div>
  );

  return (
    <form className="add-form sla-form" onSubmit={submit} aria-label={policy ? t('slaAdmin.editPolicy') : t('slaAdmin.addPolicy')}>
      <div className="field">
        <label htmlFor="pol-name">{t('admin.name')}</label>
        <input id="pol-name" required value={form.name} onChange={(e) => field('name', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pol-calendar">{t('slaAdmin.calendar')}</label>
        <select id="pol-calendar" required value={form.calendarId} onChange={(e) => field('calendarId', e.target.value)}>
          <option value="">{t('slaAdmin.chooseCalendar')}</option>
          {(calendars.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('slaAdmin.conditions')}</legend>
        <p className="muted small">{t('slaAdmin.conditionsHint')}</p>
        <fieldset>
          <legend>{t('slaAdmin.priorities')}</legend>
          {TICKET_PRIORITIES.map((p) => (
            <label key={p} className="inline-check">
              <input type="checkbox" checked={form.priority.includes(p)} onChange={(e) => field('priority', toggle(form.priority, p, e.target.checked))} /> {t(`priority.${p}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('slaAdmin.requesterKind')}</legend>
          {REQUESTER_KINDS.map((k) => (
            <label key={k} className="inline-check">
              <input type="checkbox" checked={form.requesterKind.includes(k)} onChange={(e) => field('requesterKind', toggle(form.requesterKind, k, e.target.checked))} />{' '}
              {t(`slaAdmin.requesterKinds.${k}`)}
            </label>
          ))}
        </fieldset>
        {multi('pol-categories', t('slaAdmin.categories'), categories.data ?? [], form.categoryId, (v) => field('categoryId', v))}
        {multi('pol-organisations', t('slaAdmin.organisations'), orgs, form.organisationId, (v) => field('organisationId', v))}
      </fieldset>
      <DurationInput id="pol-first" label={t('slaAdmin.firstResponse')} value={form.firstResponse} onChange={(v) => field('firstResponse', v)} />
      <DurationInput id="pol-next" label={t('slaAdmin.nextResponse')} value={form.nextResponse} onChange={(v) => field('nextResponse', v)} optional />
      <DurationInput id="pol-resolution" label={t('slaAdmin.resolution')} value={form.resolution} onChange={(v) => field('resolution', v)} />
      <div className="field">
        <label htmlFor="pol-warning">{t('slaAdmin.warningPercent')}</label>
        <input id="pol-warning" type="number" min={1} max={99} required value={form.warningPercent} onChange={(e) => field('warningPercent', e.target.value)} /> %
      </div>
      <fieldset>
        <legend>{t('slaAdmin.onBreach')}</legend>
        <label className="inline-check">
          <input type="checkbox" checked={form.notifySupervisors} onChange={(e) => field('notifySupervisors', e.target.checked)} /> {t('slaAdmin.notifySupervisors')}
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={form.raisePriority} onChange={(e) => field('raisePriority', e.target.checked)} /> {t('slaAdmin.raisePriority')}
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={form.escalate} onChange={(e) => field('escalate', e.target.checked)} /> {t('slaAdmin.escalate')}
        </label>
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {policy ? t('slaAdmin.savePolicy') : t('slaAdmin.addPolicy')}
      </button>{' '}
      <button type="button" className="btn" onClick={() => onDone(false)}>
        {t('common.cancel')}
      </button>
      {save.isError && (
        <p className="field-error" role="alert">
          {errorMessage(save.error, t)}
        </p>
      )}
    </form>
  );
}

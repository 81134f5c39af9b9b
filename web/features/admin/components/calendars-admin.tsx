import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { WEEKDAY_KEYS } from '../../../../shared/contracts/sla.ts';
import { ApiError } from '../../../lib/api-client.ts';
import { type CalendarDto, useCalendars, useDeleteCalendar, useHolidayRegions, useSaveCalendar, useSlaPolicies } from '../api/sla-admin.ts';
import { AdminTable, ConfirmDelete, EditDeleteButtons } from './admin-table.tsx';
import { OFFICE_HOURS, type WeeklyHours, WeeklyHoursEditor } from './weekly-hours-editor.tsx';

interface Form {
  name: string;
  timeZone: string;
  hours: WeeklyHours;
  country: string;
  state: string;
  closedDates: string[];
  newClosedDate: string;
}
const EMPTY: Form = { name: '', timeZone: 'Europe/Berlin', hours: OFFICE_HOURS, country: 'DE', state: '', closedDates: [], newClosedDate: '' };

function formOf(c: CalendarDto): Form {
  const hours = Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, c.hours[d] ?? []])) as WeeklyHours;
  return { name: c.name, timeZone: c.timeZone, hours, country: c.holidays?.country ?? '', state: c.holidays?.state ?? '', closedDates: c.closedDates, newClosedDate: '' };
}

function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes(current) ? all : [current, ...all];
}

/** Business-hour calendars of the SLA policies: time zone, weekly hours, public holidays, extra closed days. */
export function CalendarsAdmin() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language.startsWith('de') ? 'de' : 'en';
  const calendars = useCalendars();
  const regions = useHolidayRegions(locale);
  const save = useSaveCalendar();
  const remove = useDeleteCalendar();
  const policies = useSlaPolicies();
  const [deleting, setDeleting] = useState<CalendarDto | null>(null);
  /** A calendar in use cannot go: name the policies that use it, in the reader's language. */
  const removeError = () => {
    if (remove.error instanceof ApiError && remove.error.code === 'conflict' && deleting) {
      const names = (policies.data ?? []).filter((p) => p.calendarId === deleting.id).map((p) => `„${p.name}“`);
      return t('slaAdmin.calendarInUse', { name: deleting.name, policies: names.join(', ') });
    }
    return errorMessage(remove.error, t);
  };
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<CalendarDto | null>(null);
  const zones = useMemo(() => timeZones(form.timeZone), [form.timeZone]);
  const field = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  const country = regions.data?.find((r) => r.code === form.country);
  const regionName = (c: CalendarDto) => {
    if (!c.holidays) return t('slaAdmin.noHolidays');
    const found = regions.data?.find((r) => r.code === c.holidays!.country);
    const state = found?.states.find((s) => s.code === c.holidays!.state);
    return [found?.name ?? c.holidays.country, state?.name ?? c.holidays.state].filter(Boolean).join(' / ');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = {
      name: form.name,
      timeZone: form.timeZone,
      hours: form.hours,
      holidays: form.country ? { country: form.country, ...(form.state ? { state: form.state } : {}) } : null,
      closedDates: form.closedDates,
    };
    save.mutate(
      { id: editing, body },
      {
        onSuccess: () => {
          setEditing(null);
          setForm(EMPTY);
          setSaved(true);
        },
      },
    );
  };
  const addClosedDate = () => {
    if (!form.newClosedDate || form.closedDates.includes(form.newClosedDate)) return;
    setForm({ ...form, closedDates: [...form.closedDates, form.newClosedDate].sort(), newClosedDate: '' });
  };

  return (
    <section aria-labelledby="calendars-title">
      <h1 id="calendars-title">{t('slaAdmin.calendars')}</h1>
      <p className="muted">{t('slaAdmin.calendarsIntro')}</p>
      <form className="add-form sla-form" onSubmit={submit} aria-label={editing === null ? t('slaAdmin.addCalendar') : t('slaAdmin.editCalendar')}>
        <div className="field">
          <label htmlFor="cal-name">{t('admin.name')}</label>
          <input id="cal-name" required value={form.name} onChange={(e) => field('name', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cal-zone">{t('slaAdmin.timeZone')}</label>
          <select id="cal-zone" value={form.timeZone} onChange={(e) => field('timeZone', e.target.value)}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <WeeklyHoursEditor value={form.hours} onChange={(hours) => field('hours', hours)} />
        <div className="field">
          <label htmlFor="cal-country">{t('slaAdmin.holidayCountry')}</label>
          <select id="cal-country" value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value, state: '' })}>
            <option value="">{t('slaAdmin.noHolidays')}</option>
            {(regions.data ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
            {form.country && !country && <option value={form.country}>{form.country}</option>}
          </select>
        </div>
        {country && country.states.length > 0 && (
          <div className="field">
            <label htmlFor="cal-state">{t('slaAdmin.holidayState')}</label>
            <select id="cal-state" value={form.state} onChange={(e) => field('state', e.target.value)}>
              <option value="">{t('slaAdmin.wholeCountry')}</option>
              {country.states.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>{t('slaAdmin.closedDates')}</legend>
          <ul className="plain-list">
            {form.closedDates.map((d) => (
              <li key={d}>
                {d}{' '}
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    field(
                      'closedDates',
                      form.closedDates.filter((x) => x !== d),
                    )
                  }
                >
                  {t('slaAdmin.removeDate')}
                  <span className="visually-hidden">: {d}</span>
                </button>
              </li>
            ))}
          </ul>
          <label htmlFor="cal-closed">{t('slaAdmin.closedDate')}</label> <input id="cal-closed" type="date" value={form.newClosedDate} onChange={(e) => field('newClosedDate', e.target.value)} />{' '}
          <button type="button" className="btn btn-small" onClick={addClosedDate} disabled={!form.newClosedDate}>
            {t('slaAdmin.addDate')}
          </button>
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {editing === null ? t('slaAdmin.addCalendar') : t('slaAdmin.saveCalendar')}
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
        {saved && <p role="status">{t('slaAdmin.calendarSaved')}</p>}
      </form>
      {remove.isError && (
        <p className="field-error" role="alert">
          {removeError()}
        </p>
      )}
      <AdminTable query={calendars} empty={t('admin.empty')} headers={[t('admin.name'), t('slaAdmin.timeZone'), t('slaAdmin.hours'), t('slaAdmin.holidays')]}>
        {(list) =>
          list.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.timeZone}</td>
              <td className="small">
                {WEEKDAY_KEYS.filter((d) => (c.hours[d] ?? []).length > 0)
                  .map((d) => `${t(`slaAdmin.daysShort.${d}`)} ${(c.hours[d] ?? []).map((r) => r.join('–')).join(', ')}`)
                  .join(' · ') || t('slaAdmin.closed')}
              </td>
              <td>
                {regionName(c)}
                {c.closedDates.length > 0 && <div className="muted small">{t('slaAdmin.closedDaysCount', { count: c.closedDates.length })}</div>}
              </td>
              <td>
                <EditDeleteButtons
                  name={c.name}
                  onEdit={() => {
                    setEditing(c.id);
                    setForm(formOf(c));
                    setSaved(false);
                  }}
                  onDelete={() => setConfirmDelete(c)}
                />
              </td>
            </tr>
          ))
        }
      </AdminTable>
      <ConfirmDelete
        item={confirmDelete}
        title={t('slaAdmin.deleteCalendarTitle')}
        message={(name) => t('slaAdmin.deleteCalendarMessage', { name })}
        onConfirm={(calendar) => {
          setDeleting(calendar);
          remove.mutate(calendar.id);
        }}
        onClose={() => setConfirmDelete(null)}
      />
    </section>
  );
}

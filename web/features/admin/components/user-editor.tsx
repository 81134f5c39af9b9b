import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../shared/enums.ts';
import { errorMessage, FieldError } from '../../../components/states.tsx';
import i18next from 'i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { fieldMessage } from '../../../lib/error-text.ts';
import { useGroups } from '../../../lib/reference-data.ts';
import { useOrganisationOptions, useUpdateUser, type UserChanges, type UserRow } from '../api/admin.ts';

type Field = keyof UserChanges;
/** A field error wraps below its field instead of widening it. */
const FIELD = { maxWidth: '18rem' } as const;

/**
 * The API's field errors in the user's language where we know them; the server's own text
 * otherwise. The 409 for the last administrator belongs to the field that was changed.
 */
function fieldErrors(error: unknown, before: UserRow, sent: UserChanges, t: (key: string) => string): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'conflict') return before.role === 'admin' && sent.role !== 'admin' ? { role: t('admin.lastAdmin') } : { active: t('admin.lastAdmin') };
  const out: Partial<Record<Field, string>> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    if (field === 'groupIds')
      out.groupIds = message.startsWith('Only') ? t('admin.customerNoGroups') : message.startsWith('Unknown') ? t('admin.unknownReference') : fieldMessage(message, t, i18next.language);
    else if (field === 'organisationId') out.organisationId = t('admin.unknownReference');
    else if (field === 'role' || field === 'active') out[field] = fieldMessage(message, t, i18next.language);
  }
  return out;
}

interface Props {
  user: UserRow;
  isSelf: boolean;
  onDone: (saved: UserRow | null) => void;
}

/** Role, organisation, active flag and group memberships of one user; a failed save keeps the entries. */
export function UserEditor({ user, isSelf, onDone }: Props) {
  const { t } = useTranslation();
  const groups = useGroups();
  const orgs = useOrganisationOptions();
  const update = useUpdateUser();
  const [form, setForm] = useState<UserChanges>({ role: user.role, organisationId: user.organisationId, active: user.active, groupIds: user.groupIds });
  const [sent, setSent] = useState<UserChanges | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const prefix = `edit-user-${user.id}`;
  const errors = update.isError && sent ? fieldErrors(update.error, user, sent, t) : {};
  const hasFieldError = Object.keys(errors).length > 0;
  const isCustomer = form.role === 'customer';
  const toggleGroup = (id: number, on: boolean) => setForm({ ...form, groupIds: on ? [...form.groupIds.filter((g) => g !== id), id] : form.groupIds.filter((g) => g !== id) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: UserChanges = { ...form, groupIds: isCustomer ? [] : form.groupIds };
    setSent(changes);
    update.mutate({ id: user.id, changes }, { onSuccess: (saved) => onDone(saved) });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onDone(null);
    }
  };
  const describedBy = (field: Field, hint?: string) => [hint, errors[field] ? `${prefix}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="add-form user-editor" onSubmit={submit} onKeyDown={onKeyDown} aria-labelledby={`${prefix}-title`} noValidate>
      <h2 id={`${prefix}-title`} className="h-small" style={{ flexBasis: '100%', margin: 0 }}>
        {t('admin.editUserTitle', { name: user.name })}
      </h2>
      {update.isError && (
        <p className="field-error" role="alert" style={{ flexBasis: '100%' }}>
          {hasFieldError ? t('admin.saveFailed') : `${t('admin.saveFailed')} ${errorMessage(update.error, t)}`}
        </p>
      )}
      <div className="field" style={FIELD}>
        <label htmlFor={`${prefix}-role`}>{t('admin.role')}</label>
        <select
          ref={first}
          id={`${prefix}-role`}
          value={form.role}
          aria-invalid={errors.role ? true : undefined}
          aria-describedby={describedBy('role')}
          onChange={(e) => setForm({ ...form, role: e.target.value as UserChanges['role'] })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-role-error`} message={errors.role} />
      </div>
      <div className="field" style={FIELD}>
        <label htmlFor={`${prefix}-org`}>{t('admin.organisation')}</label>
        <select
          id={`${prefix}-org`}
          value={form.organisationId ?? ''}
          aria-invalid={errors.organisationId ? true : undefined}
          aria-describedby={describedBy('organisationId')}
          onChange={(e) => setForm({ ...form, organisationId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('admin.none')}</option>
          {form.organisationId !== null && !orgs.data?.some((o) => o.id === form.organisationId) && <option value={form.organisationId}>#{form.organisationId}</option>}
          {orgs.data?.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-organisationId-error`} message={errors.organisationId} />
      </div>
      <div className="field" style={FIELD}>
        <label className="check">
          <input
            type="checkbox"
            checked={form.active}
            disabled={isSelf}
            aria-invalid={errors.active ? true : undefined}
            aria-describedby={describedBy('active')}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />
          {t('admin.active')}
        </label>
        <FieldError id={`${prefix}-active-error`} message={errors.active} />
      </div>
      <fieldset className="field" style={{ flexBasis: '100%', border: 'none', padding: 0, margin: 0 }} aria-describedby={describedBy('groupIds', isCustomer ? `${prefix}-groups-hint` : undefined)}>
        <legend>{t('admin.groupMemberships')}</legend>
        {isCustomer && (
          <p className="hint" id={`${prefix}-groups-hint`}>
            {t('admin.groupsCustomerHint')}
          </p>
        )}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1rem' }}>
          {groups.data?.map((g) => (
            <label key={g.id} className="check">
              <input type="checkbox" disabled={isCustomer} checked={!isCustomer && form.groupIds.includes(g.id)} onChange={(e) => toggleGroup(g.id, e.target.checked)} />
              {g.name} ({t(`levels.${g.level}`)})
            </label>
          ))}
        </div>
        <FieldError id={`${prefix}-groupIds-error`} message={errors.groupIds} />
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={update.isPending}>
        {update.isPending ? t('common.saving') : t('common.save')}
      </button>
      <button type="button" className="btn" onClick={() => onDone(null)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

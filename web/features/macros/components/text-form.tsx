import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/states.tsx';
import { useGroups } from '../../../lib/reference-data.ts';
import { PLACEHOLDERS, type MacroChanges } from '../../../../shared/contracts/macros.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../shared/enums.ts';
import { type Macro, type Snippet, type TextKind, useSaveText } from '../api/macros.ts';

interface Draft {
  name: string;
  groupId: string;
  de: string;
  en: string;
  changes: MacroChanges;
}

const draftOf = (kind: TextKind, item?: Macro | Snippet): Draft => ({
  name: item?.name ?? '',
  groupId: item?.groupId ? String(item.groupId) : '',
  de: item ? (kind === 'macros' ? (item as Macro).replyDe : (item as Snippet).bodyDe) : '',
  en: item ? (kind === 'macros' ? (item as Macro).replyEn : (item as Snippet).bodyEn) : '',
  changes: kind === 'macros' && item ? (item as Macro).changes : {},
});

/** Adds or edits a macro or snippet: name, German and English text, (macros) field changes, (shared) group. */
export function TextForm({ kind, scope, item, onDone }: { kind: TextKind; scope: 'personal' | 'shared'; item?: Macro | Snippet; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveText(kind);
  const groups = useGroups(scope === 'shared');
  const [draft, setDraft] = useState<Draft>(() => draftOf(kind, item));
  const prefix = `${kind}-${item?.id ?? 'new'}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const texts = kind === 'macros' ? { replyDe: draft.de, replyEn: draft.en, changes: draft.changes } : { bodyDe: draft.de, bodyEn: draft.en };
    const group = scope === 'shared' ? { groupId: draft.groupId ? Number(draft.groupId) : null } : {};
    const body = item ? { name: draft.name, ...group, ...texts } : { name: draft.name, scope, ...group, ...texts };
    save.mutate({ ...(item ? { id: item.id } : {}), body }, { onSuccess: onDone });
  };
  const setChange = <K extends keyof MacroChanges>(key: K, value: MacroChanges[K] | '') => {
    const next = { ...draft.changes };
    if (value === '' || value === undefined || value === false) delete next[key];
    else next[key] = value as MacroChanges[K];
    setDraft({ ...draft, changes: next });
  };
  return (
    <form className="card form text-form" onSubmit={submit} aria-label={item ? `${t('macros.edit')}: ${item.name}` : t('macros.add')}>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t('macros.name')}</label>
        <input id={`${prefix}-name`} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </div>
      {scope === 'shared' && (
        <div className="field">
          <label htmlFor={`${prefix}-group`}>{t('macros.group')}</label>
          <select id={`${prefix}-group`} value={draft.groupId} onChange={(e) => setDraft({ ...draft, groupId: e.target.value })}>
            <option value="">{t('macros.everyone')}</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === 'macros' && (
        <fieldset className="macro-changes">
          <legend>{t('macros.changes')}</legend>
          <label htmlFor={`${prefix}-status`}>{t('fields.status')}</label>
          <select id={`${prefix}-status`} value={draft.changes.status ?? ''} onChange={(e) => setChange('status', e.target.value as MacroChanges['status'] | '')}>
            <option value="">{t('macros.noChange')}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${prefix}-priority`}>{t('fields.priority')}</label>
          <select id={`${prefix}-priority`} value={draft.changes.priority ?? ''} onChange={(e) => setChange('priority', e.target.value as MacroChanges['priority'] | '')}>
            <option value="">{t('macros.noChange')}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={draft.changes.assignToSelf === true} onChange={(e) => setChange('assignToSelf', e.target.checked)} /> {t('macros.assignToSelf')}
          </label>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-de`}>{kind === 'macros' ? t('macros.replyDe') : t('macros.textDe')}</label>
        <textarea id={`${prefix}-de`} lang="de" rows={4} value={draft.de} onChange={(e) => setDraft({ ...draft, de: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-en`}>{kind === 'macros' ? t('macros.replyEn') : t('macros.textEn')}</label>
        <textarea id={`${prefix}-en`} lang="en" rows={4} value={draft.en} onChange={(e) => setDraft({ ...draft, en: e.target.value })} />
      </div>
      <p className="hint">
        {t('macros.placeholders')}: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(' · ')}
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {item ? t('macros.save') : t('macros.add')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('macros.cancel')}
        </button>
      </div>
      {save.isError && (
        <p className="field-error" role="alert">
          {errorMessage(save.error, t)}
        </p>
      )}
    </form>
  );
}

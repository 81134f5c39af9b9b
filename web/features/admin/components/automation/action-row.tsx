import { useTranslation } from 'react-i18next';
import { MAIL_RECIPIENTS, TRIGGER_PLACEHOLDERS } from '../../../../../shared/contracts/automation.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../../shared/enums.ts';
import type { TriggerAction } from '../../api/automation.ts';
import type { ReferenceOptions } from './condition-row.tsx';

export const ACTION_TYPES = ['set_group', 'set_priority', 'set_status', 'set_category', 'assign', 'add_tag', 'escalate', 'add_note', 'send_mail'] as const satisfies ReadonlyArray<
  TriggerAction['type']
>;
type ActionType = (typeof ACTION_TYPES)[number];

export function defaultAction(type: ActionType, firstGroup: number | undefined): TriggerAction {
  switch (type) {
    case 'set_status':
      return { type, value: 'open' };
    case 'set_priority':
      return { type, value: 'high' };
    case 'set_group':
      return { type, groupId: firstGroup ?? 0 };
    case 'set_category':
      return { type, categoryId: null };
    case 'assign':
      return { type, assigneeId: null };
    case 'add_tag':
      return { type, tag: '' };
    case 'escalate':
      return { type, reason: '' };
    case 'add_note':
      return { type, body: '' };
    case 'send_mail':
      return { type, to: 'requester', subjectDe: '', bodyDe: '', subjectEn: '', bodyEn: '' };
  }
}

interface Props {
  index: number;
  action: TriggerAction;
  options: ReferenceOptions;
  onChange: (next: TriggerAction) => void;
  onRemove: () => void;
}

/** One action: its type and the inputs that type needs. */
export function ActionRow({ index, action, options, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const id = `action-${index}`;
  const label = t('automation.actionN', { n: index + 1 });
  const select = (key: string, caption: string, value: string, list: Array<{ value: string; label: string }>, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{caption}</label>
      <select id={`${id}-${key}`} value={value} onChange={(e) => set(e.target.value)}>
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const text = (key: string, caption: string, value: string, set: (v: string) => void, multiline = false) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{caption}</label>
      {multiline ? (
        <textarea id={`${id}-${key}`} required rows={3} value={value} onChange={(e) => set(e.target.value)} />
      ) : (
        <input id={`${id}-${key}`} required value={value} onChange={(e) => set(e.target.value)} />
      )}
    </div>
  );
  const placeholders = <p className="hint">{t('automation.placeholders', { list: TRIGGER_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', '), interpolation: { escapeValue: false } })}</p>;

  const inputs = () => {
    const a = action;
    switch (a.type) {
      case 'set_status':
        return select(
          'value',
          t('automation.value'),
          a.value,
          TICKET_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          (v) => onChange({ ...a, value: v as typeof a.value }),
        );
      case 'set_priority':
        return select(
          'value',
          t('automation.value'),
          a.value,
          TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })),
          (v) => onChange({ ...a, value: v as typeof a.value }),
        );
      case 'set_group':
        return select('group', t('automation.fields.group'), String(a.groupId), options.groups, (v) => onChange({ ...a, groupId: Number(v) }));
      case 'set_category':
        return select('category', t('automation.fields.category'), a.categoryId === null ? '' : String(a.categoryId), [{ value: '', label: t('automation.noCategory') }, ...options.categories], (v) =>
          onChange({ ...a, categoryId: v ? Number(v) : null }),
        );
      case 'assign':
        return select('assignee', t('automation.fields.assignee'), a.assigneeId === null ? '' : String(a.assigneeId), [{ value: '', label: t('automation.nobody') }, ...options.agents], (v) =>
          onChange({ ...a, assigneeId: v ? Number(v) : null }),
        );
      case 'add_tag':
        return text('tag', t('automation.tag'), a.tag, (v) => onChange({ ...a, tag: v }));
      case 'escalate':
        return (
          <>
            {select('group', t('automation.fields.group'), a.groupId === undefined ? '' : String(a.groupId), [{ value: '', label: t('automation.nextLevel') }, ...options.groups], (v) =>
              onChange(v ? { ...a, groupId: Number(v) } : { type: 'escalate', reason: a.reason }),
            )}
            {text('reason', t('automation.reason'), a.reason, (v) => onChange({ ...a, reason: v }))}
          </>
        );
      case 'add_note':
        return (
          <>
            {text('note', t('automation.note'), a.body, (v) => onChange({ ...a, body: v }), true)}
            {placeholders}
          </>
        );
      case 'send_mail':
        return (
          <>
            {select(
              'to',
              t('automation.mailTo'),
              a.to,
              MAIL_RECIPIENTS.map((r) => ({ value: r, label: t(`automation.recipients.${r}`) })),
              (v) => onChange({ ...a, to: v as typeof a.to }),
            )}
            {text('subject-de', t('automation.subjectDe'), a.subjectDe, (v) => onChange({ ...a, subjectDe: v }))}
            {text('body-de', t('automation.bodyDe'), a.bodyDe, (v) => onChange({ ...a, bodyDe: v }), true)}
            {text('subject-en', t('automation.subjectEn'), a.subjectEn, (v) => onChange({ ...a, subjectEn: v }))}
            {text('body-en', t('automation.bodyEn'), a.bodyEn, (v) => onChange({ ...a, bodyEn: v }), true)}
            {placeholders}
          </>
        );
    }
  };

  return (
    <fieldset className="add-form automation-row" aria-label={label}>
      <legend className="visually-hidden">{label}</legend>
      {select(
        'type',
        t('automation.actionN', { n: index + 1 }),
        action.type,
        ACTION_TYPES.map((type) => ({ value: type, label: t(`automation.actionTypes.${type}`) })),
        (v) => onChange(defaultAction(v as ActionType, Number(options.groups[0]?.value) || undefined)),
      )}
      {inputs()}
      <button type="button" className="btn btn-small" onClick={onRemove}>
        {t('automation.remove')}
        <span className="visually-hidden">: {label}</span>
      </button>
    </fieldset>
  );
}

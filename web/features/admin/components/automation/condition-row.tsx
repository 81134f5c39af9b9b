import { useTranslation } from 'react-i18next';
import { CHANNELS, GROUP_LEVELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../../shared/enums.ts';
import type { TriggerCondition } from '../../api/automation.ts';
import { type Option, MultiSelect } from './multi-select.tsx';

export const CONDITION_FIELDS = [
  'subject',
  'body',
  'text',
  'status',
  'priority',
  'group',
  'level',
  'category',
  'assignee',
  'organisation',
  'requesterKind',
  'requesterEmail',
  'channel',
  'tag',
] as const satisfies ReadonlyArray<TriggerCondition['field']>;
type Field = (typeof CONDITION_FIELDS)[number];

/** A valid starting point for each field, so the form never holds a condition the API refuses for its shape. */
export function defaultCondition(field: Field): TriggerCondition {
  switch (field) {
    case 'status':
      return { field, operator: 'is', value: ['new'] };
    case 'priority':
      return { field, operator: 'is', value: ['high'] };
    case 'level':
      return { field, operator: 'is', value: ['1'] };
    case 'channel':
      return { field, operator: 'is', value: ['email'] };
    case 'group':
      return { field, operator: 'is', value: [] };
    case 'category':
    case 'assignee':
    case 'organisation':
      return { field, operator: 'is_set' };
    case 'requesterKind':
      return { field, operator: 'is', value: 'internal' };
    case 'subject':
    case 'body':
    case 'text':
    case 'requesterEmail':
    case 'tag':
      return { field, operator: 'contains', value: '' };
  }
}

export interface ReferenceOptions {
  groups: Option[];
  categories: Option[];
  agents: Option[];
  organisations: Option[];
}

interface Props {
  index: number;
  condition: TriggerCondition;
  options: ReferenceOptions;
  onChange: (next: TriggerCondition) => void;
  onRemove: () => void;
}

/** One condition: field, operator and a value editor that fits the field. */
export function ConditionRow({ index, condition, options, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const id = `condition-${index}`;
  const label = t('automation.conditionN', { n: index + 1 });
  const operators: string[] =
    'value' in condition && typeof condition.value === 'string'
      ? condition.field === 'requesterKind'
        ? ['is']
        : ['contains', 'not_contains']
      : condition.field === 'category' || condition.field === 'assignee' || condition.field === 'organisation'
        ? ['is', 'is_not', 'is_set', 'is_not_set']
        : ['is', 'is_not'];
  const enumOptions = (values: readonly string[], prefix: string): Option[] => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

  const valueEditor = () => {
    const c = condition;
    switch (c.field) {
      case 'status':
        return (
          <MultiSelect
            id={`${id}-value`}
            label={t('automation.value')}
            options={enumOptions(TICKET_STATUSES, 'status')}
            value={c.value}
            onChange={(v) => onChange({ ...c, value: v as typeof c.value })}
          />
        );
      case 'priority':
        return (
          <MultiSelect
            id={`${id}-value`}
            label={t('automation.value')}
            options={enumOptions(TICKET_PRIORITIES, 'priority')}
            value={c.value}
            onChange={(v) => onChange({ ...c, value: v as typeof c.value })}
          />
        );
      case 'level':
        return (
          <MultiSelect
            id={`${id}-value`}
            label={t('automation.value')}
            options={enumOptions(GROUP_LEVELS, 'levels')}
            value={c.value}
            onChange={(v) => onChange({ ...c, value: v as typeof c.value })}
          />
        );
      case 'channel':
        return (
          <MultiSelect id={`${id}-value`} label={t('automation.value')} options={enumOptions(CHANNELS, 'channels')} value={c.value} onChange={(v) => onChange({ ...c, value: v as typeof c.value })} />
        );
      case 'group':
        return <MultiSelect id={`${id}-value`} label={t('automation.value')} options={options.groups} value={c.value.map(String)} onChange={(v) => onChange({ ...c, value: v.map(Number) })} />;
      case 'category':
      case 'assignee':
      case 'organisation': {
        if (c.operator === 'is_set' || c.operator === 'is_not_set') return null;
        const list = c.field === 'category' ? options.categories : c.field === 'assignee' ? options.agents : options.organisations;
        return <MultiSelect id={`${id}-value`} label={t('automation.value')} options={list} value={(c.value ?? []).map(String)} onChange={(v) => onChange({ ...c, value: v.map(Number) })} />;
      }
      case 'requesterKind':
        return (
          <div className="field">
            <label htmlFor={`${id}-value`}>{t('automation.value')}</label>
            <select id={`${id}-value`} value={c.value} onChange={(e) => onChange({ ...c, value: e.target.value as typeof c.value })}>
              <option value="internal">{t('automation.requesterKinds.internal')}</option>
              <option value="external">{t('automation.requesterKinds.external')}</option>
            </select>
          </div>
        );
      case 'subject':
      case 'body':
      case 'text':
      case 'requesterEmail':
      case 'tag':
        return (
          <div className="field">
            <label htmlFor={`${id}-value`}>{t('automation.value')}</label>
            <input id={`${id}-value`} required maxLength={200} value={c.value} onChange={(e) => onChange({ ...c, value: e.target.value })} />
          </div>
        );
    }
  };

  return (
    <fieldset className="add-form automation-row" aria-label={label}>
      <legend className="visually-hidden">{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-field`}>{t('automation.field')}</label>
        <select id={`${id}-field`} value={condition.field} onChange={(e) => onChange(defaultCondition(e.target.value as Field))}>
          {CONDITION_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`automation.fields.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-operator`}>{t('automation.operator')}</label>
        <select id={`${id}-operator`} value={condition.operator} onChange={(e) => onChange({ ...condition, operator: e.target.value } as TriggerCondition)}>
          {operators.map((o) => (
            <option key={o} value={o}>
              {t(`automation.operators.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {valueEditor()}
      <button type="button" className="btn btn-small" onClick={onRemove}>
        {t('automation.remove')}
        <span className="visually-hidden">: {label}</span>
      </button>
    </fieldset>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../components/states.tsx';
import { categoryName, useAgents, useGroups } from '../../../../lib/reference-data.ts';
import { TRIGGER_EVENTS } from '../../../../../shared/contracts/automation.ts';
import { useAllCategories, useOrganisationOptions } from '../../api/admin.ts';
import { type TriggerAction, type TriggerCondition, type TriggerDto, type TriggerEvent, useSaveTrigger } from '../../api/automation.ts';
import { ActionRow, defaultAction } from './action-row.tsx';
import { ConditionRow, defaultCondition, type ReferenceOptions } from './condition-row.tsx';

interface Props {
  /** The trigger to change; none: a new one. */
  trigger?: TriggerDto;
  onDone: () => void;
}

/** Creates or edits a trigger as a form: name, events, conditions (all/any) and actions. */
export function TriggerEditor({ trigger, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const save = useSaveTrigger();
  const groups = useGroups().data ?? [];
  const agents = useAgents().data ?? [];
  const categories = useAllCategories().data ?? [];
  const organisations = useOrganisationOptions().data ?? [];
  const options: ReferenceOptions = {
    groups: groups.map((g) => ({ value: String(g.id), label: `${g.name} (${t(`levels.${g.level}`)})` })),
    agents: agents.map((a) => ({ value: String(a.id), label: a.name })),
    categories: categories.map((c) => ({ value: String(c.id), label: categoryName(c, i18n.language) })),
    organisations: organisations.map((o) => ({ value: String(o.id), label: o.name })),
  };
  const [name, setName] = useState(trigger?.name ?? '');
  const [events, setEvents] = useState<TriggerEvent[]>(trigger?.events ?? ['created']);
  const [match, setMatch] = useState<'all' | 'any'>(trigger?.match ?? 'all');
  const [conditions, setConditions] = useState<TriggerCondition[]>(trigger?.conditions ?? []);
  const [actions, setActions] = useState<TriggerAction[]>(trigger?.actions ?? []);
  const title = trigger ? t('automation.editTrigger', { name: trigger.name }) : t('automation.newTrigger');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...(trigger ? { id: trigger.id } : {}), body: { name, events, match, conditions, actions } }, { onSuccess: onDone });
  };
  const replace = <T,>(list: T[], index: number, next: T) => list.map((item, i) => (i === index ? next : item));

  return (
    <form className="automation-editor" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <div className="field">
        <label htmlFor="trigger-name">{t('automation.name')}</label>
        <input id="trigger-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <fieldset className="field automation-choices">
        <legend>{t('automation.events')}</legend>
        {TRIGGER_EVENTS.map((e) => (
          <label key={e} className="check">
            <input type="checkbox" checked={events.includes(e)} onChange={(ev) => setEvents(ev.target.checked ? [...events, e] : events.filter((x) => x !== e))} />
            {t(`automation.event.${e}`)}
          </label>
        ))}
      </fieldset>

      <h3>{t('automation.conditions')}</h3>
      <div className="field">
        <label htmlFor="trigger-match">{t('automation.matchLabel')}</label>
        <select id="trigger-match" value={match} onChange={(e) => setMatch(e.target.value === 'any' ? 'any' : 'all')}>
          <option value="all">{t('automation.match.all')}</option>
          <option value="any">{t('automation.match.any')}</option>
        </select>
      </div>
      {conditions.length === 0 && <p className="hint">{t('automation.noConditions')}</p>}
      {conditions.map((c, i) => (
        <ConditionRow
          key={i}
          index={i}
          condition={c}
          options={options}
          onChange={(next) => setConditions(replace(conditions, i, next))}
          onRemove={() => setConditions(conditions.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" className="btn btn-small" onClick={() => setConditions([...conditions, defaultCondition('subject')])}>
        {t('automation.addCondition')}
      </button>

      <h3>{t('automation.actions')}</h3>
      {actions.map((a, i) => (
        <ActionRow key={i} index={i} action={a} options={options} onChange={(next) => setActions(replace(actions, i, next))} onRemove={() => setActions(actions.filter((_, j) => j !== i))} />
      ))}
      <button type="button" className="btn btn-small" onClick={() => setActions([...actions, defaultAction('set_group', groups[0]?.id)])}>
        {t('automation.addAction')}
      </button>

      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('automation.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('automation.save')}
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

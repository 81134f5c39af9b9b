import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../components/states.tsx';
import { useGroups } from '../../../lib/reference-data.ts';
import { ActiveCategoryOptions } from '../../../components/category-options.tsx';
import { AGENT_CHANNELS, TICKET_PRIORITIES, type AgentChannel, type TicketPriority } from '../../../../shared/enums.ts';
import type { CreateTicketInput } from '../../../../shared/contracts/tickets.ts';
import { useCreateTicketForCaller } from '../api/new-ticket.ts';
import { CallerPicker, type Caller } from '../components/caller-picker.tsx';

/** An agent opens a ticket for a caller (phone, walk-in, …) and lands on it. */
export default function NewTicket() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const groups = useGroups();
  const create = useCreateTicketForCaller();
  const [caller, setCaller] = useState<Caller | null>(null);
  const [channel, setChannel] = useState<AgentChannel>('phone');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [groupId, setGroupId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [missingCaller, setMissingCaller] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!caller) return setMissingCaller(true);
    const requester: Partial<CreateTicketInput> =
      caller.kind === 'existing' ? { requesterId: caller.id } : { requester: { name: caller.name, email: caller.email, organisationId: caller.organisationId } };
    create.mutate(
      { subject, body, channel, priority, ...requester, ...(groupId ? { groupId: Number(groupId) } : {}), ...(categoryId ? { categoryId: Number(categoryId) } : {}) },
      { onSuccess: (ticket) => void navigate(`/agent/tickets/${ticket.id}`) },
    );
  };

  return (
    <div className="page">
      <h1>{t('pendingCaller.newTicketTitle')}</h1>
      <form className="stack new-ticket-form" onSubmit={submit} noValidate={false}>
        <CallerPicker
          value={caller}
          onChange={(c) => {
            setCaller(c);
            setMissingCaller(false);
          }}
        />
        {missingCaller && (
          <p className="field-error" role="alert">
            {t('pendingCaller.chooseCaller')}
          </p>
        )}
        <fieldset className="field">
          <legend>{t('pendingCaller.channel')}</legend>
          <div className="inline">
            {AGENT_CHANNELS.map((c) => (
              <label key={c} className="radio">
                <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} /> {t(`channels.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="new-subject">{t('tickets.subject')}</label>
          <input id="new-subject" required maxLength={250} value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-body">{t('pendingCaller.description')}</label>
          <textarea id="new-body" required rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <div className="inline">
          <div className="field">
            <label htmlFor="new-group">{t('tickets.group')}</label>
            <select id="new-group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">{t('pendingCaller.groupAutomatic')}</option>
              {groups.data?.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name} ({t(`levels.${g.level}`)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-category">{t('tickets.category')}</label>
            <select id="new-category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">{t('tickets.noCategory')}</option>
              <ActiveCategoryOptions />
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-priority">{t('tickets.priority')}</label>
            <select id="new-priority" value={priority} onChange={(e) => setPriority(e.target.value as TicketPriority)}>
              {TICKET_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {create.isError && (
          <p className="field-error" role="alert">
            {errorMessage(create.error, t)}
          </p>
        )}
        <div className="inline">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('common.saving') : t('pendingCaller.create')}
          </button>
        </div>
      </form>
    </div>
  );
}

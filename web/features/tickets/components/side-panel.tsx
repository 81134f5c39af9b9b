import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../../../shared/enums.ts';
import { errorMessage } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useAgents, useCategories, useGroups } from '../../../lib/reference-data.ts';
import { ActiveCategoryOptions } from '../../../components/category-options.tsx';
import type { TicketDto as Ticket, TICKET_FIELDS } from '../../../../shared/contracts/tickets.ts';

type TicketField = (typeof TICKET_FIELDS)[number];
import { useUpdateTicket, type TicketChanges } from '../api/tickets.ts';
import { SlaDue } from './sla-due.tsx';
import { PendingReminder } from './pending-reminder.tsx';

/** Status, priority, category, group, assignee and tags, each saved as soon as it changes. */
export function SidePanel({ ticket, meId }: { ticket: Ticket; meId: number }) {
  const { t } = useTranslation();
  const update = useUpdateTicket(ticket.id);
  // The server says which fields the caller may change; a list entry without abilities allows all.
  const may = (field: TicketField) => ticket.abilities?.update.includes(field) ?? true;
  const groups = useGroups();
  const categories = useCategories();
  const agents = useAgents();
  const [tagInput, setTagInput] = useState('');

  const save = (changes: TicketChanges) => update.mutate({ ...changes, version: ticket.version });
  const stale = update.error instanceof ApiError && update.error.code === 'stale_version';

  return (
    <aside className="side-panel" aria-label={t('ticket.properties')}>
      {ticket.sla && (
        <div className="field">
          <span className="label">{t('sla.title', { policy: ticket.sla.policy.name })}</span>
          <SlaDue sla={ticket.sla} long />
        </div>
      )}
      <div className="field">
        <label htmlFor="side-status">{t('tickets.status')}</label>
        <select id="side-status" disabled={!may('status')} value={ticket.status} onChange={(e) => save({ status: e.target.value as TicketStatus })}>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {ticket.status === 'pending' && may('pendingUntil') && <PendingReminder key={ticket.pendingUntil ?? ''} pendingUntil={ticket.pendingUntil} disabled={update.isPending} onSave={save} />}
      <div className="field">
        <label htmlFor="side-priority">{t('tickets.priority')}</label>
        <select id="side-priority" disabled={!may('priority')} value={ticket.priority} onChange={(e) => save({ priority: e.target.value as TicketPriority })}>
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="side-assignee">{t('tickets.assignee')}</label>
        <div className="inline">
          <select id="side-assignee" disabled={!may('assigneeId')} value={ticket.assignee?.id ?? ''} onChange={(e) => save({ assigneeId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('tickets.unassigned')}</option>
            {ticket.assignee && !agents.data?.some((a) => a.id === ticket.assignee!.id) && <option value={ticket.assignee.id}>{ticket.assignee.name}</option>}
            {agents.data?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {ticket.assignee?.id !== meId && (
            <button type="button" className="btn btn-small" onClick={() => save({ assigneeId: meId })} aria-keyshortcuts="a">
              {t('ticket.takeIt')}
            </button>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor="side-group">{t('tickets.group')}</label>
        <select id="side-group" disabled={!may('groupId')} value={ticket.group.id} onChange={(e) => save({ groupId: Number(e.target.value) })}>
          {!groups.data?.some((g) => g.id === ticket.group.id) && <option value={ticket.group.id}>{ticket.group.name}</option>}
          {groups.data?.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({t(`levels.${g.level}`)})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="side-category">{t('tickets.category')}</label>
        <select id="side-category" disabled={!may('categoryId')} value={ticket.category?.id ?? ''} onChange={(e) => save({ categoryId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('tickets.noCategory')}</option>
          {ticket.category && !categories.data?.some((c) => c.id === ticket.category!.id) && <option value={ticket.category.id}>{ticket.category.name}</option>}
          <ActiveCategoryOptions />
        </select>
      </div>
      <div className="field">
        <span className="label" id="side-tags-label">
          {t('tickets.tags')}
        </span>
        <ul className="tag-list" aria-labelledby="side-tags-label">
          {ticket.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
              <button type="button" className="tag-remove" aria-label={t('ticket.removeTag', { tag })} onClick={() => save({ tags: ticket.tags.filter((x) => x !== tag) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const tag = tagInput.trim();
            if (tag && !ticket.tags.includes(tag)) save({ tags: [...ticket.tags, tag] });
            setTagInput('');
          }}
        >
          <label htmlFor="side-tag-add" className="visually-hidden">
            {t('ticket.addTag')}
          </label>
          <input id="side-tag-add" disabled={!may('tags')} value={tagInput} onChange={(e) => setTagInput(e.target.value)} placeholder={t('ticket.addTag')} />
          <button type="submit" className="btn btn-small">
            +
          </button>
        </form>
      </div>
      {update.isPending && (
        <p className="muted" role="status">
          {t('common.saving')}
        </p>
      )}
      {update.isError && (
        <p className="field-error" role="alert">
          {stale ? t('ticket.staleChange') : errorMessage(update.error, t)}
        </p>
      )}
    </aside>
  );
}

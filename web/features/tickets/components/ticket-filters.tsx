import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../shared/enums.ts';
import { useAgents, useGroups } from '../../../lib/reference-data.ts';
import type { TicketFilters } from '../api/tickets.ts';

const SORTS = ['-updated', 'updated', '-created', 'created', '-priority', 'priority', 'relevance'] as const;

interface Props {
  filters: TicketFilters;
  onChange: (next: TicketFilters) => void;
}

/** Search box (results as you type) and filters; the URL holds them so views can be bookmarked. */
export function TicketFiltersBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const groups = useGroups();
  const agents = useAgents();
  const [q, setQ] = useState(filters.q ?? '');
  const statusOptions = ['', 'all', 'new,open', ...TICKET_STATUSES];
  const statusLabel = (value: string) =>
    value
      .split(',')
      .map((s) => ((TICKET_STATUSES as readonly string[]).includes(s) ? t(`status.${s}`) : s))
      .join(', ');
  const groupIds = groups.data?.map((g) => String(g.id)) ?? [];
  const agentName = (id: string) => agents.data?.find((a) => String(a.id) === id)?.name ?? `#${id}`;

  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: q || undefined, sort: q ? (filters.sort ?? 'relevance') : filters.sort === 'relevance' ? undefined : filters.sort }), 200);
    return () => clearTimeout(timer);
  }, [q, filters, onChange]);

  const set = (key: keyof TicketFilters) => (event: React.ChangeEvent<HTMLSelectElement>) => onChange({ ...filters, [key]: event.target.value || undefined });

  return (
    <div className="filters" role="search">
      <div className="field field-search">
        <label htmlFor="ticket-search">{t('tickets.search')}</label>
        <input
          id="ticket-search"
          type="search"
          placeholder={t('tickets.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
          aria-keyshortcuts="/"
        />
      </div>
      <div className="field">
        <label htmlFor="filter-status">{t('tickets.status')}</label>
        <select id="filter-status" value={filters.status ?? ''} onChange={set('status')}>
          <option value="">{t('lists.notClosed')}</option>
          <option value="all">{t('lists.allStatuses')}</option>
          <option value="new,open">{t('tickets.openAll')}</option>
          {/* A filter from the URL or a queue that the list does not offer (e.g. "new,open,pending"): shown, not "All". */}
          {filters.status && !statusOptions.includes(filters.status) && <option value={filters.status}>{statusLabel(filters.status)}</option>}
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-priority">{t('tickets.priority')}</label>
        <select id="filter-priority" value={filters.priority ?? ''} onChange={set('priority')}>
          <option value="">{t('tickets.any')}</option>
          {filters.priority && !(TICKET_PRIORITIES as readonly string[]).includes(filters.priority) && (
            <option value={filters.priority}>
              {filters.priority
                .split(',')
                .map((p) => ((TICKET_PRIORITIES as readonly string[]).includes(p) ? t(`priority.${p}`) : p))
                .join(', ')}
            </option>
          )}
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-assignee">{t('tickets.assignee')}</label>
        <select id="filter-assignee" value={filters.assignee ?? ''} onChange={set('assignee')}>
          <option value="">{t('tickets.any')}</option>
          <option value="me">{t('tickets.assignedToMe')}</option>
          <option value="none">{t('tickets.unassigned')}</option>
          {filters.assignee && filters.assignee !== 'me' && filters.assignee !== 'none' && <option value={filters.assignee}>{agentName(filters.assignee)}</option>}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-group">{t('tickets.group')}</label>
        <select id="filter-group" value={filters.group ?? ''} onChange={set('group')}>
          <option value="">{t('tickets.any')}</option>
          {filters.group && !groupIds.includes(filters.group) && <option value={filters.group}>#{filters.group}</option>}
          {groups.data?.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-sort">{t('tickets.sort')}</label>
        <select id="filter-sort" value={filters.sort ?? '-updated'} onChange={set('sort')}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

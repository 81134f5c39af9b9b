import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../../components/states.tsx';
import { isTyping } from '../../../lib/keyboard.ts';
import type { SessionUser } from '../../../../shared/contracts/auth.ts';
import { TICKET_SORTS } from '../../../../shared/contracts/tickets.ts';
import { ticketListOptions, useSaveView, type TicketFilters } from '../api/tickets.ts';
import { BulkBar } from '../components/bulk-bar.tsx';
import { TicketFiltersBar } from '../components/ticket-filters.tsx';
import { TicketTable } from '../components/ticket-table.tsx';

const FILTER_KEYS = ['status', 'priority', 'assignee', 'group', 'category', 'tag', 'q', 'updatedFrom', 'sort', 'followed', 'sla'] as const;

export default function TicketList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useQueryClient().getQueryData<SessionUser>(['session']);
  const filters = useMemo(() => {
    const f: TicketFilters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) f[key] = value;
    }
    if (!f.sort) f.sort = f.q ? 'relevance' : '-updated';
    return f;
  }, [params]);
  const setFilters = useCallback(
    (next: TicketFilters) => {
      const p = new URLSearchParams();
      for (const key of FILTER_KEYS) if (next[key]) p.set(key, next[key]);
      setParams(p, { replace: true });
    },
    [setParams],
  );

  const list = useInfiniteQuery({ ...ticketListOptions(filters), placeholderData: (previous) => previous });
  const tickets = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());

  useEffect(() => setActive((a) => Math.min(a, Math.max(0, tickets.length - 1))), [tickets.length]);

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !isTyping(event)) {
        event.preventDefault();
        document.getElementById('ticket-search')?.focus();
        return;
      }
      if (isTyping(event) || tickets.length === 0) return;
      if (event.key === 'j') setActive((a) => Math.min(a + 1, tickets.length - 1));
      else if (event.key === 'k') setActive((a) => Math.max(a - 1, 0));
      else if (event.key === 'x') toggle(tickets[active]!.id);
      else if (event.key === 'Enter' && (event.target as HTMLElement).tagName !== 'A' && (event.target as HTMLElement).tagName !== 'BUTTON') {
        void navigate(`/agent/tickets/${tickets[active]!.id}`);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets, active, navigate]);

  useEffect(() => {
    document.querySelector('.ticket-table tr.active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>{t('tickets.title')}</h1>
        {list.isFetching && !list.isFetchingNextPage && (
          <span className="muted" role="status">
            {t('common.updating')}
          </span>
        )}
        <SaveView filters={filters} />
        <Link to="/agent/tickets/new" className="btn btn-primary">
          {t('pendingCaller.newTicket')}
        </Link>
      </div>
      <TicketFiltersBar filters={filters} onChange={setFilters} />
      {selected.size > 0 && me && <BulkBar ids={[...selected]} meId={me.id} onDone={() => setSelected(new Set())} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : tickets.length === 0 ? (
        <Empty title={t('tickets.emptyTitle')} hint={filters.q ? t('tickets.emptySearchHint') : t('tickets.emptyHint')} />
      ) : (
        <>
          <div className="table-wrap">
            <TicketTable
              tickets={tickets}
              activeIndex={active}
              selected={selected}
              onToggle={toggle}
              onToggleAll={() => setSelected((s) => (tickets.every((x) => s.has(x.id)) ? new Set() : new Set(tickets.map((x) => x.id))))}
              onActivate={setActive}
            />
          </div>
          <div className="list-foot">
            <span className="muted">{t('tickets.shown', { count: tickets.length })}</span>
            {list.hasNextPage && (
              <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? t('common.loading') : t('tickets.loadMore')}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

function SaveView({ filters }: { filters: TicketFilters }) {
  const { t } = useTranslation();
  const save = useSaveView();
  const [name, setName] = useState('');
  const { sort, ...rest } = filters;
  const onlyFilters = Object.fromEntries(Object.entries(rest).filter(([, v]) => Boolean(v))) as Record<string, string>;
  return (
    <details className="save-view">
      <summary>{t('tickets.saveView')}</summary>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ name, filters: onlyFilters, sort: TICKET_SORTS.find((s) => s === sort) ?? null }, { onSuccess: () => setName('') });
        }}
      >
        <label htmlFor="view-name" className="visually-hidden">
          {t('tickets.viewName')}
        </label>
        <input id="view-name" required value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tickets.viewName')} />
        <button type="submit" className="btn btn-small" disabled={save.isPending || !name.trim()}>
          {t('common.save')}
        </button>
      </form>
      {save.isSuccess && (
        <span className="muted small" role="status">
          {t('common.saved')}
        </span>
      )}
      {save.isError && (
        <span className="field-error" role="alert">
          {save.error.message}
        </span>
      )}
    </details>
  );
}

import { infiniteQueryOptions, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import type { HistoryEvent, Message, Page, Ticket } from '../../../lib/types.ts';

export interface TicketFilters {
  status?: string;
  priority?: string;
  assignee?: string;
  group?: string;
  category?: string;
  tag?: string;
  q?: string;
  sort?: string;
}

export const PAGE_SIZE = 50;

export function ticketListOptions(filters: TicketFilters) {
  return infiniteQueryOptions({
    queryKey: ['tickets', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Ticket>>(withQuery('/tickets', { ...filters, limit: PAGE_SIZE, cursor: pageParam }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function ticketOptions(id: number) {
  return queryOptions({ queryKey: ['ticket', id], queryFn: ({ signal }) => api<Ticket>(`/tickets/${id}`, { signal }) });
}

export function messagesOptions(id: number) {
  return queryOptions({
    queryKey: ['ticket', id, 'messages'],
    queryFn: ({ signal }) => api<{ items: Message[] }>(`/tickets/${id}/messages`, { signal }).then((r) => r.items),
  });
}

export function historyOptions(id: number) {
  return queryOptions({
    queryKey: ['ticket', id, 'history'],
    queryFn: ({ signal }) => api<{ items: HistoryEvent[] }>(`/tickets/${id}/history`, { signal }).then((r) => r.items),
  });
}

/** Counts per queue (GET /tickets/counts); falls back to counting the first page of each queue. */
export function useQueueCount(filters: TicketFilters) {
  return useQuery({
    queryKey: ['tickets', 'count', filters],
    queryFn: ({ signal }) => api<Page<Ticket>>(withQuery('/tickets', { ...filters, limit: 100 }), { signal }),
    select: (page) => ({ count: page.items.length, more: page.nextCursor !== null }),
  });
}

export type TicketChanges = Partial<{
  status: string;
  priority: string;
  assigneeId: number | null;
  groupId: number;
  categoryId: number | null;
  tags: string[];
}>;

export function useUpdateTicket(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TicketChanges & { version: number }) => api<Ticket>(`/tickets/${id}`, { method: 'PATCH', body: input }),
    onSuccess: (ticket) => {
      client.setQueryData(['ticket', id], ticket);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', id, 'history'] });
    },
    // A stale version means someone else changed it: show the current state.
    onError: () => void client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export function useBulkUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: number[]; changes: TicketChanges }) => api<unknown>('/tickets/bulk', { method: 'POST', body: input }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useMergeTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; targetId: number }) => api<unknown>(`/tickets/${input.id}/merge`, { method: 'POST', body: { targetId: input.targetId } }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useAddMessage(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; internal: boolean; status?: string; attachmentIds?: number[] }) =>
      api<Message>(`/tickets/${id}/messages`, { method: 'POST', body: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ticket', id] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

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
  updatedFrom?: string;
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

export interface QueueCounts {
  mine: number;
  unassigned: number;
  open: number;
  pending: number;
  recentlyUpdated: number;
}

export function useQueueCounts() {
  return useQuery({ queryKey: ['tickets', 'counts'], queryFn: ({ signal }) => api<QueueCounts>('/tickets/counts', { signal }) });
}

export interface SavedView {
  id: number;
  name: string;
  filters: Record<string, string>;
  sort: string | null;
}

export function useSavedViews() {
  return useQuery({ queryKey: ['views'], queryFn: () => api<{ items: SavedView[] }>('/me/views').then((r) => r.items) });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filters: Record<string, string>; sort?: string | null }) => api<SavedView>('/me/views', { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['views'] }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/me/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['views'] }),
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

export type BulkChanges = Partial<{
  status: string;
  priority: string;
  assigneeId: number | null;
  groupId: number;
  addTags: string[];
  removeTags: string[];
}>;

export interface BulkResult {
  id: number;
  ok: boolean;
  error?: { code: string; message: string };
}

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
    mutationFn: (input: { ids: number[]; changes: BulkChanges }) =>
      api<{ results: BulkResult[] }>('/tickets/bulk', { method: 'POST', body: input }).then((r) => r.results),
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

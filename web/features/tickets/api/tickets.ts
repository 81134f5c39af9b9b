import { infiniteQueryOptions, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent, apiUnchecked, withQuery } from '../../../lib/api-client.ts';
import { messageListSchema, messageSchema, type CreateMessageInput } from '../../../../shared/contracts/messages.ts';
import { agentTicketCountsSchema, bulkResultSchema, mergeResultSchema, type BulkChangesInput } from '../../../../shared/contracts/ticket-actions.ts';
import { historyListSchema, ticketSchema, type ListTicketsQuery, type ticketListSchema, type UpdateTicketInput } from '../../../../shared/contracts/tickets.ts';
import { viewListSchema, viewSchema, type CreateViewInput } from '../../../../shared/contracts/views.ts';

export type { AgentTicketCounts as QueueCounts, BulkResult } from '../../../../shared/contracts/ticket-actions.ts';
export type { ViewDto as SavedView } from '../../../../shared/contracts/views.ts';

/** The GET /tickets filters the list screen keeps in its URL (as text, the way the query string carries them). */
export type TicketFilters = Partial<
  Record<keyof Pick<ListTicketsQuery, 'status' | 'priority' | 'assignee' | 'group' | 'category' | 'tag' | 'q' | 'updatedFrom' | 'sort' | 'followed' | 'sla'>, string>
>;

export const PAGE_SIZE = 50;

/** What the list shows without a status filter: everything but closed tickets ("all" shows those too). */
export const NOT_CLOSED = 'new,open,pending,resolved';

export function ticketListOptions(filters: TicketFilters) {
  const status = filters.status === 'all' ? undefined : (filters.status ?? NOT_CLOSED);
  return infiniteQueryOptions({
    queryKey: ['tickets', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      // A page of 50 tickets: not checked at runtime, typed by the contract.
      apiUnchecked<typeof ticketListSchema>(withQuery('/tickets', { ...filters, status, limit: PAGE_SIZE, cursor: pageParam }), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function ticketOptions(id: number) {
  return queryOptions({ queryKey: ['ticket', id], queryFn: ({ signal }) => api(`/tickets/${id}`, { signal, schema: ticketSchema }) });
}

export function messagesOptions(id: number) {
  return queryOptions({
    queryKey: ['ticket', id, 'messages'],
    queryFn: ({ signal }) => api(`/tickets/${id}/messages`, { signal, schema: messageListSchema }).then((r) => r.items),
  });
}

export function historyOptions(id: number) {
  return queryOptions({
    queryKey: ['ticket', id, 'history'],
    queryFn: ({ signal }) => api(`/tickets/${id}/history`, { signal, schema: historyListSchema }).then((r) => r.items),
  });
}

export function useQueueCounts() {
  return useQuery({ queryKey: ['tickets', 'counts'], queryFn: ({ signal }) => api('/tickets/counts', { signal, schema: agentTicketCountsSchema }) });
}

export function useSavedViews() {
  return useQuery({ queryKey: ['views'], queryFn: () => api('/me/views', { schema: viewListSchema }).then((r) => r.items) });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateViewInput) => api('/me/views', { method: 'POST', body: input, schema: viewSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['views'] }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/me/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['views'] }),
  });
}

/** What the side panel changes on one ticket (PATCH /tickets/:id without the version). */
export type TicketChanges = Omit<UpdateTicketInput, 'version'>;

export type BulkChanges = BulkChangesInput;

export function useUpdateTicket(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateTicketInput) => api(`/tickets/${id}`, { method: 'PATCH', body: input, schema: ticketSchema }),
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
    mutationFn: (input: { ids: number[]; changes: BulkChanges }) => api('/tickets/bulk', { method: 'POST', body: input, schema: bulkResultSchema }).then((r) => r.results),
    onSettled: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useMergeTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; targetId: number }) => api(`/tickets/${input.id}/merge`, { method: 'POST', body: { targetId: input.targetId }, schema: mergeResultSchema }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useAddMessage(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMessageInput) => api(`/tickets/${id}/messages`, { method: 'POST', body: input, schema: messageSchema }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ticket', id] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUnchecked, withQuery } from '../../../lib/api-client.ts';
import { messageListSchema, messageSchema, type CreateMessageInput } from '../../../../shared/contracts/messages.ts';
import { satisfactionResponse, type RateTicketInput } from '../../../../shared/contracts/satisfaction.ts';
import { ticketItemsSchema } from '../../../../shared/contracts/ticket-actions.ts';
import { type CreateTicketInput, type ticketListSchema, ticketSchema } from '../../../../shared/contracts/tickets.ts';

/**
 * The requester's side: their requests, the public conversation, closing, reopening and rating.
 * Without `closed` the requests still in play (not closed); with it, only the closed ones (asked for on demand).
 */
export function useMyRequests(closed = false, enabled = true) {
  return useQuery({
    queryKey: ['tickets', 'portal', 'mine', closed ? 'closed' : 'current'],
    queryFn: ({ signal }) =>
      // Up to 100 tickets: not checked at runtime, typed by the contract.
      apiUnchecked<typeof ticketListSchema>(withQuery('/tickets', { sort: '-updated', limit: 100, status: closed ? 'closed' : 'new,open,pending,resolved' }), { signal }),
    enabled,
  });
}

export function requestOptions(id: number) {
  return queryOptions({ queryKey: ['ticket', id], queryFn: ({ signal }) => api(`/tickets/${id}`, { signal, schema: ticketSchema }) });
}

export function useRequestMessages(id: number) {
  return useQuery({
    queryKey: ['ticket', id, 'messages'],
    queryFn: ({ signal }) => api(`/tickets/${id}/messages`, { signal, schema: messageListSchema }).then((r) => r.items),
  });
}

export function useSimilarRequests(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['tickets', 'similar', text],
    queryFn: ({ signal }) => api(withQuery('/tickets/similar', { q: text, limit: 5 }), { signal, schema: ticketItemsSchema }).then((r) => r.items),
    enabled: text.length >= 3,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useCreateRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTicketInput) => api('/tickets', { method: 'POST', body: input, schema: ticketSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useReply(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMessageInput) => api(`/tickets/${id}/messages`, { method: 'POST', body: input, schema: messageSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export function useSetRequestStatus(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { status: 'open' | 'closed'; version: number }) => api(`/tickets/${id}`, { method: 'PATCH', body: input, schema: ticketSchema }),
    onSuccess: (ticket) => {
      client.setQueryData(['ticket', id], ticket);
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: () => void client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export function useSatisfaction(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['ticket', id, 'satisfaction'],
    queryFn: () => api(`/tickets/${id}/satisfaction`, { schema: satisfactionResponse }).then((r) => r.satisfaction),
    enabled,
  });
}

export function useRate(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RateTicketInput) => api(`/tickets/${id}/satisfaction`, { method: 'POST', body: input, schema: satisfactionResponse }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ticket', id, 'satisfaction'] }),
  });
}

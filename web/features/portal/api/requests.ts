import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import type { Message, Page, Ticket } from '../../../lib/types.ts';

/** The requester's side: their requests, the public conversation, closing, reopening and rating. */
export function useMyRequests() {
  return useQuery({
    queryKey: ['tickets', 'portal', 'mine'],
    queryFn: ({ signal }) => api<Page<Ticket>>(withQuery('/tickets', { sort: '-updated', limit: 100 }), { signal }),
  });
}

export function requestOptions(id: number) {
  return queryOptions({ queryKey: ['ticket', id], queryFn: ({ signal }) => api<Ticket>(`/tickets/${id}`, { signal }) });
}

export function useRequestMessages(id: number) {
  return useQuery({
    queryKey: ['ticket', id, 'messages'],
    queryFn: ({ signal }) => api<{ items: Message[] }>(`/tickets/${id}/messages`, { signal }).then((r) => r.items),
  });
}

export function useSimilarRequests(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['tickets', 'similar', text],
    queryFn: ({ signal }) => api<{ items: Ticket[] }>(withQuery('/tickets/similar', { q: text, limit: 5 }), { signal }).then((r) => r.items),
    enabled: text.length >= 3,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useCreateRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { subject: string; body: string; categoryId?: number | null }) => api<Ticket>('/tickets', { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export function useReply(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; attachmentIds?: number[] }) => api<Message>(`/tickets/${id}/messages`, { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export function useSetRequestStatus(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { status: 'open' | 'closed'; version: number }) => api<Ticket>(`/tickets/${id}`, { method: 'PATCH', body: input }),
    onSuccess: (ticket) => {
      client.setQueryData(['ticket', id], ticket);
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: () => void client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export interface Satisfaction {
  rating: number;
  comment: string;
  createdAt: string;
}

export function useSatisfaction(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['ticket', id, 'satisfaction'],
    queryFn: () => api<{ satisfaction: Satisfaction | null }>(`/tickets/${id}/satisfaction`).then((r) => r.satisfaction),
    enabled,
  });
}

export function useRate(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { rating: number; comment?: string }) => api<unknown>(`/tickets/${id}/satisfaction`, { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ticket', id, 'satisfaction'] }),
  });
}

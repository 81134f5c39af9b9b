import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent, withQuery } from './api-client.ts';
import { ticketArticleLinkListSchema } from '../../shared/contracts/kb-insights.ts';
import { articleListSchema, articleSchema, createdSchema, type FeedbackInput, kbCategoryListSchema, type KbEventInput } from '../../shared/contracts/knowledge.ts';

/**
 * The knowledge base as the help center, the portal and the agent's composer read it (one
 * place, as all three features use it). Only what the caller may read comes back.
 */
export function useArticleSuggestions(q: string, limit = 3) {
  const text = q.trim();
  return useQuery({
    queryKey: ['kb', 'suggestions', text, limit],
    queryFn: ({ signal }) => api(withQuery('/kb/suggestions', { q: text, limit }), { signal, schema: articleListSchema }).then((r) => r.items),
    enabled: text.length >= 3,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useArticles(query: { q?: string; categoryId?: number | undefined; sort?: 'recent' | 'views'; limit?: number; status?: 'published'; tag?: string }) {
  return useQuery({
    queryKey: ['kb', 'articles', query],
    queryFn: ({ signal }) => api(withQuery('/kb/articles', { ...query, withBody: query.q ? undefined : false }), { signal, schema: articleListSchema }).then((r) => r.items),
    placeholderData: (previous) => previous,
  });
}

export function useArticle(slug: string) {
  return useQuery({
    queryKey: ['kb', 'article', slug],
    queryFn: ({ signal }) => api(/^\d+$/.test(slug) ? `/kb/articles/${slug}` : `/kb/articles/by-slug/${encodeURIComponent(slug)}`, { signal, schema: articleSchema }),
    retry: false,
  });
}

export function useKbCategories() {
  return useQuery({ queryKey: ['kb', 'categories'], queryFn: ({ signal }) => api('/kb/categories', { signal, schema: kbCategoryListSchema }).then((r) => r.items) });
}

export function useArticleFeedback(id: number) {
  return useMutation({ mutationFn: (input: FeedbackInput) => api(`/kb/articles/${id}/feedback`, { method: 'POST', body: input, schema: createdSchema }) });
}

/** Suggestions shown, clicked, and requests deflected ("this solved my problem"). */
export function recordKbEvent(input: KbEventInput): Promise<unknown> {
  return api('/kb/events', { method: 'POST', body: input, schema: createdSchema }).catch(() => undefined);
}

/** The articles that solved a ticket (the ticket view and the composer link them). */
export function useTicketArticleLinks(ticketId: number) {
  return useQuery({
    queryKey: ['kb', 'ticket-links', ticketId],
    queryFn: ({ signal }) => api(`/tickets/${ticketId}/kb-links`, { signal, schema: ticketArticleLinkListSchema }).then((r) => r.items),
  });
}

export function useLinkArticle(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (articleId: number) => api(`/tickets/${ticketId}/kb-links`, { method: 'POST', body: { articleId }, schema: createdSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['kb', 'ticket-links', ticketId] }),
  });
}

export function useUnlinkArticle(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (articleId: number) => apiNoContent(`/tickets/${ticketId}/kb-links/${articleId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['kb', 'ticket-links', ticketId] }),
  });
}

/** The known solutions and workarounds of a category. */
export function useKnownSolutions(categoryId: number | null) {
  return useQuery({
    queryKey: ['kb', 'known-solutions', categoryId],
    queryFn: ({ signal }) => api(withQuery('/kb/known-solutions', { categoryId }), { signal, schema: articleListSchema }).then((r) => r.items),
    enabled: categoryId !== null,
    staleTime: 60_000,
  });
}

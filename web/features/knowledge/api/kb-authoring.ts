import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { organisationListSchema } from '../../../../shared/contracts/organisations.ts';
import { articleDraftSchema, articleFeedbackSchema, deflectionReportSchema, reviewListSchema } from '../../../../shared/contracts/kb-insights.ts';
import { articleListSchema, articleSchema, articleVersionListSchema, createdSchema, type CreateArticleInput, type UpdateArticleInput } from '../../../../shared/contracts/knowledge.ts';

/** What agents and admins use to write articles: every state, versions, restore. */
export function useAuthorArticles(query: { q?: string; status?: 'draft' | 'published' | 'archived' | undefined; locale?: 'de' | 'en' | undefined }) {
  return useQuery({
    queryKey: ['kb', 'author', 'articles', query],
    queryFn: ({ signal }) => api(withQuery('/kb/articles', { ...query, withBody: false, limit: 100 }), { signal, schema: articleListSchema }).then((r) => r.items),
    placeholderData: (previous) => previous,
  });
}

export function useAuthorArticle(id: number | null) {
  return useQuery({
    queryKey: ['kb', 'author', 'article', id],
    queryFn: ({ signal }) => api(`/kb/articles/${id}`, { signal, schema: articleSchema }),
    enabled: id !== null,
  });
}

export function useArticleVersions(id: number | null) {
  return useQuery({
    queryKey: ['kb', 'author', 'versions', id],
    queryFn: ({ signal }) => api(`/kb/articles/${id}/versions`, { signal, schema: articleVersionListSchema }).then((r) => r.items),
    enabled: id !== null,
  });
}

function useInvalidateKb() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: ['kb'] });
}

export function useCreateArticle() {
  const invalidate = useInvalidateKb();
  return useMutation({ mutationFn: (input: CreateArticleInput) => api('/kb/articles', { method: 'POST', body: input, schema: articleSchema }), onSuccess: invalidate });
}

export function useUpdateArticle(id: number) {
  const invalidate = useInvalidateKb();
  return useMutation({ mutationFn: (input: UpdateArticleInput) => api(`/kb/articles/${id}`, { method: 'PATCH', body: input, schema: articleSchema }), onSuccess: invalidate });
}

export function useRestoreVersion(id: number) {
  const invalidate = useInvalidateKb();
  return useMutation({
    mutationFn: (input: { version: number; current: number }) =>
      api(`/kb/articles/${id}/versions/${input.version}/restore`, { method: 'POST', body: { version: input.current }, schema: articleSchema }),
    onSuccess: invalidate,
  });
}

/** Organisations an article can be restricted to (the first 100). */
export function useOrganisationChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['kb', 'organisations'],
    queryFn: () => api(withQuery('/organisations', { limit: 100 }), { schema: organisationListSchema }).then((r) => r.items),
    staleTime: 60_000,
    enabled,
  });
}

/** A new article prefilled from a ticket ("create article from this ticket"). */
export function useArticleDraftFromTicket(ticketId: number | null) {
  return useQuery({
    queryKey: ['kb', 'author', 'draft', ticketId],
    queryFn: ({ signal }) => api(`/tickets/${ticketId}/kb-draft`, { signal, schema: articleDraftSchema }),
    enabled: ticketId !== null,
    staleTime: Infinity,
  });
}

export function linkArticleToTicket(ticketId: number, articleId: number) {
  return api(`/tickets/${ticketId}/kb-links`, { method: 'POST', body: { articleId }, schema: createdSchema });
}

export function useArticleFeedbackSummary(id: number) {
  return useQuery({ queryKey: ['kb', 'author', 'feedback', id], queryFn: ({ signal }) => api(`/kb/articles/${id}/feedback`, { signal, schema: articleFeedbackSchema }) });
}

export function useReviewList(query: { minVotes: number; maxHelpfulShare: number; staleMonths: number }) {
  return useQuery({
    queryKey: ['kb', 'author', 'review', query],
    queryFn: ({ signal }) => api(withQuery('/kb/review', query), { signal, schema: reviewListSchema }).then((r) => r.items),
    placeholderData: (previous) => previous,
  });
}

export function useDeflectionReport(from: string, to: string) {
  return useQuery({
    queryKey: ['kb', 'author', 'deflection', from, to],
    queryFn: ({ signal }) => api(withQuery('/kb/reports/deflection', { from, to }), { signal, schema: deflectionReportSchema }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to,
    placeholderData: (previous) => previous,
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, withQuery } from '../../../lib/api-client.ts';
import { articleSchema } from '../../../../shared/contracts/knowledge.ts';
import {
  type CreateProblemInput,
  problemHistorySchema,
  problemListSchema,
  problemSchema,
  type ProblemStatus,
  ticketProblemSchema,
  type UpdateProblemInput,
} from '../../../../shared/contracts/problems.ts';

export type { ProblemDto as Problem, ProblemSummaryDto as ProblemSummary, ProblemStatus, KnownSolutionDto as KnownSolution } from '../../../../shared/contracts/problems.ts';
export { PROBLEM_STATUSES } from '../../../../shared/contracts/problems.ts';

/** The agents' list of problems: newest first, by status and words of the title. */
export function useProblems(query: { status?: ProblemStatus | undefined; q?: string; limit?: number }) {
  return useQuery({
    queryKey: ['problems', 'list', query],
    queryFn: ({ signal }) => api(withQuery('/problems', query), { signal, schema: problemListSchema }),
    placeholderData: (previous) => previous,
  });
}

export function useProblem(id: number) {
  return useQuery({ queryKey: ['problems', 'one', id], queryFn: ({ signal }) => api(`/problems/${id}`, { signal, schema: problemSchema }) });
}

/** What happened to a problem (its events). */
export function useProblemHistory(id: number, version: number) {
  return useQuery({ queryKey: ['problems', 'history', id, version], queryFn: ({ signal }) => api(`/problems/${id}/history`, { signal, schema: problemHistorySchema }).then((r) => r.items) });
}

/** The problem a ticket belongs to (the ticket view's panel). */
export function useTicketProblem(ticketId: number) {
  return useQuery({ queryKey: ['problems', 'ticket', ticketId], queryFn: ({ signal }) => api(`/tickets/${ticketId}/problem`, { signal, schema: ticketProblemSchema }).then((r) => r.problem) });
}

function useProblemWrite<Input>(send: (input: Input) => Promise<{ id: number }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (problem) => {
      client.setQueryData(['problems', 'one', problem.id], problem);
      void client.invalidateQueries({ queryKey: ['problems'] });
      // The tickets' history shows the link.
      void client.invalidateQueries({ queryKey: ['ticket'] });
    },
    // A stale version: show the current state (the error stays beside it).
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'stale_version') void client.invalidateQueries({ queryKey: ['problems'] });
    },
  });
}

export function useCreateProblem() {
  return useProblemWrite((input: CreateProblemInput) => api('/problems', { method: 'POST', body: input, schema: problemSchema }));
}

export function useUpdateProblem(id: number) {
  return useProblemWrite((input: UpdateProblemInput) => api(`/problems/${id}`, { method: 'PATCH', body: input, schema: problemSchema }));
}

export function useLinkTickets(id: number) {
  return useProblemWrite((ticketIds: number[]) => api(`/problems/${id}/tickets`, { method: 'POST', body: { ticketIds }, schema: problemSchema }));
}

export function useUnlinkTicket(id: number) {
  return useProblemWrite((ticketId: number) => api(`/problems/${id}/tickets/${ticketId}`, { method: 'DELETE', schema: problemSchema }));
}

/**
 * Marks an article as the problem's known solution or workaround, or removes the mark (kind
 * null): the article's own change (PATCH at its current version), so its history keeps it.
 */
export function useMarkKnownSolution(problemId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ articleId, kind }: { articleId: number; kind: 'solution' | 'workaround' | null }) => {
      const article = await api(`/kb/articles/${articleId}`, { schema: articleSchema });
      return api(`/kb/articles/${articleId}`, {
        method: 'PATCH',
        body: kind
          ? { version: article.version, solutionKind: kind, solutionProblemId: problemId }
          : { version: article.version, solutionProblemId: null, ...(article.solutionCategoryId ? {} : { solutionKind: null }) },
        schema: articleSchema,
      });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['problems'] });
      void client.invalidateQueries({ queryKey: ['kb'] });
    },
  });
}

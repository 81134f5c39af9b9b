import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { applyMacroResponse, macroListSchema, renderedTextSchema, snippetListSchema } from '../../../../shared/contracts/macros.ts';
import { requesterSatisfactionSchema, satisfactionResponse } from '../../../../shared/contracts/satisfaction.ts';

export type { MacroDto as Macro, SnippetDto as Snippet } from '../../../../shared/contracts/macros.ts';

/** The macros and snippets the agent may use (their own, shared, their groups'); filtered in the picker. */
export function useMacros(enabled = true) {
  return useQuery({ queryKey: ['macros'], queryFn: () => api('/macros', { schema: macroListSchema }).then((r) => r.items), enabled });
}

export function useSnippets(enabled = true) {
  return useQuery({ queryKey: ['snippets'], queryFn: () => api('/snippets', { schema: snippetListSchema }).then((r) => r.items), enabled });
}

/** A snippet filled in for this ticket, in its requester's language. */
export function renderSnippet(snippetId: number, ticketId: number) {
  return api(withQuery(`/snippets/${snippetId}/render`, { ticketId }), { schema: renderedTextSchema });
}

/** Applies a macro at the version the agent sees; the changed ticket replaces the cached one. */
export function useApplyMacro(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { macroId: number; version: number }) => api(`/tickets/${ticketId}/apply-macro`, { method: 'POST', body: input, schema: applyMacroResponse }),
    onSuccess: (result) => {
      client.setQueryData(['ticket', ticketId], result.ticket);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', ticketId, 'history'] });
    },
    // Stale: someone changed the ticket; show the current state.
    onError: () => void client.invalidateQueries({ queryKey: ['ticket', ticketId] }),
  });
}

export function useTicketSatisfaction(ticketId: number) {
  return useQuery({ queryKey: ['ticket', ticketId, 'satisfaction'], queryFn: () => api(`/tickets/${ticketId}/satisfaction`, { schema: satisfactionResponse }).then((r) => r.satisfaction) });
}

export function useRequesterSatisfaction(userId: number) {
  return useQuery({ queryKey: ['users', userId, 'satisfaction'], queryFn: () => api(`/users/${userId}/satisfaction`, { schema: requesterSatisfactionSchema }) });
}
